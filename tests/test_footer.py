"""The footer: the keys that work here, whole, in one line, and clickable."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as hs

from helpers import make_app, settle
from journal.screens.dialogs import HelpScreen
from journal.screens.strategy_note import NoteEditor
from journal.store import strategies as st
from journal.store.strategies import Option, StrategyNote
from journal.widgets.footer import GAP, FooterItem, KeyFooter, fit, joined_display

REFLECTION_KEYS = ["alt+←/→ Day", "^t Today", "^g Go to date", "^r Promote", "^q Quit",
                   "f3 Breakthroughs", "f4 Strategy", "^f Search", "^l Days", "f1 Help"]


def footer_text(app) -> str:
    return str(app.screen.query_one(KeyFooter).render())


def shown_keys(app) -> list[str]:
    return footer_text(app).split(GAP)


async def test_reflection_footer_holds_every_screen_key_at_120_columns(db):
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert shown_keys(app) == REFLECTION_KEYS
        assert len(footer_text(app)) <= 118  # inside the footer's padding: nothing cut off


async def test_narrow_terminal_keeps_whole_keys_and_help(db):
    app = make_app(db)
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(pilot)
        shown = shown_keys(app)
        assert shown[-1] == "f1 Help"
        assert 2 < len(shown) < len(REFLECTION_KEYS)
        assert all(key in REFLECTION_KEYS for key in shown)  # no key cut in half
        assert len(footer_text(app)) <= 58


async def test_footer_changes_with_the_screen_and_with_focus(db):
    note = st.save_note(db, StrategyNote(question="Enter the Nordic market?"))
    st.save_option(db, Option(note_id=note.id, title="Partner with a distributor", kind="incremental"))
    app = make_app(db)
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert "n New" in shown_keys(app) and "^r Promote" not in shown_keys(app)
        app.push_screen(NoteEditor(st.get(db, note.id)))
        await settle(pilot)
        app.screen.query_one("#sn-question").focus()
        await settle(pilot)
        assert "e Edit option" not in shown_keys(app)
        app.screen.query_one("#sn-options").focus()
        await settle(pilot)
        assert "e Edit option" in shown_keys(app)


async def test_clicking_a_key_in_the_footer_presses_it(db):
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        column = footer_text(app).index("f1 Help") + footer.styles.padding.left
        assert await pilot.click(KeyFooter, offset=(column + 3, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


def test_keys_of_a_group_share_their_modifier():
    assert joined_display("alt+←", "alt+→") == "/→"
    assert joined_display("f2", "f3") == "/f3"


ITEMS = hs.lists(
    hs.builds(FooterItem, hs.tuples(hs.tuples(hs.just("k"), hs.text("abc^+", min_size=1, max_size=6))),
              hs.text("xyz ", max_size=14), hs.sampled_from(["help", "other", "more"])),
    max_size=14,
)


@given(ITEMS, hs.integers(min_value=0, max_value=160))
def test_fit_keeps_whole_items_in_order_within_the_width(items, width):
    chosen = fit(items, width)
    line = GAP.join(item.display + (" " + item.description if item.description else "") for item in chosen)
    assert len(line) <= width
    others = [item for item in chosen if item.action != "help"]
    assert others == [item for item in items if item.action != "help"][: len(others)]  # dropped from the end
    if len(GAP.join(f"{i.display} {i.description}" if i.description else i.display for i in items)) <= width:
        assert chosen == items
    first_help = next((item for item in items if item.action == "help"), None)
    if first_help is not None and first_help.width <= width and sum(1 for i in items if i.action == "help") == 1:
        assert first_help in chosen


async def test_the_screen_you_are_on_gives_its_key_to_another(db):
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        keys = shown_keys(app)
        assert "f3 Breakthroughs" not in keys and "f4 Strategy" in keys
        await pilot.press("f4")
        await settle(pilot)
        assert "f4 Strategy" not in shown_keys(app) and "f3 Breakthroughs" in shown_keys(app)

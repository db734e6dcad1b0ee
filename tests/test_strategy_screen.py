"""The strategy flow as a user drives it: new note, options, nudge, decide, review later."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList, TextArea

from helpers import SIZE, make_app, settle, type_text, wait_until
from journal.app import JournalApp
from journal.screens.dialogs import ConfirmDialog, SaveMarkdownDialog
from journal.screens.strategy import StrategyScreen
from journal.screens.strategy_dialogs import DecisionDialog, OptionDialog, ReviewDialog
from journal.screens.strategy_note import NoteEditor
from journal.store import strategies as st
from journal.store.strategies import Filter, Option, StrategyNote
from journal.widgets.markdown_preview import MarkdownPreview

DECISION_DAY = date(2026, 3, 14)


def text_of(app, selector) -> str:
    return str(app.screen.query_one(selector).render())


async def add_option(pilot, title: str, benefit: str, breakthrough: bool = False) -> None:
    await pilot.press("ctrl+n")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, OptionDialog)
    await type_text(pilot, title)
    if breakthrough:
        dialog.query_one("#op-breakthrough").value = True
    dialog.query_one("#op-benefit", Input).value = benefit
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_whole_flow_new_note_nudge_decide_and_review_later(db):
    app = make_app(db, today=DECISION_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, StrategyScreen)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await type_text(pilot, "How do we grow revenue 20%?")
        await add_option(pilot, "Raise prices 5%", "+5% revenue")
        await add_option(pilot, "Open a second region", "+8% revenue")
        assert editor.query_one("#nudge").display
        assert "No breakthrough option yet" in text_of(app, "#nudge-text")
        first_prompt = text_of(app, "#nudge-text")
        await pilot.press("ctrl+t")
        assert text_of(app, "#nudge-text") != first_prompt  # the prompts rotate
        await add_option(pilot, "Sell outcomes, not seats", "+25% revenue", breakthrough=True)
        assert not editor.query_one("#nudge").display
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        await pilot.press("down", "down")  # the breakthrough option
        dialog.query_one("#dc-why", TextArea).load_text("Creates a market instead of sharing one.")
        dialog.query_one("#dc-review", Input).value = "in 3 months"
        await settle(pilot)
        assert "Sunday 14 June 2026" in text_of(app, "#dc-review-note")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Decided 14 March 2026: Sell outcomes, not seats (breakthrough)." in text_of(app, "#sn-decision")
        assert "Review on 14 June 2026." in text_of(app, "#sn-decision")
        await pilot.press("ctrl+s")  # save and close the note
        await settle(pilot)
        assert isinstance(app.screen, StrategyScreen)
        assert "No reviews due." in text_of(app, "#st-due-label")

    note = st.list_notes(db, Filter(), DECISION_DAY)[0]
    assert (note.status, note.incremental, note.breakthrough, note.review_on) == ("decided", 2, 1, date(2026, 6, 14))

    # Three months later: the review is due, counted in the header, listed on the screen.
    later = make_app(db, today=date(2026, 6, 15))
    async with later.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "1 strategy review due" in later.sub_title
        await pilot.press("f4")
        await settle(pilot)
        assert "Reviews due (1)" in text_of(later, "#st-due-label")
        due = later.screen.query_one("#st-due", OptionList)
        due.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "due now" in text_of(later, "#sn-decision")
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = later.screen
        assert isinstance(dialog, ReviewDialog)
        assert "+25% revenue" in text_of(later, "#rv-predicted")
        await type_text(pilot, "+14% revenue")
        dialog.query_one("#rv-met-partly").value = True
        dialog.query_one("#rv-lesson", TextArea).load_text("Half the customers still buy seats.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "+25% revenue" in text_of(later, "#sn-predicted")
        assert "+14% revenue" in text_of(later, "#sn-realized") and "partly met" in text_of(later, "#sn-realized")
        await pilot.press("escape")
        await settle(pilot)
        assert "No reviews due." in text_of(later, "#st-due-label")
        assert "strategy review" not in later.sub_title
        assert "1 decisions · 1 took a breakthrough option (100%) · 1 reviewed" in text_of(later, "#st-summary")
        assert "- ✓ **Sell outcomes, not seats** (breakthrough): predicted +25% revenue" in \
            later.screen.query_one("#st-detail", MarkdownPreview).source

    reviewed = st.get(db, note.id)
    assert (reviewed.status, reviewed.realized_benefit, reviewed.met_prediction) == ("reviewed", "+14% revenue", "partly")


def seed(db, question="Enter the Nordic market?", kinds=("incremental",)):
    note = st.save_note(db, StrategyNote(question=question, tags=("growth",)))
    for i, kind in enumerate(kinds):
        st.save_option(db, Option(note_id=note.id, title=f"{question} option {i}", kind=kind))
    return st.get(db, note.id)


async def test_status_filter_text_and_escape(db):
    a = seed(db, "Enter the Nordic market?")
    b = seed(db, "Rebuild onboarding?")
    st.decide(db, b.id, b.options[0].id, "", DECISION_DAY, date(2026, 3, 1 + 13))
    app = make_app(db, today=DECISION_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#st-list")
        assert table.row_count == 2
        await pilot.press("s")  # open
        await settle(pilot)
        assert [n.question for n in screen.notes] == [a.question]
        await pilot.press("s", "s", "s")  # decided, reviewed, due
        await settle(pilot)
        assert [n.question for n in screen.notes] == [b.question]
        assert "reviews due" in text_of(app, "#st-line")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")
        await type_text(pilot, "nordic")
        assert [n.question for n in screen.notes] == [a.question]
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 2


async def test_options_reorder_edit_and_remove_from_the_keyboard(db):
    note = seed(db, kinds=("incremental", "incremental"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NoteEditor(note))
        await settle(pilot)
        app.screen.query_one("#sn-options").focus()
        await pilot.press("down", "shift+up")
        await settle(pilot)
        assert [o.title for o in st.get(db, note.id).options] == [note.options[1].title, note.options[0].title]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, OptionDialog)
        app.screen.query_one("#op-title", Input).value = "Renamed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert st.get(db, note.id).options[0].title == "Renamed"
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert [o.title for o in st.get(db, note.id).options] == [note.options[0].title]


async def test_nudge_can_be_dismissed_for_the_note(db):
    note = seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NoteEditor(note))
        await settle(pilot)
        assert app.screen.query_one("#nudge").display
        await pilot.click("#nudge-dismiss")
        await settle(pilot)
        assert not app.screen.query_one("#nudge").display
    assert st.get(db, note.id).nudge_dismissed


async def test_note_autosaves_and_needs_a_question(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+n")  # no question yet
        await settle(pilot)
        assert not isinstance(app.screen, OptionDialog)
        assert "Write the decision or question first." in text_of(app, "#sn-question-error")
        app.screen.query_one("#sn-question").focus()
        await type_text(pilot, "Hire a COO?")
        await wait_until(pilot, lambda: [n.question for n in st.list_notes(db, Filter(), date.today())]
                         == ["Hire a COO?"])


async def test_option_dialog_asks_before_discarding_and_refuses_no_name(db):
    note = seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NoteEditor(note))
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.screen.query_one("#op-benefit", Input).value = "+3%"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Give the option a name." in text_of(app, "#op-error")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
    assert len(st.get(db, note.id).options) == 1


async def test_decision_dialog_refuses_review_before_decision(db):
    note = seed(db)
    app = make_app(db, today=DECISION_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NoteEditor(note))
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        app.screen.query_one("#dc-review", Input).value = "last friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "review date comes after the decision" in text_of(app, "#dc-error")
        app.screen.query_one("#dc-review", Input).value = "soon"
        await settle(pilot)
        assert "Can't read 'soon'" in text_of(app, "#dc-review-note")
        await pilot.press("escape")
        await settle(pilot)
    assert st.get(db, note.id).status == "open"


async def test_export_note_and_all(db, tmp_path):
    seed(db, "First?")
    seed(db, "Second?")
    app = make_app(db, today=DECISION_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, SaveMarkdownDialog)
        app.screen.query_one("#brief-path", Input).value = str(tmp_path / "all.md")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#brief-path", Input).value = str(tmp_path / "one.md")
        await pilot.press("enter")
        await settle(pilot)
    everything = (tmp_path / "all.md").read_text()
    assert everything.startswith("# Strategy notes\n\n2 notes") and "## First?" in everything
    assert (tmp_path / "one.md").read_text().startswith("# Second?")  # the highlighted (newest) note
    assert "| | Option | Kind | Predicted benefit | Cost | Risk | Realized benefit |" in (tmp_path / "one.md").read_text()


async def test_due_count_in_header_on_startup(db):
    note = seed(db)
    st.decide(db, note.id, note.options[0].id, "", date(2026, 1, 1), date(2026, 3, 1))
    app: JournalApp = make_app(db, today=DECISION_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "⚑ 1 strategy review due (f4)" in app.sub_title


async def test_review_dialog_asks_before_dropping_typed_text(db):
    note = seed(db)
    st.decide(db, note.id, note.options[0].id, "", date(2026, 1, 1), date(2026, 2, 1))
    app = make_app(db, today=DECISION_DAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NoteEditor(st.get(db, note.id)))
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "Half of it")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        assert app.screen.query_one("#rv-realized", TextArea).text == "Half of it"

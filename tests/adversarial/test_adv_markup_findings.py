"""Issue 12: square brackets in user text crashed the app (Rich MarkupError).
One screen test per finding; each types or stores the text as a user would and
checks it is drawn exactly, with the app still running."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.widgets import TextArea

from adv_visible import shows, toasts
from helpers import SIZE, TODAY, make_app, settle, settle_workers, status, type_text, wait_until
from journal.app import JournalApp
from journal.screens.breakthroughs import BreakthroughsScreen
from journal.screens.days import DaysScreen
from journal.screens.dialogs import GoToDateDialog
from journal.screens.strategy import StrategyScreen
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection
from journal.store.strategies import StrategyNote

TITLE = "Notes on [/] syntax"


async def test_breakthrough_titled_with_a_closing_tag_saves_and_is_listed(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, TITLE)
        await pilot.press("ctrl+s")
        await settle_workers(pilot)
        assert app.is_running
        assert isinstance(app.screen, BreakthroughsScreen)
        assert shows(app, TITLE)
    assert [e.title for e in bt.search(db, bt.Filter())] == [TITLE]


async def test_breakthroughs_open_when_a_stored_title_has_a_closing_tag(db):
    bt.save(db, Breakthrough(happened_on=TODAY, title=TITLE))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        assert app.is_running
        assert shows(app, TITLE)


async def test_go_to_date_shows_why_a_bracket_is_not_a_date(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, GoToDateDialog)
        await type_text(pilot, "[/")
        await settle(pilot)
        assert app.is_running
        assert "[/" in str(app.screen.query_one("#parsed").render())
        assert shows(app, "[/")


async def test_days_list_shows_a_reflection_that_starts_with_a_closing_tag(db):
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="[/] is how Rich closes a style"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, DaysScreen)
        assert shows(app, "[/] is how Rich closes a style")


async def test_strategy_list_shows_a_question_that_is_a_closing_tag(db):
    st.save_note(db, StrategyNote(question="[/]"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, StrategyScreen)
        assert shows(app, "[/]")


# -- beyond the findings: the same mechanism, where text reaches a notification ----


async def test_a_journal_whose_path_has_brackets_shows_it_in_the_header_and_notices(tmp_path):
    path = tmp_path / "[x] j" / "j[x].db"
    db = open_journal(path)
    (path.parent / "backups").write_text("a file where the backups folder should be")
    app = JournalApp(db, db_path=path, today=lambda: TODAY)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await wait_until(pilot, lambda: "No backup today" in toasts(app))
            assert app.is_running
            assert shows(app, "[x] j/j[x].db")  # the header
            assert f"{path.parent}/backups" in toasts(app)  # the notice says which folder failed
    finally:
        db.close()


async def test_a_merge_notice_quotes_a_prompt_with_brackets(db):
    prompt = "[red]What moved me [/] forward?"
    reflections.save(db, Reflection(day=TODAY, body="Start", prompts=[prompt], answers=["Before"]))
    app = make_app(db, autosave_delay=30)  # saved by ctrl+s below, after the other change
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.query_one("#answer-0", TextArea).focus()
        await pilot.press("end")
        await type_text(pilot, " mine")
        stored = reflections.get(db, TODAY)
        reflections.save(db, replace(stored, answers=["Before, theirs"]))  # another window
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "saved" in status(app))
        await wait_until(pilot, lambda: "Changed elsewhere" in toasts(app))
        assert app.is_running
        assert f"the answer to '{prompt}'" in toasts(app)
        assert shows(app, prompt)  # the prompt above its answer


async def test_search_highlights_the_words_found_next_to_text_that_looks_like_markup(db):
    """Our own styling (the words found, in reverse) is built as spans, not markup:
    it stays, and the user's brackets around it stay plain."""
    bt.save(db, Breakthrough(happened_on=TODAY, title="Notes on [bold]x syntax"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await type_text(pilot, "[bold]x syntax")
        await settle_workers(pilot)
        prompt = app.screen.query_one("#q-results").get_option_at_index(0).prompt
        snippet = prompt.plain.splitlines()[1]
        assert snippet.strip() == "Notes on [bold]x syntax"
        found = {prompt.plain[span.start:span.end] for span in prompt.spans if span.style == "bold reverse"}
        assert found == {"bold", "x", "syntax"}
        assert shows(app, "Notes on [bold]x syntax")

"""Issue 12: square brackets in user text crashed the app (Rich MarkupError).
One screen test per finding; each types or stores the text as a user would and
checks it is drawn exactly, with the app still running."""

from __future__ import annotations

from datetime import date

from adv_visible import shows
from helpers import SIZE, TODAY, make_app, settle, settle_workers, type_text
from journal.screens.breakthroughs import BreakthroughsScreen
from journal.screens.days import DaysScreen
from journal.screens.dialogs import GoToDateDialog
from journal.screens.strategy import StrategyScreen
from journal.store import breakthroughs as bt
from journal.store import reflections
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

"""Hostile tester, issue 13: Days. DaysScreen.on_screen_resume puts the calendar back
on the day being written whenever the screen is shown again, and a dialog opened
from Days (go to date, help, the palette) resumes it when it closes. So the month
the user paged to, or the date they asked for, is undone the moment they get it."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import SIZE, TODAY, make_app, settle, type_text
from journal.screens.days import DaysScreen
from journal.screens.dialogs import GoToDateDialog
from journal.store import reflections
from journal.store.reflections import Reflection
from journal.widgets.calendar import MonthCalendar


@pytest.fixture
def written(db):
    for day in (date(1, 1, 1), date(2024, 7, 4), date(9999, 12, 31), TODAY):
        reflections.save(db, Reflection(day=day, body=f"Written on {day.isoformat()}"))
    return db


def month_list(app) -> list[str]:
    options = app.screen.query_one("#month-days")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_days(pilot) -> DaysScreen:
    await settle(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DaysScreen)
    return pilot.app.screen


@pytest.mark.parametrize("typed,day", [("2024-07-04", date(2024, 7, 4)), ("0001-01-01", date(1, 1, 1)),
                                       ("9999-12-31", date(9999, 12, 31))])
async def test_go_to_date_in_days_moves_the_calendar(written, typed, day):
    """In Days, ctrl+g, a date, enter: the dialog says '→ Thursday 4 July 2024', closes,
    and the calendar is still on today's month, listing today's reflection."""
    app = make_app(written)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_days(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, GoToDateDialog)
        await type_text(pilot, typed)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(MonthCalendar).cursor == day
        assert any(f"Written on {typed}" in line for line in month_list(app)), month_list(app)


async def test_help_over_days_keeps_the_month_the_user_paged_to(written):
    """Page back three months, f1 for help, escape: the calendar is back on today's
    month; the months paged through are lost."""
    app = make_app(written)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_days(pilot)
        await pilot.press("pageup", "pageup", "pageup")
        await settle(pilot)
        calendar = screen.query_one(MonthCalendar)
        paged = calendar.cursor
        assert (paged.year, paged.month) == (2025, 12)
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen is not screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert calendar.cursor == paged, f"the calendar went back to {calendar.cursor}"

"""Attack: the edges of the calendar. The go-to-date box accepts 9999-12-31 and
0001-01-01 (both real dates); the next day after the last one, or the day before
the first, ended the app with OverflowError."""

from __future__ import annotations

import pytest
from helpers import SIZE, make_app, settle, type_text

from journal.store import open_journal


@pytest.mark.parametrize("edge, key", [("9999-12-31", "alt+right"), ("0001-01-01", "alt+left")])
async def test_stepping_past_the_last_or_first_day_does_not_crash(db_path, edge, key):
    db = open_journal(db_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, edge)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert app.is_running and app.return_code is None, "the app ended"


@pytest.mark.parametrize("edge, key", [("9999-12-31", "right"), ("0001-01-01", "left")])
async def test_the_days_calendar_at_the_edges_does_not_crash(db_path, edge, key):
    db = open_journal(db_path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, edge)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        for _ in range(3):
            await pilot.press(key)
            await settle(pilot)
        assert app.is_running and app.return_code is None, "the app ended"

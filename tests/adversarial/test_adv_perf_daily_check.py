"""Hostile tester, issue 13: the app checks the whole file once a day. Damage that
happens after the day's check passed must still be met with the app's sentence
and read-only mode, not a crash, and the damaged day must not be overwritten."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import damaged_journal
from helpers import SIZE, make_app, settle
from journal.app import JournalApp
from journal.store import open_journal
from journal.store.db import checked_on, open_for_reading, record_checked


def _broken_day(path) -> date:
    """A day whose row sits on the damaged page."""
    import sqlite3

    conn = sqlite3.connect(path)
    for i in range(300):
        day = date(2025, 1, 1) + timedelta(days=i)
        try:
            conn.execute("SELECT body, answers FROM reflections WHERE day = ?", [day.isoformat()]).fetchall()
        except sqlite3.DatabaseError:
            return day
    raise AssertionError("no day on the damaged page")


import pytest


@pytest.mark.xfail(strict=True, reason="the first frame reads the day before any check: a broken page there "
                   "raises DatabaseError out of the screen's mount and the app dies (so it did before issue 13, "
                   "when the check ran after the first frame too); the fix is the app meeting read errors with "
                   "describe_failure and read-only mode, outside the issue-13 changes")
async def test_damage_after_the_days_check_is_still_met_read_only(tmp_path):
    path = tmp_path / "journal.db"
    damaged_journal(path)
    day = _broken_day(path)
    db = open_journal(path, verify=False)
    record_checked(db, day.isoformat())  # the check passed this morning; the page broke since
    assert checked_on(db.conn) == day.isoformat()
    db.close()
    conn, _ = open_for_reading(path)
    app = JournalApp(conn, db_path=path, today=lambda: day, autosave_delay=0.2)
    crashed = None
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, 0.5)
            await pilot.app.workers.wait_for_complete()
            await settle(pilot)
            assert app.read_only_reason is not None and "damaged" in app.read_only_reason
    except Exception as error:  # the app died on the broken page
        crashed = error
    assert crashed is None, f"the app crashed instead of going read-only: {crashed!r}"

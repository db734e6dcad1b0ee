"""Hostile tester, issue 13: F3 and F4 load a page of 200 and read the next one at
OFFSET 200 when the cursor reaches the end. If anything was saved meanwhile (by the
CLI, `journal write`, a second window), the offsets have shifted: the user scrolls
down and sees a row twice (or, after a delete, never sees one). Compared with the
store's full ordered list."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from helpers import SIZE, make_app, settle, settle_workers
from journal.screens.breakthroughs import BreakthroughsScreen, EventTable
from journal.screens.strategy import NotesTable, StrategyScreen
from journal.store import breakthroughs as bt
from journal.store import open_journal
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough, Filter

EVENTS = 450


@pytest.fixture
def many(db):
    start = date(2020, 1, 1)
    return [bt.save(db, Breakthrough(happened_on=start + timedelta(days=i), title=f"Event {i:03}"))
            for i in range(EVENTS)]


async def scroll_to_the_end(pilot, table) -> None:
    for _ in range(10):
        await pilot.press("end")
        await settle_workers(pilot)


async def test_f3_an_event_saved_elsewhere_while_paging_shows_a_row_twice(db, db_path, many):
    """F3 open on the first page; `journal` in another terminal records a new event;
    the user presses end: the 200th event of the first page is listed again as the
    201st (and the new one is not listed at all until the user leaves and returns)."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        screen = app.screen
        assert isinstance(screen, BreakthroughsScreen)
        other = open_journal(db_path)
        bt.save(other, Breakthrough(happened_on=date(2030, 1, 1), title="Saved elsewhere"))
        other.close()
        table = screen.query_one(EventTable)
        await scroll_to_the_end(pilot, table)
        listed = [event.id for event in screen.events]
        duplicated = sorted({i for i in listed if listed.count(i) > 1})
        assert not duplicated, f"listed twice: {[bt.get(db, i).title for i in duplicated]}"


@pytest.mark.xfail(strict=True, reason="pages are read by OFFSET: a row deleted elsewhere between two pages "
                   "shifts the next one and its first row is skipped (duplicates are dropped); reading the next "
                   "page after the last row's sort key (keyset) would fix it, left for later")
async def test_f3_an_event_deleted_elsewhere_while_paging_is_skipped(db, db_path, many):
    """The other way round: an event of the first page is deleted elsewhere; the next
    page starts one row too late, and the user never sees the event that slid up."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        screen = app.screen
        other = open_journal(db_path)
        bt.trash(other, screen.events[5].id)
        other.close()
        await scroll_to_the_end(pilot, screen.query_one(EventTable))
        shown = {event.id for event in screen.events}
        missing = [e.title for e in bt.search(db, Filter(), limit=1000) if e.id not in shown]
        assert not missing, f"never listed: {missing}"


async def test_f4_a_note_changed_elsewhere_while_paging_shows_a_row_twice(db, db_path):
    """F4 lists notes most recently changed first. The oldest note (not loaded yet) is
    edited in another window: it moves to the top of the file's order, and the next
    page (OFFSET 200) repeats the first page's last note."""
    for i in range(450):
        st.save_note(db, st.StrategyNote(question=f"Question {i:03}?"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle_workers(pilot)
        screen = app.screen
        assert isinstance(screen, StrategyScreen)
        time.sleep(1.1)  # updated_at is kept to the second
        other = open_journal(db_path)
        note = st.get(other, min(n.id for n in st.list_notes(other, st.Filter(), date(2026, 3, 14), limit=1000)))
        st.save_note(other, note.__class__(**{**note.__dict__, "context": "edited elsewhere"}))
        other.close()
        await scroll_to_the_end(pilot, screen.query_one(NotesTable))
        listed = [n.id for n in screen.notes]
        duplicated = sorted({i for i in listed if listed.count(i) > 1})
        assert not duplicated, f"listed twice: {duplicated}"

"""Hostile tester, issue 13 (F3 as a line-drawn RecordList): the cursor stays on the
event the user acted on. The list holds pages of 200; an action that reloads it
(t star, u undo delete, d delete, coming back from the editor) must not throw the
user back to the top of a list they had scrolled 250 rows into."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpers import SIZE, make_app, settle, settle_workers
from journal.screens.breakthroughs import BreakthroughsScreen, EventTable
from journal.screens.dialogs import ConfirmDialog
from journal.store import breakthroughs as bt
from journal.store import open_journal
from journal.store.breakthroughs import Breakthrough

EVENTS = 450  # more than two pages of 200


@pytest.fixture
def many(db):
    start = date(2020, 1, 1)
    return [bt.save(db, Breakthrough(happened_on=start + timedelta(days=i), title=f"Event {i:03}"))
            for i in range(EVENTS)]


async def open_f3(pilot) -> BreakthroughsScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle_workers(pilot)
    assert isinstance(pilot.app.screen, BreakthroughsScreen)
    return pilot.app.screen


async def go_to_row(pilot, screen: BreakthroughsScreen, row: int) -> None:
    """Down to `row` the way a user gets there: end (which loads the next page), then k."""
    table = screen.query_one(EventTable)
    while table.row_count <= row:
        await pilot.press("end")
        await settle_workers(pilot)
    table.move_cursor(row=row)
    await settle_workers(pilot)
    assert table.cursor_row == row


def cursor_title(screen: BreakthroughsScreen) -> str:
    table = screen.query_one(EventTable)
    return table.get_row_at(table.cursor_row)[2]


async def test_starring_an_event_on_the_second_page_keeps_the_cursor_on_it(db, many):
    """The user scrolls to the 251st event and presses t: the star is saved, and the
    list jumps back to the newest event; the event just starred is nowhere on screen."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_f3(pilot)
        await go_to_row(pilot, screen, 250)
        before = cursor_title(screen)
        await pilot.press("t")
        await settle_workers(pilot)
        assert cursor_title(screen) == before, f"the cursor moved from {before!r} to {cursor_title(screen)!r}"


async def test_undo_delete_on_the_second_page_puts_the_cursor_back_on_the_event(db, many):
    """d, y, then u on the 301st event: the event is back, the cursor is on the newest."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_f3(pilot)
        await go_to_row(pilot, screen, 300)
        before = cursor_title(screen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle_workers(pilot)
        await pilot.press("u")
        await settle_workers(pilot)
        assert cursor_title(screen) == before, f"after undo the cursor is on {cursor_title(screen)!r}"


async def test_deleting_an_event_leaves_the_cursor_where_it_was(db, many):
    """Clearing out old events one by one from row 40: after each delete the cursor
    is back on the newest event, and the user scrolls 40 rows down again."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_f3(pilot)
        table = screen.query_one(EventTable)
        await go_to_row(pilot, screen, 40)
        following = table.get_row_at(41)[2]
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle_workers(pilot)
        assert table.cursor_row == 40 and cursor_title(screen) == following, (
            f"after the delete the cursor is on row {table.cursor_row}, {cursor_title(screen)!r}")


async def test_deleting_the_last_event_leaves_the_cursor_on_the_new_last_one(db):
    """Three events, cursor on the last, d y: the cursor should sit on the new last row
    (the oldest remaining event); it jumps to the top instead."""
    for i in range(3):
        bt.save(db, Breakthrough(happened_on=date(2025, 1, 1 + i), title=f"Event {i}"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_f3(pilot)
        table = screen.query_one(EventTable)
        await pilot.press("end")
        await settle_workers(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle_workers(pilot)
        assert table.row_count == 2
        assert table.cursor_row == 1, f"the cursor is on row {table.cursor_row}, not on the new last row"


async def test_coming_back_from_the_editor_keeps_the_cursor_on_the_edited_event(db, db_path, many):
    """e on the 260th event; while it is open the event is saved (here by another
    connection, as the writer's own save is); escape: back in the list the cursor is
    on the newest event, not the one just edited."""
    from journal.screens.breakthrough_editor import EventEditor

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_f3(pilot)
        await go_to_row(pilot, screen, 260)
        before = cursor_title(screen)
        event_id = screen.events[260].id
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventEditor)
        other = open_journal(db_path)  # another connection, as the app's writer is
        bt.set_talking_point(other, event_id, True)
        other.close()
        await pilot.press("escape")
        await settle_workers(pilot)
        await settle(pilot)
        assert app.screen is screen
        assert cursor_title(screen) == before, f"back in the list the cursor is on {cursor_title(screen)!r}"

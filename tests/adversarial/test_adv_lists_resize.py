"""Hostile tester, issue 13: the RecordList behind F3 and F4 keeps the cursor in view
when it moves, but not when the terminal shrinks: RecordList.on_resize only resets
the virtual size. The user makes the window smaller (or splits a tmux pane) and the
highlighted row, whose detail is shown beside the list, is off screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpers import make_app, settle, settle_workers
from journal.screens.breakthroughs import EventTable
from journal.screens.strategy import NotesTable
from journal.store import breakthroughs as bt
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough


def screen_text(app) -> str:
    return "\n".join(line.text for line in app.screen._compositor.render_strips())


@pytest.fixture
def many(db):
    for i in range(120):
        bt.save(db, Breakthrough(happened_on=date(2020, 1, 1) + timedelta(days=i), title=f"Event {i:03}"))
        st.save_note(db, st.StrategyNote(question=f"Question {i:03}?"))


@pytest.mark.parametrize("key,table_type", [("f3", EventTable), ("f4", NotesTable)])
async def test_shrinking_the_terminal_keeps_the_cursor_row_in_view(db, many, key, table_type):
    """120x36: the cursor on the last row shown, at the bottom of the list. The terminal goes
    to 80x24: the list is 12 rows shorter and the cursor row is below its bottom edge."""
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle_workers(pilot)
        table = app.screen.query_one(table_type)
        shown = table.scrollable_content_region.height - 1
        table.move_cursor(row=shown - 1)  # the last row shown
        await settle(pilot)
        cursor_text = table.get_row_at(table.cursor_row)[0 if key == "f4" else 2].strip()  # the title
        assert cursor_text in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        top = round(table.scroll_y)
        rows_shown = table.scrollable_content_region.height - 1
        assert top <= table.cursor_row < top + rows_shown, (
            f"cursor on row {table.cursor_row}, rows {top}-{top + rows_shown - 1} shown")
        assert cursor_text[:20] in screen_text(app), f"{cursor_text!r} is not on screen"

"""Shared helpers for screen tests: one place that knows how to wait and type."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from journal.app import JournalApp

TODAY = date(2026, 3, 14)
SIZE = (120, 36)
KEY_NAMES = {" ": "space", "\n": "enter", ".": "full_stop", ",": "comma", "-": "minus", "/": "slash"}


def make_app(db, autosave_delay: float = 0.2, today: date = TODAY) -> JournalApp:
    return JournalApp(db, today=lambda: today, autosave_delay=autosave_delay)


async def settle(pilot: Pilot, seconds: float = 0.0) -> None:
    """Let timers run for `seconds`, then let every pending message be handled
    (at start-up: also what the app does once its first frame is drawn)."""
    import time

    deadline = time.monotonic() + 5
    while not getattr(pilot.app, "first_frame_shown", True) and time.monotonic() < deadline:
        await pilot.pause(0.01)
    await pilot.pause(seconds)
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*(KEY_NAMES.get(ch, ch) for ch in text))
    await pilot.pause()


def status(app: JournalApp) -> str:
    return str(app.screen.query_one("#save-status").render())


def day_title(app: JournalApp) -> str:
    return str(app.screen.query_one("#day-title").render())


async def settle_workers(pilot: Pilot) -> None:
    """Wait for background workers (filtering) and the messages they post."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def table_titles(app: JournalApp) -> list[str]:
    from journal.screens.breakthroughs import EventTable

    table = app.screen.query_one(EventTable)
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def wait_until(pilot: Pilot, condition, timeout: float = 10.0) -> None:
    """Poll until `condition()` holds (autosave timers run late on a loaded machine)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {condition}")
        await pilot.pause(0.05)
    await pilot.pause()

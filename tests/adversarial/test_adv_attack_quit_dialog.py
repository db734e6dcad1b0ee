"""Attack: ctrl+q while another program holds the write lock, in an ordinary
terminal. The quit dialog is the one place that tells the user their text is not
in the journal and what they can do: all of it must be readable, every choice
visible, at 120x36 and at 80x24."""

from __future__ import annotations

import sqlite3

import pytest
from adv_visible import screen_lines
from helpers import TODAY, make_app, settle, status, type_text, wait_until

from journal.screens.dialogs import UnsavedDialog
from journal.store import db as store_db
from journal.store import open_journal


@pytest.fixture
def quick_lock_timeout(monkeypatch):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.3)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_quit_dialog_shows_every_choice_and_its_whole_text(db_path, quick_lock_timeout, size):
    db = open_journal(db_path)
    app = make_app(db)
    app.db_path = db_path
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await type_text(pilot, "Precious words")
            await wait_until(pilot, lambda: "not saved" in status(app))
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
            await settle(pilot)
            text = "\n".join(screen_lines(app))
            joined = " ".join(" ".join(line.replace("█", " ").split()) for line in screen_lines(app))
            await pilot.press("escape")
    finally:
        other.rollback()
        other.close()
    for label in ("Try again (r)", "Wait (w)", "Keep a copy, quit (k)", "Back (esc)"):  # labels from the bindings
        assert label in text, f"{label!r} is not drawn at {size}:\n{text}"
    assert "merged back the next time you open the journal." in joined, f"clipped at {size}:\n{text}"


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_day_stays_named_while_a_save_fails(db_path, quick_lock_timeout, size):
    """The status sentence of a failed save ("● not saved: … is in use by another
    program …") took the whole day bar: the day title vanished, so a user moving
    between days while the file is held cannot see which day they are typing into."""
    db = open_journal(db_path)
    app = make_app(db)
    app.db_path = db_path
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await type_text(pilot, "Precious words")
            await wait_until(pilot, lambda: "not saved" in status(app))
            await settle(pilot)
            lines = screen_lines(app)
    finally:
        other.rollback()
        other.close()
    assert any(f"{TODAY:%-d %B %Y}" in line for line in lines[:3]), "\n".join(lines[:3])


async def test_ctrl_q_pressed_again_while_quitting_waits_asks_once(db_path, monkeypatch):
    """ctrl+q waits up to 12 s for a save held by another program, with only a 2 s
    "Saving…" note: the app looks stuck, so the user presses ctrl+q again. Each press
    stacked its own dialog; "Back to the journal" then only uncovered the next one."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 1.0)
    db = open_journal(db_path)
    app = make_app(db)
    app.db_path = db_path
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await type_text(pilot, "Precious words")
            await wait_until(pilot, lambda: "saving" in status(app))
            for _ in range(3):
                await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
            await settle(pilot, 1.5)
            dialogs = sum(isinstance(s, UnsavedDialog) for s in app.screen_stack)
            await pilot.press("escape")
            await settle(pilot)
            back = not isinstance(app.screen, UnsavedDialog)
    finally:
        other.rollback()
        other.close()
    assert dialogs == 1, f"{dialogs} dialogs stacked"
    assert back

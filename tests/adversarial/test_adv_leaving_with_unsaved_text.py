"""Finding 2: with another process holding the write lock (or a full disk), ctrl+q,
SIGTERM and SIGHUP exited and the typed text was gone; the status said
"● not saved" and nothing else happened.

Now: ctrl+q asks (retry, keep waiting, keep a recovery copy and quit); a signal
keeps what cannot be saved in a recovery copy (0600, beside the journal); the
next start offers to merge it back, and `journal recover` does it from the shell."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat

import pytest
from click.testing import CliRunner
from helpers import SIZE, TODAY, make_app, settle, status, type_text, wait_until
from terminal import TerminalSession

from journal.cli import cli
from journal.screens.dialogs import ConfirmDialog, UnsavedDialog
from journal.store import db as store_db
from journal.store import open_journal, recovery, reflections


@pytest.fixture
def quick_lock_timeout(monkeypatch):
    """The writer gives up on a held lock after 0.3 s instead of 10 (same code path)."""
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.3)


def hold_write_lock(path) -> sqlite3.Connection:
    """Another program in the middle of a long write (an import, say)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def type_and_fail(pilot, app, text: str) -> None:
    await type_text(pilot, text)
    await wait_until(pilot, lambda: "not saved" in status(app))
    assert "kept" in status(app)


async def test_ctrl_q_with_a_save_that_cannot_succeed_asks_and_keeps_a_copy(db_path, quick_lock_timeout):
    db = open_journal(db_path)
    app = make_app(db)
    app.db_path = db_path
    other = hold_write_lock(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_and_fail(pilot, app, "Precious words")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        assert app.return_code is None  # still running: nothing was thrown away
        await pilot.press("k")  # keep a recovery copy and quit
        await settle(pilot)
    assert app.return_code == 0
    other.rollback()
    other.close()
    assert reflections.get(db, TODAY) is None  # it never reached the journal...
    copies = recovery.list_copies(db_path)
    assert len(copies) == 1  # ...but it is kept, privately, beside it
    copy = copies[0]
    assert copy.path.parent == db_path.parent / "recovery"
    assert stat.S_IMODE(copy.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.path.parent.stat().st_mode) == 0o700
    assert "Precious words" in copy.path.read_text()

    # The next start offers to merge it back.
    again = make_app(open_journal(db_path))
    again.db_path = db_path
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.3)
        await wait_until(pilot, lambda: isinstance(again.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: reflections.get(db, TODAY) is not None)
    assert reflections.get(db, TODAY).body == "Precious words"
    assert recovery.list_copies(db_path) == []


async def test_ctrl_q_then_retry_once_the_lock_is_gone_saves_and_quits(db_path, quick_lock_timeout):
    db = open_journal(db_path)
    app = make_app(db)
    other = hold_write_lock(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_and_fail(pilot, app, "Second try")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        other.rollback()
        await pilot.press("r")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert reflections.get(db, TODAY).body == "Second try"


async def test_ctrl_q_then_keep_waiting_quits_by_itself_once_saved(db_path, quick_lock_timeout):
    db = open_journal(db_path)
    app = make_app(db)
    other = hold_write_lock(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_and_fail(pilot, app, "Patience")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        await pilot.press("w")
        await settle(pilot, 0.5)
        assert app.return_code is None
        other.rollback()
        await wait_until(pilot, lambda: app.return_code is not None, timeout=20)
    assert reflections.get(db, TODAY).body == "Patience"


async def test_escape_goes_back_to_the_text(db_path, quick_lock_timeout):
    db = open_journal(db_path)
    app = make_app(db)
    other = hold_write_lock(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_and_fail(pilot, app, "Stay")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        await pilot.press("escape")
        await settle(pilot)
        assert app.return_code is None and not isinstance(app.screen, UnsavedDialog)
        other.rollback()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: reflections.get(db, TODAY) is not None)
    assert reflections.get(db, TODAY).body == "Stay"


def test_journal_recover_lists_and_merges_back(db_path):
    db = open_journal(db_path)
    reflections.append(db, TODAY, "Stored since.")
    base = reflections.Reflection(TODAY)
    item = recovery.record_item("reflection", "the reflection of today", reflections.Reflection(TODAY, body="Kept."),
                                base)
    copy = recovery.write_copy(db_path, [item], "test")
    runner = CliRunner()
    listed = runner.invoke(cli, ["--db", str(db_path), "recover"])
    assert listed.exit_code == 0 and str(copy) in listed.output and "the reflection of today" in listed.output
    applied = runner.invoke(cli, ["--db", str(db_path), "recover", "--apply"])
    assert applied.exit_code == 0, applied.output
    body = reflections.get(db, TODAY).body
    assert "Stored since." in body and "Kept." in body  # merged, not overwritten
    assert not copy.exists()
    assert "No recovery copies" in runner.invoke(cli, ["--db", str(db_path), "recover"]).output


def test_journal_recover_with_the_journal_locked_says_so(db_path):
    db = open_journal(db_path)
    item = recovery.record_item("reflection", "x", reflections.Reflection(TODAY, body="Kept."),
                                reflections.Reflection(TODAY))
    copy = recovery.write_copy(db_path, [item], "test")
    db.close()
    other = hold_write_lock(db_path)
    try:
        store_db.BUSY_TIMEOUT_S, saved = 0.3, store_db.BUSY_TIMEOUT_S
        try:
            result = CliRunner().invoke(cli, ["--db", str(db_path), "recover", "--apply"])
        finally:
            store_db.BUSY_TIMEOUT_S = saved
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert copy.exists()  # nothing lost


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_the_journal_is_locked_keeps_a_recovery_copy(tmp_path, signum):
    path = tmp_path / "journal" / "journal.db"
    open_journal(path).close()
    other = hold_write_lock(path)
    session = TerminalSession(path, env={"JOURNAL_AUTOSAVE_SECONDS": "0.2"})
    try:
        session.wait_for(b"Reflection")
        session.type("Typed while locked")
        session.wait_for(b"saving")
        session.signal(signum)
        code = session.wait(timeout=30)
    finally:
        session.close()
        other.rollback()
        other.close()
    assert code == 128 + signum
    copies = recovery.list_copies(path)
    assert copies and any("Typed while locked" in json.dumps(c.items) for c in copies)
    assert all(stat.S_IMODE(os.stat(c.path).st_mode) == 0o600 for c in copies)

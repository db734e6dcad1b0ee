"""Attack: `kill -INT` (what `timeout -s INT`, process supervisors and many scripts
send to stop a program) while another program holds the write lock.

SIGTERM and SIGHUP keep the unsaved text in a recovery copy. SIGINT ended the
app with status 0 and no copy: what was typed was simply gone."""

from __future__ import annotations

import json
import signal
import sqlite3

import pytest
from terminal import TerminalSession

from journal.store import open_journal, recovery


@pytest.mark.slow
def test_sigint_while_the_journal_is_locked_keeps_a_recovery_copy(tmp_path):
    path = tmp_path / "journal" / "journal.db"
    open_journal(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    session = TerminalSession(path, env={"JOURNAL_AUTOSAVE_SECONDS": "0.2"})
    try:
        session.wait_for(b"Reflection")
        session.type("Typed while locked")
        session.wait_for(b"saving")
        session.signal(signal.SIGINT)
        code = session.wait(timeout=30)
    finally:
        session.close()
        other.rollback()
        other.close()
    copies = recovery.list_copies(path)
    assert copies and any("Typed while locked" in json.dumps(c.items) for c in copies), f"exit {code}, no copy"
    assert code != 0  # it did not end normally

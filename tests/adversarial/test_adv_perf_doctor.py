"""Hostile tester, issue 13: doctor's scratch copy of the journal now sits on disk,
in the temporary folder. A full or small temporary folder is not the journal's
problem, and a copy of private text must not stay behind after a crash."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journal.store import open_journal, reflections
from journal.store.doctor import FTS_IN_INTEGRITY_CHECK
from journal.store.reflections import Reflection

pytestmark = pytest.mark.skipif(__import__("sqlite3").sqlite_version_info >= FTS_IN_INTEGRITY_CHECK,
                                reason="SQLite checks the search indexes itself: no scratch copy")


@pytest.fixture
def journal(db_path: Path) -> Path:
    from datetime import date, timedelta

    db = open_journal(db_path)
    for i in range(200):
        reflections.save(db, Reflection(day=date(2025, 1, 1) + timedelta(days=i), body="words " * 200))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db_path


def _doctor(journal: Path, tmp: Path, limit: int | None = None, prelude: str = "") -> subprocess.CompletedProcess:
    def small_files():
        if limit is not None:  # no file may grow past `limit` bytes: the scratch copy finds no room
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code = prelude + "from journal.cli import cli; cli(['--db', %r, 'doctor'])" % str(journal)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, preexec_fn=small_files,
                          env={**os.environ, "TMPDIR": str(tmp)})


def test_no_room_for_the_scratch_copy_is_not_called_a_fault_of_the_journal(journal, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    size = journal.stat().st_size
    result = _doctor(journal, tmp, limit=size // 2)  # the journal's -wal stays small; the copy cannot fit
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    blamed = [line for line in out.splitlines() if "✗" in line and str(journal.name) in line]
    assert not blamed, f"the journal is blamed for the temporary folder: {blamed}"
    assert "does not match the text" not in out
    assert str(tmp) in out or "temporary" in out.lower(), out


def test_a_crash_during_the_check_leaves_no_copy_of_the_journal_behind(journal, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # Killed (-9, power cut) while the scratch copy exists: the copy is the journal's private text.
    prelude = textwrap.dedent("""
        import os, signal, sqlite3
        import journal.store.doctor as doctor
        real = sqlite3.connect
        class Killing:
            def __getattr__(self, name):
                return getattr(sqlite3, name)
            def connect(self, target, *args, **kwargs):
                conn = real(target, *args, **kwargs)
                if str(target).startswith(%r):
                    conn.execute("CREATE TABLE filler(x)")  # the copy exists on disk
                    os.kill(os.getpid(), signal.SIGKILL)
                return conn
        doctor.sqlite3 = Killing()
    """ % str(tmp))
    killed = _doctor(journal, tmp, prelude=prelude)
    assert killed.returncode == -9
    assert [p for p in tmp.rglob("*") if p.is_file()], "the crash came before any scratch copy"
    again = _doctor(journal, tmp)  # the next check: nothing of the crashed one may stay
    assert again.returncode == 0, again.stdout + again.stderr
    left = [p for p in tmp.rglob("*") if p.is_file()]
    assert left == [], f"a copy of the journal stays in the temporary folder: {left}"

"""Attack: a journal on a disk that is now read-only (a USB stick, an SD card the
kernel remounted read-only after an error, a backup copied without its -shm),
holding its newest entries in the -wal file beside it.

SQLite cannot read a -wal without a -shm it may create, so the read-only
connection falls back to immutable=1, which reads the main file alone: the
newest entries vanish from export (the "lossless" JSON), search and the app,
without a word, and doctor says all is well and advises copying the file (the
-wal, where the entries are, unmentioned). Needs root to mount a read-only bind;
skipped elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from adv_journal import run_process

SCRIPT = """
import os, sys
from datetime import date
from journal.store import open_journal, reflections
db = open_journal(sys.argv[1])
db.conn.execute("PRAGMA wal_autocheckpoint=0")
reflections.append(db, date(2026, 1, 2), "Only in the WAL.")
os._exit(0)  # like kill -9 or a power cut: the -wal is left, not checkpointed
"""


@pytest.fixture
def read_only_view(tmp_path):
    source, view = tmp_path / "source", tmp_path / "view"
    source.mkdir()
    view.mkdir()
    if os.geteuid() != 0:
        pytest.skip("needs root for a read-only bind mount")
    if subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        yield source, view
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)  # -l: even if a file there is still open


@pytest.mark.slow
def test_entries_in_the_wal_of_a_read_only_journal_are_exported_or_named(read_only_view):
    source, view = read_only_view
    result = run_process(source / "journal.db", "write", "--date", "2026-01-01", "Checkpointed entry.")
    assert result.returncode == 0, result.stderr
    subprocess.run([sys.executable, "-c", SCRIPT, str(source / "journal.db")], check=True)
    (source / "journal.db-shm").unlink()  # copied without it, or cleaned away as a temporary file
    assert (source / "journal.db-wal").stat().st_size > 0
    # (each command in its own process: within one process SQLite shares the -shm it already mapped)
    exported = run_process(view / "journal.db", "export", "--format", "json")
    days = [r.get("day") for r in json.loads(exported.stdout)["records"]] if exported.returncode in (0, 1) else []
    # Either the newest entry is there, or the user is told that part of the journal cannot be read.
    told = "wal" in exported.stderr.lower() and exported.returncode != 0
    assert "2026-01-02" in days or told, (days, exported.stderr)
    searched = run_process(view / "journal.db", "search", "WAL")
    assert "Only in the WAL." in searched.stdout or "wal" in searched.stderr.lower(), searched.stdout + searched.stderr
    doctor = run_process(view / "journal.db", "doctor")
    assert "journal.db-wal" in doctor.stdout + doctor.stderr, doctor.stdout  # where the newest entries are

"""Issue 12, finding 1: each failure gets the right sentence and the right advice.

Disk full, a lock held elsewhere, a read-only file or folder, a folder closed to
the user, a rule an import broke: none of these is damage, and none may say
"damaged" or send the user to restore a backup (which would throw away what is
newer than the backup). Only a failed integrity check is damage.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest

from diagnosis_support import bodies, files_state, invoke, make_journal, run_journal, user_dir
from journal.store import db as db_module

__all__ = ["user_dir"]  # a fixture, used by name

DAMAGE_WORDS = ("damaged", "restore")


def assert_not_called_damage(text: str) -> None:
    lowered = text.lower()
    for word in DAMAGE_WORDS:
        assert word not in lowered, f"{word!r} in: {text}"


# -- disk full -----------------------------------------------------------------


def test_a_full_disk_is_said_so_and_what_was_saved_stays(user_dir, monkeypatch):
    path = make_journal(user_dir / "j" / "journal.db")
    connect = db_module._connect

    def no_room(p):  # the file may not grow by a single page: SQLite's "disk is full", cheaply
        conn = connect(p)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(db_module, "_connect", no_room)
    result = invoke("--db", path, "write", "word " * 50_000)
    assert result.exit_code == 2, result.output
    assert "full" in result.output and "free some space" in result.output
    assert_not_called_damage(result.output)
    monkeypatch.undo()
    assert bodies(path) == ["Kept safe."]


# -- locked --------------------------------------------------------------------


def test_a_journal_locked_by_another_connection_is_busy_not_damaged(user_dir, monkeypatch):
    path = make_journal(user_dir / "j" / "journal.db")
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = invoke("--db", path, "write", "Waiting my turn.")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2, result.output
    assert "in use" in result.output and "try again" in result.output
    assert_not_called_damage(result.output)
    assert bodies(path) == ["Kept safe."]


@pytest.mark.slow
def test_the_message_names_the_process_holding_the_lock(user_dir, monkeypatch):
    path = make_journal(user_dir / "j" / "journal.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
                               "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               "c.execute('BEGIN IMMEDIATE')\n"
                               "print('holding', flush=True)\n"
                               "time.sleep(30)\n", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.2)
        result = invoke("--db", path, "write", "Waiting my turn.", plain=False)  # /proc shows own processes
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2, result.output
    assert f"process {holder.pid}" in result.output, result.output
    assert_not_called_damage(result.output)


# -- read-only file, read-only folder, closed folder -------------------------------

def test_a_read_only_file_is_said_so_with_the_fix_and_still_searchable(user_dir):
    path = make_journal(user_dir / "journal.db")
    os.chmod(path, 0o400)
    before = bodies(path)
    result = invoke("--db", path, "write", "More.")
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output and f"chmod u+w '{path}'" in result.output
    assert_not_called_damage(result.output)
    found = invoke("--db", path, "search", "kept")
    assert found.exit_code == 0, found.output
    assert "Kept safe." in found.stdout
    assert bodies(path) == before


def test_a_healthy_journal_in_a_read_only_folder_opens_for_reading(user_dir):
    folder = user_dir / "journal"
    path = make_journal(folder / "journal.db")
    os.chmod(folder, 0o500)
    before = files_state(folder)

    found = invoke("--db", path, "search", "kept")
    assert found.exit_code == 0, found.output
    assert "Kept safe." in found.stdout
    assert "read-only" in found.stderr and f"chmod u+w '{folder}'" in found.stderr
    assert "not a journal" not in found.output

    exported = invoke("--db", path, "export")
    assert exported.exit_code == 0, exported.output
    assert "Kept safe." in exported.stdout

    refused = invoke("--db", path, "write", "More.")
    assert refused.exit_code == 2, refused.output
    assert "read-only" in refused.output and "nothing was changed" in refused.output.lower()
    assert_not_called_damage(refused.output)

    checked = invoke("--db", path, "doctor")
    assert "integrity check passed" in checked.output, checked.output
    assert "read-only" in checked.output
    assert_not_called_damage(checked.output)
    assert files_state(folder) == before


@pytest.mark.parametrize("command", [["write", "More."], ["search", "kept"], ["export"], ["backup"], ["doctor"],
                                     ["restore", "--yes", "elsewhere.db"]], ids=lambda c: c[0])
def test_a_folder_closed_to_the_user_is_a_sentence(user_dir, command):
    folder = user_dir / "journal"
    path = make_journal(folder / "journal.db")
    other = make_journal(user_dir / "elsewhere.db", "A backup.")
    os.chmod(folder, 0o000)
    result = invoke("--db", path, *[str(other) if c == "elsewhere.db" else c for c in command])
    assert result.exit_code == (1 if command == ["doctor"] else 2), result.output
    assert "permission" in result.output.lower() and f"chmod 700 '{folder}'" in result.output
    assert_not_called_damage(result.output)
    os.chmod(folder, 0o700)
    assert bodies(path) == ["Kept safe."]


@pytest.mark.parametrize("command", [["backup"], ["restore", "--yes", "elsewhere.db"]], ids=lambda c: c[0])
def test_backup_and_restore_in_a_read_only_folder_are_a_sentence(user_dir, command):
    folder = user_dir / "journal"
    path = make_journal(folder / "journal.db")
    other = make_journal(user_dir / "elsewhere.db", "A backup.")
    os.chmod(folder, 0o500)
    before = files_state(folder)
    result = invoke("--db", path, *[str(other) if c == "elsewhere.db" else c for c in command])
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output and f"chmod u+w '{folder}'" in result.output
    assert_not_called_damage(result.output)
    assert files_state(folder) == before


def test_a_read_only_journal_can_be_backed_up_elsewhere(user_dir):
    folder = user_dir / "journal"
    path = make_journal(folder / "journal.db")
    os.chmod(folder, 0o500)
    result = invoke("--db", path, "backup", user_dir / "copy.db")
    assert result.exit_code == 0, result.output
    assert bodies(user_dir / "copy.db") == ["Kept safe."]


@pytest.mark.slow
def test_the_real_command_does_not_call_a_read_only_file_damaged(user_dir):
    """Through the entry point users run (its last-resort handler was the culprit)."""
    path = make_journal(user_dir / "journal.db")
    os.chmod(path, 0o400)
    result = run_journal("--db", str(path), "write", "More.")
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "read-only" in stderr and "Traceback" not in stderr
    assert_not_called_damage(stderr)


# -- rules an import (or any write) breaks --------------------------------------------


def _real_error(sql_setup: str, statement: str) -> sqlite3.Error:
    conn = sqlite3.connect(":memory:")
    conn.executescript(sql_setup)
    try:
        conn.execute(statement)
    except sqlite3.Error as error:
        return error
    raise AssertionError("no error")


@pytest.mark.parametrize("error", [
    _real_error("CREATE TABLE t(x UNIQUE); INSERT INTO t VALUES (1);", "INSERT INTO t VALUES (1)"),
    _real_error("CREATE TABLE t(x INTEGER) STRICT;", "INSERT INTO t VALUES ('words')"),
], ids=["unique", "datatype"])
def test_a_broken_rule_during_import_is_not_damage(user_dir, monkeypatch, error):
    from journal import importers

    path = make_journal(user_dir / "j" / "journal.db")
    source = user_dir / "in.json"
    source.write_text("{}")
    monkeypatch.setattr(importers, "read", lambda _source: object())
    monkeypatch.setattr(importers, "resolve", lambda _db, plan: plan)

    def fail(_db, _plan):
        raise error

    monkeypatch.setattr(importers, "apply", fail)
    result = invoke("--db", path, "import", source)
    assert result.exit_code == 2, result.output
    assert "not damaged" in result.output and "report" in result.output
    assert "restore" not in result.output.lower()
    assert bodies(path) == ["Kept safe."]


# -- describe_failure: one place for every sentence --------------------------------


def test_describe_failure_gives_each_kind_its_sentence(tmp_path):
    import errno

    from journal.store.db import describe_failure

    path = tmp_path / "journal.db"
    full = describe_failure(sqlite3.OperationalError("database or disk is full"), path)
    assert "full" in full
    busy = describe_failure(_real_lock_error(tmp_path), path)
    assert "in use" in busy
    disk = describe_failure(OSError(errno.ENOSPC, "No space left on device"), path)
    assert "full" in disk
    ro_disk = describe_failure(OSError(errno.EROFS, "Read-only file system"), path)
    assert "read-only" in ro_disk
    loop = describe_failure(OSError(errno.ELOOP, "Too many levels of symbolic links"), path)
    assert "symbolic link" in loop
    for text in (full, busy, disk, ro_disk, loop):
        assert_not_called_damage(text)
        assert text.endswith("."), text


def _real_lock_error(tmp_path) -> sqlite3.Error:
    path = tmp_path / "locked.db"
    one = sqlite3.connect(path, isolation_level=None, timeout=0)
    two = sqlite3.connect(path, isolation_level=None, timeout=0)
    one.execute("BEGIN IMMEDIATE")
    try:
        two.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        assert error.sqlite_errorname == "SQLITE_BUSY"
        return error
    finally:
        one.close()
        two.close()
    raise AssertionError("no lock")


def test_only_a_failed_check_is_called_damage(tmp_path):
    from conftest import damaged_journal
    from journal.store import DamagedJournalError, verify_journal

    path = damaged_journal(tmp_path / "damaged.db")
    with pytest.raises(DamagedJournalError, match="damaged") as caught:
        verify_journal(path)
    assert "journal restore" in str(caught.value) or "backup" in str(caught.value)


# -- doctor reads and never writes -----------------------------------------------------


def _journal_with_unmerged_wal(path) -> None:
    """A journal whose last changes are still in its -wal: a process died before the
    checkpoint that closing would have done (the state doctor is run in after a crash)."""
    make_journal(path)
    code = ("import os, sys\n"
            "from datetime import date\n"
            "from journal.store import open_journal, reflections\n"
            "db = open_journal(sys.argv[1])\n"
            "db.conn.execute('PRAGMA wal_autocheckpoint=0')\n"
            "reflections.append(db, date(2026, 3, 15), 'Only in the wal.')\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


def test_doctor_changes_no_byte_and_no_mtime_of_the_journal_or_its_wal(user_dir):
    folder = user_dir / "j"
    path = folder / "journal.db"
    _journal_with_unmerged_wal(path)
    assert (folder / "journal.db-wal").stat().st_size > 0
    before = files_state(folder)
    time.sleep(0.01)  # a write now would show in the mtimes
    result = invoke("--db", path, "doctor")
    assert result.exit_code == 0, result.output
    assert "integrity check passed" in result.output and "search indexes match" in result.output
    after = files_state(folder)
    for name in ("journal.db", "journal.db-wal"):
        assert after.get(name) == before[name], f"doctor changed {name}"


def test_doctor_advises_no_restore_for_a_healthy_journal_that_is_busy(user_dir, monkeypatch):
    path = make_journal(user_dir / "j" / "journal.db")
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO settings(key, value) VALUES ('held', '1')")
    try:
        result = invoke("--db", path, "doctor")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1, result.output
    assert "in use" in result.output
    assert_not_called_damage(result.output)

"""Issue 13: the commands do work that does not grow with the journal where it need not.

These tests assert mechanisms (which statements ran, how many calls), never times;
benchmarks/commands.py measures the times against their floors.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner

from journal.cli import cli
from journal.store import open_journal

WHOLE_FILE_CHECKS = ("quick_check", "integrity_check")


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement run on connections the store opens (and on sqlite3.connect)."""
    import journal.store.db as store_db

    ran: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(ran.append)
        return conn

    monkeypatch.setattr(store_db.sqlite3, "connect", traced)
    return ran


def _whole_file_checks(ran: list[str]) -> list[str]:
    return [s for s in ran if any(check in s.lower() for check in WHOLE_FILE_CHECKS)]


# -- 1. journal write checks what it must, not every page ----------------------------------


def test_write_runs_no_whole_file_check(db_path, statements):
    open_journal(db_path).close()
    statements.clear()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "write", "A quick capture"])
    assert result.exit_code == 0, result.output
    assert any("INSERT" in s or "UPDATE" in s for s in statements)  # the trace saw the capture
    assert _whole_file_checks(statements) == []


def test_write_still_reads_the_header_application_id_and_schema_version(db_path, statements):
    open_journal(db_path).close()
    statements.clear()
    CliRunner().invoke(cli, ["--db", str(db_path), "write", "A quick capture"])
    joined = "\n".join(statements)
    assert "PRAGMA application_id" in joined and "PRAGMA user_version" in joined


def test_write_refuses_a_foreign_database_with_the_same_sentence(tmp_path):
    from conftest import file_digest

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = file_digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "write", "hello"])
    assert result.exit_code == 2
    assert "is an SQLite database, but not a journal" in result.output
    assert file_digest(path) == before


def test_backup_reads_the_journal_whole_once(db_path, tmp_path, statements):
    """The copy is checked (it must be proven whole); the journal is not checked
    before as well: the copy holds the same pages."""
    open_journal(db_path).close()
    statements.clear()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    assert len(_whole_file_checks(statements)) == 1


# -- the app's whole-file check: once a day -------------------------------------------------


async def _open_app_once(path, today: date, monkeypatch) -> int:
    import journal.app as app_module
    from helpers import SIZE, make_app, settle

    calls = []
    real = app_module.verify_journal

    def counting(p):
        calls.append(p)
        return real(p)

    monkeypatch.setattr(app_module, "verify_journal", counting)
    db = open_journal(path, verify=False)
    app = make_app(db, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot, 0.1)
        assert app.writer.gate_open
        await pilot.press("ctrl+q")
    db.close()
    return len(calls)


async def test_the_app_checks_the_whole_file_at_most_once_a_day(db_path, monkeypatch):
    open_journal(db_path).close()
    day = date(2026, 3, 14)
    assert await _open_app_once(db_path, day, monkeypatch) == 1
    assert await _open_app_once(db_path, day, monkeypatch) == 0  # the same day: not again
    assert await _open_app_once(db_path, date(2026, 3, 15), monkeypatch) == 1  # the next day: again

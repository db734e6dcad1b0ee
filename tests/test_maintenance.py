"""journal doctor, backup and restore, through the command line (no UI)."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from conftest import damaged_journal, file_digest
from journal.cli import cli
from journal.store import backup as backups
from journal.store import open_journal, reflections
from journal.store.reflections import Reflection

DAY = date(2026, 3, 14)


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def journal_with(path, *bodies):
    db = open_journal(path)
    for i, body in enumerate(bodies):
        reflections.save(db, Reflection(DAY + timedelta(days=i), body=body))
    db.close()
    return path


def bodies(path) -> list[str]:
    db = open_journal(path)
    try:
        return [r["body"] for r in db.query("SELECT body FROM reflections ORDER BY day")]
    finally:
        db.close()


# -- doctor -------------------------------------------------------------------


def test_doctor_on_a_healthy_journal(db_path):
    journal_with(db_path, "A healthy day.")
    before = file_digest(db_path)
    result = run("--db", str(db_path), "doctor")
    assert result.exit_code == 0, result.output
    assert "integrity check passed" in result.output
    assert "All 4 search indexes match the text" in result.output
    assert "Schema 7 of 7" in result.output and "private to you (0600)" in result.output
    assert result.output.rstrip().endswith("All good.")
    assert file_digest(db_path) == before


def test_doctor_on_a_broken_page(db_path):
    damaged_journal(db_path)
    before = file_digest(db_path)
    result = run("--db", str(db_path), "doctor")
    assert result.exit_code == 1
    assert "The file is damaged" in result.output
    assert "journal restore" in result.output  # what to do
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before  # doctor never writes


def test_doctor_on_a_file_others_can_read(db_path):
    journal_with(db_path, "Private thoughts.")
    os.chmod(db_path, 0o644)
    result = run("--db", str(db_path), "doctor")
    assert result.exit_code == 1
    assert "Other users can read the journal: journal.db (0644)" in result.output
    assert f"chmod 600 '{db_path}'" in result.output
    assert "1 problem found." in result.output


def test_doctor_finds_a_search_index_out_of_step_and_rebuild_fixes_it(db_path):
    journal_with(db_path, "Antimatter pricing.")
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM reflections_fts_data WHERE id > 10")  # drop index pages behind FTS5's back
    conn.commit()
    conn.close()
    result = run("--db", str(db_path), "doctor")
    assert result.exit_code == 1
    assert "search index does not match" in result.output and "--rebuild-search" in result.output
    assert bodies(db_path) == ["Antimatter pricing."]  # the text itself is intact
    result = run("--db", str(db_path), "doctor", "--rebuild-search")
    assert result.exit_code == 0, result.output
    assert "Rebuilt 4 search indexes." in result.output


def test_doctor_without_a_journal(tmp_path):
    result = run("--db", str(tmp_path / "none.db"), "doctor")
    assert result.exit_code == 1
    assert "There is no journal at" in result.output
    assert not (tmp_path / "none.db").exists()


def test_doctor_on_a_file_that_is_not_a_journal(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    result = run("--db", str(other), "doctor")
    assert result.exit_code == 1
    assert "not a journal" in result.output


# -- backup and restore ----------------------------------------------------------


def test_backup_and_restore_round_trip(db_path, tmp_path):
    journal_with(db_path, "Before the backup.")
    dest = tmp_path / "saved.db"
    result = run("--db", str(db_path), "backup", str(dest))
    assert result.exit_code == 0, result.output
    assert "checked" in result.output
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".saved.db*"))  # no temporary file left
    db = open_journal(db_path)
    reflections.append(db, DAY, "After the backup.")
    db.close()

    result = run("--db", str(db_path), "restore", str(dest), "--yes")
    assert result.exit_code == 0, result.output
    assert bodies(db_path) == ["Before the backup."]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    # The journal as it was before the restore was kept, so the restore can be undone.
    kept = list((db_path.parent / "backups").glob("journal-before-restore-*.db"))
    assert len(kept) == 1 and bodies(kept[0]) == ["Before the backup.\n\nAfter the backup."]
    assert run("--db", str(db_path), "doctor").exit_code == 0


def test_backup_is_a_consistent_snapshot_while_another_connection_writes(db_path, tmp_path):
    journal_with(db_path, "Committed.")
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE reflections SET body = 'half written'")
    try:
        made = backups.backup(db_path, tmp_path / "snap.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert bodies(made) == ["Committed."]


def test_backup_without_a_path_goes_to_the_backups_folder(db_path):
    journal_with(db_path, "x")
    first = run("--db", str(db_path), "backup")
    second = run("--db", str(db_path), "backup")
    assert first.exit_code == second.exit_code == 0
    made = sorted((db_path.parent / "backups").glob("journal-*.db"))
    assert len(made) == 2  # two backups in one second get different names
    assert stat.S_IMODE((db_path.parent / "backups").stat().st_mode) == 0o700


def test_backup_never_overwrites(db_path, tmp_path):
    journal_with(db_path, "x")
    dest = tmp_path / "taken.db"
    dest.write_text("my other file")
    result = run("--db", str(db_path), "backup", str(dest))
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert dest.read_text() == "my other file"


def test_backup_refuses_a_damaged_journal(db_path, tmp_path):
    damaged_journal(db_path)
    result = run("--db", str(db_path), "backup", str(tmp_path / "b.db"))
    assert result.exit_code == 2
    assert "damaged" in result.output
    assert not (tmp_path / "b.db").exists()


def test_restore_asks_unless_yes(db_path, tmp_path):
    journal_with(db_path, "current")
    saved = journal_with(tmp_path / "old.db", "old")
    before = file_digest(db_path)
    result = run("--db", str(db_path), "restore", str(saved))  # not a terminal, no --yes
    assert result.exit_code == 2
    assert "--yes" in result.output
    assert file_digest(db_path) == before


def test_restore_refuses_what_is_not_a_healthy_backup(db_path, tmp_path):
    journal_with(db_path, "current")
    before = file_digest(db_path)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    broken = damaged_journal(tmp_path / "broken.db")
    for source in (garbage, broken, tmp_path / "missing.db"):
        result = run("--db", str(db_path), "restore", str(source), "--yes")
        assert result.exit_code == 2, result.output
        assert "Nothing was changed" in result.output
        assert file_digest(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_restore_over_a_damaged_journal_keeps_the_damaged_file(db_path, tmp_path):
    saved = journal_with(tmp_path / "good.db", "good")
    damaged_journal(db_path)
    damaged_bytes = db_path.read_bytes()
    result = run("--db", str(db_path), "restore", str(saved), "--yes")
    assert result.exit_code == 0, result.output
    assert bodies(db_path) == ["good"]
    kept = list((db_path.parent / "backups").glob("journal-before-restore-*"))
    assert [p.read_bytes() for p in kept if p.suffix == ".db"] == [damaged_bytes]


def test_daily_backups_keep_the_last_seven(db_path):
    journal_with(db_path, "x")
    for i in range(10):
        assert backups.daily_backup(db_path, DAY + timedelta(days=i)) is not None
    assert backups.daily_backup(db_path, DAY + timedelta(days=9)) is None  # one a day
    kept = backups.automatic_backups(db_path)
    assert [p.name for p in kept] == [f"journal-auto-{DAY + timedelta(days=i)}.db" for i in range(3, 10)]


def test_daily_backups_count_is_configurable(db_path, monkeypatch):
    journal_with(db_path, "x")
    monkeypatch.setenv("JOURNAL_BACKUPS", "2")
    for i in range(4):
        backups.daily_backup(db_path, DAY + timedelta(days=i))
    assert len(backups.automatic_backups(db_path)) == 2
    monkeypatch.setenv("JOURNAL_BACKUPS", "0")
    assert backups.daily_backup(db_path, DAY + timedelta(days=5)) is None


@pytest.mark.slow
@pytest.mark.parametrize("answer, restored", [("n", False), ("y", True)])
def test_restore_asks_at_a_terminal(db_path, tmp_path, answer, restored):
    from terminal import TerminalSession

    journal_with(db_path, "current")
    saved = journal_with(tmp_path / "old.db", "old")
    session = TerminalSession(db_path, args=("restore", str(saved)))
    try:
        session.wait_for(b"Restore it? [y/N]")
        session.type(answer + "\r")
        session.wait_for(b"Restored" if restored else b"Nothing was changed")
        assert session.wait() == 0
    finally:
        session.close()
    assert bodies(db_path) == (["old"] if restored else ["current"])


def _as_written_by_the_previous_version(db_path):
    """A journal one migration behind (as the previous release left it)."""
    db = open_journal(db_path)
    reflections.append(db, date(2026, 3, 14), "Written before the upgrade.")
    last = db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [last])
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version={version - 1}")
    db.close()


@pytest.mark.parametrize("args", [["write", "hello"], ["search", "upgrade"], ["export"]])
def test_an_upgrade_says_so_before_it_starts(db_path, args):
    """An upgrade may rebuild the search indexes (seconds on a large journal): the
    user is told it is happening, once, on standard error; the text is kept."""
    _as_written_by_the_previous_version(db_path)
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    assert "Upgrading" in result.stderr and "once" in result.stderr
    again = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert "Upgrading" not in again.stderr
    assert "Written before the upgrade." in CliRunner().invoke(cli, ["--db", str(db_path), "export"]).stdout


def test_the_app_says_so_before_an_upgrade_too(db_path, capsys):
    from journal.launch import open_app

    _as_written_by_the_previous_version(db_path)
    open_app(db_path).conn.close()
    assert "Upgrading" in capsys.readouterr().err
    open_app(db_path).conn.close()
    assert "Upgrading" not in capsys.readouterr().err


@pytest.mark.skipif(sqlite3.sqlite_version_info >= (3, 45, 1), reason="integrity_check covers FTS5 itself")
def test_doctor_checks_the_search_indexes_on_a_copy_on_disk_not_in_memory(db_path, monkeypatch):
    """A copy in memory holds the whole file: 1.5 GB at 1,000,000 entries."""
    from journal.store import doctor

    db = open_journal(db_path)
    reflections.append(db, date(2026, 3, 14), "Indexed words.")
    db.close()
    opened = []
    real = sqlite3.connect
    monkeypatch.setattr(doctor.sqlite3, "connect", lambda where, *a, **k: opened.append(str(where)) or real(where, *a, **k))
    assert doctor.search_indexes(db_path).ok
    copies = [where for where in opened if where != str(db_path) and not where.startswith("file:")]
    assert copies and ":memory:" not in copies
    assert not any(os.path.exists(where) for where in copies)  # removed afterwards

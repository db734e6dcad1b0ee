"""The file: permissions, pragmas, migrations, refusals, locking, search index."""

from __future__ import annotations

import re
import sqlite3
import stat
import threading
import time
from datetime import date

import pytest
from sqlite_utils import Database

from conftest import file_digest
from journal.store import NewerJournalError, NotAJournalError, open_journal, write_transaction
from journal.store import reflections
from journal.store.reflections import Reflection
from journal.store.schema import migrations


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_journal_is_private(db_path):
    open_journal(db_path).close()
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600


def test_existing_folder_permissions_are_left_alone(tmp_path):
    # We only create folders private; an existing one is the user's choice.
    (tmp_path / "shared").mkdir(mode=0o755)
    path = tmp_path / "shared" / "j.db"
    open_journal(path).close()
    assert mode(path) == 0o600


def test_pragmas_for_durability_and_waiting(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_migrations_applied_once(db_path):
    db = open_journal(db_path)
    applied = [m.name for m in migrations.applied(db)]
    assert applied == [m.name for m in migrations._migrations]
    assert {"reflections", "settings", "reflections_fts"} <= set(db.table_names())
    db.close()
    again = open_journal(db_path)
    assert [m.name for m in migrations.applied(again)] == applied
    assert again.execute("PRAGMA user_version").fetchone()[0] == len(applied)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff" * 5000,
        b"Dear diary, this is a text file.\n" * 40,
        b"SQLite format 3\x00" + b"\x13" * 2000,  # right header, garbage after
    ],
    ids=["random-bytes", "text-file", "broken-sqlite"],
)
def test_not_a_journal_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    before = file_digest(path)
    with pytest.raises(NotAJournalError, match="not a journal"):
        open_journal(path)
    assert file_digest(path) == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_other_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    other.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    other.commit()
    other.close()
    before = file_digest(path)
    with pytest.raises(NotAJournalError, match="SQLite database, but not a journal"):
        open_journal(path)
    assert file_digest(path) == before
    # still in its original (rollback journal) mode: we did not switch it to WAL
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_newer_schema_is_refused_untouched(db_path):
    db = open_journal(db_path)
    with write_transaction(db):
        db["_sqlite_migrations"].insert(
            {"migration_set": "journal", "name": "m999_from_the_future", "applied_at": "2030-01-01"}
        )
    db.close()
    before = file_digest(db_path)
    with pytest.raises(NewerJournalError, match="newer version"):
        open_journal(db_path)
    assert file_digest(db_path) == before


def test_newer_user_version_is_refused(db_path):
    db = open_journal(db_path)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(NewerJournalError):
        open_journal(db_path)


def test_empty_file_becomes_a_journal(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    open_journal(path).close()
    assert "reflections" in Database(path).table_names()


def test_folder_in_place_of_file_is_refused(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(NotAJournalError, match="not a file"):
        open_journal(tmp_path / "dir.db")


def test_begin_immediate_makes_second_writer_wait_not_fail(db_path):
    first = open_journal(db_path)
    second = open_journal(db_path)
    finished = threading.Event()
    errors: list[BaseException] = []

    def other_writer():
        try:
            reflections.save(second, Reflection(day=date(2026, 1, 2), body="from the second process"))
        except BaseException as error:  # pragma: no cover - the failure we test against
            errors.append(error)
        finished.set()

    with write_transaction(first):
        reflections.save(first, Reflection(day=date(2026, 1, 1), body="first"))
        thread = threading.Thread(target=other_writer)
        thread.start()
        time.sleep(0.5)
        assert not finished.is_set(), "the second writer should wait for the lock"
    thread.join(timeout=10)
    assert errors == []
    assert reflections.get(first, date(2026, 1, 2)).body == "from the second process"


def test_deferred_transactions_would_fail_where_ours_wait(db_path):
    """Why the helper exists: a deferred read-then-write fails at once when another
    writer has committed since our read began (SQLITE_BUSY_SNAPSHOT)."""
    first = open_journal(db_path)
    second = open_journal(db_path)
    second.conn.execute("BEGIN")  # deferred, as db.atomic() does
    second.execute("SELECT count(*) FROM reflections").fetchone()
    reflections.save(first, Reflection(day=date(2026, 1, 1), body="x"))
    with pytest.raises(sqlite3.OperationalError, match="locked|busy"):
        second.conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    second.conn.execute("ROLLBACK")


def test_write_transaction_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            reflections.save(db, Reflection(day=date(2026, 1, 1), body="lost on purpose"))
            raise RuntimeError("boom")
    assert reflections.get(db, date(2026, 1, 1)) is None


def test_times_have_offsets_and_ids_are_stable(db):
    first = reflections.save(db, Reflection(day=date(2026, 1, 1), body="one"))
    second = reflections.save(db, Reflection(day=date(2026, 1, 1), body="one, edited"))
    assert first.id == second.id
    assert second.version > first.version
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", second.updated_at)
    row = db.execute("SELECT day, created_at FROM reflections").fetchone()
    assert row[0] == "2026-01-01"
    assert row[1] == first.created_at


def test_reflections_are_full_text_indexed(db):
    reflections.save(
        db,
        Reflection(day=date(2026, 1, 1), body="We decided to rebuild onboarding.",
                   prompts=["Ah-ha?"], answers=["Customers want speed"], tags=["strategy"]),
    )
    reflections.save(db, Reflection(day=date(2026, 1, 2), body="A quiet day."))
    found = lambda q: [r["day"] for r in db["reflections"].search(q)]  # noqa: E731
    assert found("decide") == ["2026-01-01"]  # stemmed
    assert found("customers") == ["2026-01-01"]  # answers are indexed
    assert found("strategy") == ["2026-01-01"]  # tags too
    assert found("quiet") == ["2026-01-02"]
    # the triggers keep the index current on update and delete
    reflections.save(db, Reflection(day=date(2026, 1, 2), body="A loud day."))
    assert found("quiet") == []
    reflections.save(db, Reflection(day=date(2026, 1, 2)))
    assert found("loud") == []


def test_damaged_journal_is_refused_untouched(tmp_path):
    from conftest import damaged_journal
    from journal.store import DamagedJournalError

    path = damaged_journal(tmp_path / "damaged.db")
    before = file_digest(path)
    with pytest.raises(DamagedJournalError, match="damaged"):
        open_journal(path)
    assert file_digest(path) == before


def test_verify_journal_is_separate_and_read_only(tmp_path):
    from conftest import damaged_journal
    from journal.store import DamagedJournalError, verify_journal

    path = damaged_journal(tmp_path / "damaged.db")
    before = file_digest(path)
    db = open_journal(path, verify=False)  # constant-time checks pass
    with pytest.raises(DamagedJournalError):
        verify_journal(path)
    db.close()
    assert file_digest(path) == before

"""Backups and restore, through SQLite's online backup API (never a file copy of
the live database, which could catch a write half done).

A backup is written to a temporary file beside its destination, checked with
quick_check, synced, made 0600 and renamed into place: a backup either exists
whole and verified, or not at all. Automatic backups (one a day, the last N
kept) live in a `backups` folder beside the journal.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from journal.files import remove_stale_temps, temp_file
from journal.store.db import (
    BUSY_TIMEOUT_S,
    JournalError,
    NotAJournalError,
    _check_bytes,
    _connect_read_only,
    _quick_check,
    journal_error,
    schema_state,
)

DEFAULT_KEEP = 7
KEEP_ENV = "JOURNAL_BACKUPS"
AUTO_PATTERN = re.compile(r"-auto-(\d{4}-\d{2}-\d{2})\.db$")


def backups_dir(journal: Path) -> Path:
    return journal.parent / "backups"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_only(path: Path) -> sqlite3.Connection:
    return _connect_read_only(path)  # never writes; reads a journal in a read-only folder too


def _private_folder(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        os.chmod(folder, 0o700)


def backup(journal: Path, dest: Path) -> Path:
    """Copy the journal to dest (a file that must not exist yet) and verify the copy.

    Raises JournalError with a sentence to show; on any failure nothing is left at dest.
    """
    if not journal.exists():
        raise JournalError(f"There is no journal at {journal} to back up.")
    if dest.exists():
        raise JournalError(f"{dest} already exists; choose another name (nothing was written).")
    _private_folder(dest.parent)
    remove_stale_temps(dest.parent)  # what a killed backup or export left here
    try:
        fd, tmp = temp_file(dest.parent)  # private, and named as every temporary file of ours
    except OSError as error:
        raise JournalError(f"Could not write {dest}: {error.strerror}.") from error
    os.close(fd)
    try:
        source = _read_only(journal)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)  # the whole file in one step, a consistent snapshot
            # A backup is one self-contained file: no -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
            # The copy holds the journal's pages as they are: checking it proves both,
            # and damage found is the journal's (named so), read once instead of twice.
            _quick_check(target, journal)
        finally:
            target.close()
            source.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if dest.exists():  # appeared meanwhile: never clobber
            raise JournalError(f"{dest} already exists; choose another name (nothing was written).")
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except sqlite3.Error as error:
        raise JournalError(f"Could not back up {journal}: {error}. Run 'journal doctor' to check it.") from error
    except OSError as error:
        raise journal_error(error, dest) from error  # which folder, and what to do
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def stamped_name(journal: Path, kind: str = "", when: datetime | None = None) -> str:
    when = when or datetime.now()
    middle = f"-{kind}" if kind else ""
    return f"{journal.stem}{middle}-{when:%Y-%m-%d-%H%M%S}.db"


def free_path(folder: Path, name: str) -> Path:
    """folder/name, or name-2, name-3... when taken (two backups within a second)."""
    path = folder / name
    stem, n = path.stem, 2
    while path.exists():
        path = folder / f"{stem}-{n}{path.suffix}"
        n += 1
    return path


def default_backup_path(journal: Path) -> Path:
    return free_path(backups_dir(journal), stamped_name(journal))


# -- automatic daily backups ------------------------------------------------


def keep_count() -> int:
    """How many automatic backups to keep: $JOURNAL_BACKUPS, else 7; 0 turns them off."""
    raw = os.environ.get(KEEP_ENV, "").strip()
    if not raw:
        return DEFAULT_KEEP
    try:
        return max(0, int(raw))
    except ValueError:
        return DEFAULT_KEEP


def automatic_backups(journal: Path) -> list[Path]:
    """This journal's automatic backups, oldest first."""
    folder = backups_dir(journal)
    if not folder.is_dir():
        return []
    prefix = f"{journal.stem}-auto-"
    found = [p for p in folder.iterdir() if p.name.startswith(prefix) and AUTO_PATTERN.search(p.name)]
    return sorted(found, key=lambda p: p.name)


def daily_backup(journal: Path, today: date, keep: int | None = None) -> Path | None:
    """Today's automatic backup, unless there is one already; then prune to `keep`.

    Returns the new backup's path, or None when none was due.
    """
    keep = keep_count() if keep is None else keep
    if keep == 0 or not journal.exists():
        return None
    folder = backups_dir(journal)
    dest = folder / f"{journal.stem}-auto-{today.isoformat()}.db"
    made = None
    if not dest.exists():
        try:
            made = backup(journal, dest)
        except JournalError:
            if not dest.exists():  # else another window made it a moment ago
                raise
    for old in automatic_backups(journal)[:-keep]:
        old.unlink(missing_ok=True)
    # Temporary files of versions before files.TEMP_PREFIX (backup() sweeps the current ones).
    for stale in folder.glob(f".{journal.stem}-auto-*.tmp"):
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
        except OSError:
            pass
    return made


# -- restore ----------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    records: int
    newest: str | None  # the latest day written in it


def inspect(path: Path) -> BackupInfo:
    """Check that path is a healthy journal this version can open; raise JournalError if not."""
    if not path.is_file():
        raise JournalError(f"There is no backup file at {path}.")
    if not _check_bytes(path):
        raise NotAJournalError(f"{path} is empty: it is not a backup of a journal.")
    conn = _read_only(path)
    try:
        _quick_check(conn, path)
        state = schema_state(conn, path)
        if state.newer:
            raise JournalError(f"{path} was written by a newer version of journal; upgrade journal to restore it.")
        records, newest = 0, None
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, day in (("reflections", "day"), ("breakthroughs", "happened_on"), ("strategy_notes", None)):
            if table in tables:
                records += conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                if day:
                    last = conn.execute(f"SELECT max({day}) FROM {table}").fetchone()[0]
                    newest = max(filter(None, [newest, last]), default=None)
        return BackupInfo(path, records, newest)
    except sqlite3.Error as error:
        raise NotAJournalError(f"{path} is not a journal SQLite can read ({error}).") from error
    finally:
        conn.close()


def set_aside(journal: Path) -> Path:
    """Keep the current journal before a restore: a verified backup, or, if it is too
    damaged for that, a plain copy of its files (nothing else can still read it)."""
    dest = free_path(backups_dir(journal), stamped_name(journal, "before-restore"))
    try:
        return backup(journal, dest)
    except JournalError:
        _private_folder(dest.parent)
        dest = dest.with_name(dest.stem + "-damaged.db")
        shutil.copyfile(journal, dest)
        os.chmod(dest, 0o600)
        wal = journal.with_name(journal.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
            os.chmod(dest.with_name(dest.name + "-wal"), 0o600)
        return dest


def _revision_of(journal: Path) -> int:
    """The journal's revision counter before a restore (0 if it has none or cannot be read)."""
    try:
        conn = _read_only(journal)
    except (JournalError, sqlite3.Error):
        return 0
    try:
        return conn.execute("SELECT revision FROM journal_state").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def _matching_page_size(src: sqlite3.Connection, page_size: int, beside: Path) -> tuple[sqlite3.Connection, Path | None]:
    """src itself, or a temporary copy of it rebuilt with `page_size`: the backup API
    cannot copy between page sizes into a journal in WAL mode, and the journal must be
    written in place (an open app keeps its file; a rename would leave it writing into
    a deleted one)."""
    if src.execute("PRAGMA page_size").fetchone()[0] == page_size:
        return src, None
    fd, tmp = temp_file(beside.parent)
    os.close(fd)
    copy = sqlite3.connect(tmp, isolation_level=None)
    try:
        src.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.execute(f"PRAGMA page_size={int(page_size)}")
        copy.execute("VACUUM")
    except BaseException:
        copy.close()
        Path(tmp).unlink(missing_ok=True)
        raise
    return copy, Path(tmp)


def restore(source: Path, journal: Path) -> Path | None:
    """Replace the journal's content with the backup's, after setting the current one aside.

    The copy goes through the backup API into the journal's own file, whatever the
    backup's page size, so a program that has it open sees the restored journal,
    never a half-written one, and keeps writing into the same file. The restored
    file gets a new epoch and a revision above the old one (store.revision): an app
    open on it notices, and merges what it had not saved instead of overwriting.
    Returns where the previous journal was kept (None if there was none).
    """
    from journal.store.revision import start_new_epoch

    inspect(source)
    remove_stale_temps(journal.parent)  # what a killed restore left (a scratch copy of a journal)
    kept = set_aside(journal) if journal.exists() and journal.stat().st_size else None
    old_revision = _revision_of(journal)
    src = _read_only(source)
    copy, scratch = src, None
    try:
        try:
            target = sqlite3.connect(str(journal), timeout=BUSY_TIMEOUT_S)
            try:
                page_size = target.execute("PRAGMA page_size").fetchone()[0]
                copy, scratch = _matching_page_size(src, page_size, journal)
                copy.backup(target)
                _quick_check(target, journal)
            finally:
                target.close()
        except (sqlite3.DatabaseError, JournalError):
            # The old file is too damaged to write through SQLite (it is kept aside):
            # build the restored journal beside it and move it into place.
            fresh = journal.with_name(f".{journal.name}.restore.tmp")
            fresh.unlink(missing_ok=True)
            target = sqlite3.connect(fresh)
            try:
                src.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            os.chmod(fresh, 0o600)
            for suffix in ("-wal", "-shm"):
                journal.with_name(journal.name + suffix).unlink(missing_ok=True)
            os.replace(fresh, journal)
            _fsync_dir(journal.parent)
    finally:
        src.close()
        if scratch is not None:
            copy.close()
            scratch.unlink(missing_ok=True)
    os.chmod(journal, 0o600)
    _mark_restored(journal, old_revision, start_new_epoch)
    return kept


def _mark_restored(journal: Path, old_revision: int, start_new_epoch) -> None:
    """Bring the restored file to the current schema, then give it a new epoch."""
    from journal.store.db import open_journal, write_transaction

    db = open_journal(journal, verify=False)  # restore() checked it whole just now
    try:
        with write_transaction(db):
            start_new_epoch(db.conn, at_least=old_revision)
    finally:
        db.close()

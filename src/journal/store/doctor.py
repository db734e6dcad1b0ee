"""`journal doctor`: check the journal file and say, in plain words, what is wrong
and what to do. Reads only: every connection is mode=ro, so not a byte of the
journal or its -wal changes, not even by a checkpoint (which a read-write
connection does when it closes last). Only real damage -- a failed integrity
check -- is called damage and gets a restore suggested.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal.store.failures import sentence_case
from journal.store.backup import automatic_backups, backups_dir
from journal.store.db import SQLITE_HEADER, _connect_read_only, schema_state
from journal.store.failures import (
    DamagedJournalError,
    NotAJournalError,
    journal_error,
    primary_code,
    why_read_only,
)

MIN_SQLITE = (3, 35, 0)  # MATERIALIZED common table expressions
# FTS5's own check is an INSERT command, refused on a read-only connection. From
# 3.45.1 PRAGMA integrity_check runs it too (xIntegrity, read-only since 3.45.1).
FTS_IN_INTEGRITY_CHECK = (3, 45, 1)


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str  # what was found
    fix: str = ""  # what to do about it (problems only)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def permissions(journal: Path) -> list[Finding]:
    findings = []
    folder = journal.parent if str(journal.parent) else Path(".")
    loose = [(p, _mode(p)) for p in (journal, journal.with_name(journal.name + "-wal"),
                                      journal.with_name(journal.name + "-shm")) if p.exists() and _mode(p) & 0o077]
    if loose:
        listed = ", ".join(f"{p.name} ({mode:04o})" for p, mode in loose)
        findings.append(Finding(False, f"Other users can read the journal: {listed}.",
                                "Run: chmod 600 " + " ".join(f"'{p}'" for p, _ in loose)))
    else:
        findings.append(Finding(True, f"The file is private to you ({_mode(journal):04o})."))
    folder_mode = _mode(folder)
    if folder_mode & 0o022:
        findings.append(Finding(False, f"Other users can add or delete files in the folder {folder} "
                                       f"({folder_mode:04o}), and so replace the journal.",
                                f"Run: chmod go-w '{folder}'"))
    elif folder_mode & 0o077:
        findings.append(Finding(True, f"The folder is yours ({folder_mode:04o}); others can list it, "
                                      "not read the journal."))
    else:
        findings.append(Finding(True, f"The folder is private to you ({folder_mode:04o})."))
    backups = backups_dir(journal)
    if backups.is_dir() and _mode(backups) & 0o077:
        findings.append(Finding(False, f"The backups folder is open to other users ({_mode(backups):04o}).",
                                f"Run: chmod -R go-rwx '{backups}'"))
    return findings


def sqlite_version() -> Finding:
    version = sqlite3.sqlite_version_info
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        fts5 = True
    except sqlite3.Error:
        fts5 = False
    if version < MIN_SQLITE or not fts5:
        need = ".".join(map(str, MIN_SQLITE))
        return Finding(False, f"SQLite {sqlite3.sqlite_version}{'' if fts5 else ' without FTS5'} is too old "
                              f"for journal (it needs {need} or later, with FTS5).",
                       "Use a Python built with a newer SQLite (python.org and most distributions have one).")
    return Finding(True, f"SQLite {sqlite3.sqlite_version} with FTS5.")


def _fts_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING FTS5%'")]


def search_indexes(journal: Path) -> Finding:
    """Every search index of the journal against its text, without a write."""
    conn = _connect_read_only(journal)
    try:
        fts_problems = []
        if sqlite3.sqlite_version_info >= FTS_IN_INTEGRITY_CHECK:
            tables = _fts_tables(conn)
            fts_problems = [p for (p,) in conn.execute("PRAGMA integrity_check")
                            if any(t in p for t in tables)]
        return _search_indexes(conn, fts_problems)
    finally:
        conn.close()


SCRATCH = "journal-doctor-"  # + pid + "-": a folder of a process that is gone may be removed
# Writing the scratch copy failed: full, too large for the disk or limits, unwritable.
SCRATCH_FAULTS = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY}


def _check_on_a_copy(conn: sqlite3.Connection, tables: list[str], broken: list[str]) -> None:
    _remove_stale_copies()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-") as folder:  # 0700: private text
        copy = sqlite3.connect(Path(folder) / "copy.db", isolation_level=None)
        try:
            copy.execute("PRAGMA journal_mode=OFF")  # a scratch copy: nothing to roll back to
            copy.execute("PRAGMA synchronous=OFF")
            conn.backup(copy)
            for table in tables:
                try:
                    copy.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
                except sqlite3.DatabaseError as error:
                    if error.sqlite_errorcode & 0xFF in SCRATCH_FAULTS:
                        raise
                    broken.append(f"{table} ({error})")
        finally:
            copy.close()


def _remove_stale_copies() -> None:
    """A doctor killed during the check (kill -9, power cut) left its copy: the
    journal's whole text in the temporary folder. Remove ours whose process is gone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH}*-*"):
        pid = folder.name[len(SCRATCH):].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # alive (another user's pid), or gone meanwhile
            continue


def _search_indexes(conn: sqlite3.Connection, fts_problems: list[str]) -> Finding:
    """Before SQLite 3.45.1, FTS5's 'integrity-check' command (an INSERT, refused
    on a read-only connection) runs on a copy in a private temporary folder: on
    disk, not in memory, which would hold the whole file (1.5 GB at 1,000,000
    entries); from 3.45.1 PRAGMA integrity_check has done it already and found
    fts_problems."""
    tables = _fts_tables(conn)
    broken = list(fts_problems)
    if sqlite3.sqlite_version_info < FTS_IN_INTEGRITY_CHECK:
        try:
            _check_on_a_copy(conn, tables, broken)
        except (OSError, sqlite3.OperationalError) as error:  # the scratch folder's, not the journal's
            if isinstance(error, sqlite3.OperationalError) and error.sqlite_errorcode & 0xFF not in SCRATCH_FAULTS:
                raise
            folder = tempfile.gettempdir()
            return Finding(False, f"The search indexes could not be checked: no room for a scratch copy of the "
                                  f"journal in the temporary folder {folder} ({error}). The journal is not at fault.",
                           "Free space there, or point TMPDIR at a private folder with room, then run "
                           "journal doctor again.")
    if broken:
        return Finding(False, "The search index does not match the text: " + "; ".join(broken) + ".",
                       "Your text is intact. Rebuild the index: journal doctor --rebuild-search")
    return Finding(True, f"All {len(tables)} search indexes match the text.")


def rebuild_search(journal: Path) -> int:
    """Rebuild every FTS index from its table (the fix doctor suggests). Returns how many."""
    from journal.store.db import _connect, write_transaction, _database

    conn = _connect(journal)
    try:
        db = _database(conn)
        tables = _fts_tables(conn)
        with write_transaction(db):
            for table in tables:
                conn.execute(f"INSERT INTO {table}({table}) VALUES('rebuild')")
        return len(tables)
    finally:
        conn.close()


def backups_finding(journal: Path, today: date) -> Finding:
    autos = automatic_backups(journal)
    if not autos:
        return Finding(True, "No automatic backups yet: the app makes one on the first open of each day.")
    newest = date.fromisoformat(autos[-1].name[-13:-3])
    age = (today - newest).days
    when = "today" if age == 0 else "yesterday" if age == 1 else f"{age} days ago"
    return Finding(True, f"{len(autos)} automatic backup{'s' if len(autos) != 1 else ''} in "
                         f"{backups_dir(journal)}, the newest from {when}.")


def _restore_hint(journal: Path) -> str:
    try:
        autos = automatic_backups(journal)
    except OSError:
        autos = []
    if autos:
        return f"Restore the newest backup: journal restore '{autos[-1]}'"
    return "Restore a backup with journal restore PATH, or rescue what can be read: journal export -o rescue.md"


def _failure(error: BaseException, journal: Path) -> Finding:
    """A failure as a finding: real damage gets a restore suggested, the rest its own sentence."""
    problem = journal_error(error, journal)
    if isinstance(problem, DamagedJournalError):
        return Finding(False, f"The file is damaged. SQLite says: {error}.",
                       "Do not write to it. " + _restore_hint(journal) + ". The app opens it read-only meanwhile.")
    return Finding(False, str(problem))  # its sentence says what to do


def read_only_finding(journal: Path) -> Finding | None:
    why = why_read_only(journal)
    if why is None:
        return None
    what, fix = why
    wal = journal.with_name(journal.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        fix += (f". Its newest changes are in {wal.name} beside it, which SQLite merges in only when it "
                f"may write there: keep the two files together (copy both, never {journal.name} alone)")
    return Finding(False, f"{sentence_case(what)}: journal can read it, but not save to it (read-only).",
                   sentence_case(fix))


def examine(journal: Path, today: date | None = None) -> list[Finding]:
    """Every check, in order; later checks are skipped when the file cannot be read at all."""
    today = today or date.today()
    findings = [sqlite_version()]
    try:
        info = journal.stat()
        with open(journal, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return findings + [Finding(False, f"There is no journal at {journal}.",
                                   "Check the path (--db or $JOURNAL_DB); 'journal where' shows which file is used.")]
    except OSError as error:
        return findings + [_failure(error, journal)]
    if not stat.S_ISREG(info.st_mode):
        return findings + [Finding(False, f"{journal} is not a file.", "Choose the journal file with --db.")]
    findings += permissions(journal)
    read_only = read_only_finding(journal)
    if read_only:
        findings.append(read_only)
    if header != SQLITE_HEADER:
        return findings + [Finding(False, f"{journal} is not an SQLite database (its first bytes are wrong).",
                                   "Point --db at your journal ('journal where' shows the default). If this "
                                   "file was your journal, its start is damaged: " + _restore_hint(journal) + ".")]
    try:
        conn = _connect_read_only(journal)
    except sqlite3.Error as error:
        return findings + [_failure(error, journal)]
    try:
        return findings + _check_contents(conn, journal, today)
    finally:
        conn.close()


def _check_contents(conn: sqlite3.Connection, journal: Path, today: date) -> list[Finding]:
    findings = []
    try:
        state = schema_state(conn, journal)
    except NotAJournalError:
        return [Finding(False, f"{journal} is an SQLite database, but not a journal.",
                        "Point --db at your journal; 'journal where' shows the default.")]
    except sqlite3.Error as error:
        return [_failure(error, journal)]
    if state.newer:
        findings.append(Finding(False, f"The journal was written by a newer journal (schema {state.version}, "
                                       f"this one knows {state.current}).", "Upgrade journal."))
    elif state.version < state.current:
        findings.append(Finding(True, f"Schema {state.version} of {state.current}: it is upgraded the next "
                                      "time the journal is opened."))
    else:
        findings.append(Finding(True, f"Schema {state.version} of {state.current}: current."))
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        fts_tables = _fts_tables(conn)
    except sqlite3.DatabaseError as error:
        if primary_code(error) not in (11, 26):  # CORRUPT, NOTADB: damage; the rest (a lock, the disk) is not
            return findings + [_failure(error, journal)]
        problems, fts_tables = [str(error)], []
    # From SQLite 3.44 the check covers search indexes too: a stale index is not a damaged file.
    fts_problems = [p for p in problems if any(t in p for t in fts_tables)]
    problems = [p for p in problems if p not in fts_problems] or ["ok"]
    if problems != ["ok"]:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        findings.append(Finding(False, f"The file is damaged. SQLite's integrity check says: {shown}.",
                                "Do not write to it. " + _restore_hint(journal) +
                                ". The app opens it read-only meanwhile."))
        return findings
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    findings.append(Finding(True, f"SQLite's integrity check passed ({pages:,} pages)."))
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        findings.append(Finding(False, "Some records point at records that no longer exist.",
                                "Export the journal (journal export --format json), then report this as a bug."))
    try:
        findings.append(_search_indexes(conn, fts_problems))
    except sqlite3.Error as error:
        findings.append(_failure(error, journal))
    findings.append(backups_finding(journal, today))
    return findings

"""`journal doctor`: check the journal file and say, in plain words, what is wrong
and what to do. Reads only: the file's bytes are never changed.
"""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal.store.backup import automatic_backups, backups_dir
from journal.store.db import BUSY_TIMEOUT_S, SQLITE_HEADER, JournalError, schema_state

MIN_SQLITE = (3, 35, 0)  # MATERIALIZED common table expressions


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
    """FTS5's own integrity check for every index. It is an INSERT command, so it runs
    inside a transaction that is rolled back: nothing is ever written."""
    try:
        conn = sqlite3.connect(str(journal), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        return Finding(False, f"The search indexes could not be checked ({error}).",
                       "Make the file writable by you (chmod 600) and run journal doctor again.")
    try:
        tables = _fts_tables(conn)
        broken = []
        conn.execute("BEGIN")
        try:
            for table in tables:
                try:
                    conn.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
                except sqlite3.OperationalError as error:
                    if "readonly" in str(error) or "locked" in str(error) or "busy" in str(error):
                        raise
                    broken.append(f"{table} ({error})")
                except sqlite3.DatabaseError as error:
                    broken.append(f"{table} ({error})")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as error:
        return Finding(False, f"The search indexes could not be checked ({error}).",
                       "Close other programs using the journal and run journal doctor again.")
    finally:
        conn.close()
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


def examine(journal: Path, today: date | None = None) -> list[Finding]:
    """Every check, in order; later checks are skipped when the file cannot be read at all."""
    today = today or date.today()
    restore_hint = (f"Restore the newest backup: journal restore '{automatic_backups(journal)[-1]}'"
                    if automatic_backups(journal) else
                    "Restore a backup with journal restore PATH, or rescue what can be read: journal export -o rescue.md")
    findings = [sqlite_version()]
    if not journal.exists():
        return findings + [Finding(False, f"There is no journal at {journal}.",
                                   "Check the path (--db or $JOURNAL_DB); 'journal where' shows which file is used.")]
    if not journal.is_file():
        return findings + [Finding(False, f"{journal} is not a file.", "Choose the journal file with --db.")]
    findings += permissions(journal)
    try:
        with open(journal, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        return findings + [Finding(False, f"The journal cannot be read ({error.strerror}).",
                                   f"Run: chmod 600 '{journal}'")]
    if header != SQLITE_HEADER:
        return findings + [Finding(False, f"{journal} is not an SQLite database (its first bytes are wrong).",
                                   restore_hint)]
    conn = sqlite3.connect(f"{journal.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        try:
            state = schema_state(conn, journal)
        except JournalError:
            return findings + [Finding(False, f"{journal} is an SQLite database, but not a journal.",
                                       "Point --db at your journal; 'journal where' shows the default.")]
        except sqlite3.DatabaseError as error:
            return findings + [Finding(False, f"SQLite cannot read {journal} ({error}).", restore_hint)]
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
        except sqlite3.DatabaseError as error:
            problems = [str(error)]
        if problems != ["ok"]:
            shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
            findings.append(Finding(False, f"The file is damaged. SQLite's integrity check says: {shown}.",
                                    "Do not write to it. " + restore_hint + ". The app opens it read-only meanwhile."))
            return findings
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        findings.append(Finding(True, f"SQLite's integrity check passed ({pages:,} pages)."))
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            findings.append(Finding(False, "Some records point at records that no longer exist.",
                                    "Export the journal (journal export --format json), then report this as a bug."))
    finally:
        conn.close()
    findings.append(search_indexes(journal))
    findings.append(backups_finding(journal, today))
    return findings

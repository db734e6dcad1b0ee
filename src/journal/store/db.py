"""Open the journal file safely and keep its schema current.

The promises made here: the folder is 0700 and the file 0600; the file is in
WAL mode with synchronous=FULL (an acknowledged commit survives power loss);
every write starts with BEGIN IMMEDIATE so a second process waits for the
lock instead of failing; a file that is not a journal, or a journal from a
newer version, is refused without a single byte of it being changed. A
journal we may read but not change (a read-only file, folder or disk) opens
for reading through open_for_reading(), with the sentence saying why.
Every failure becomes its sentence in failures.py.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journal.store.failures import (  # noqa: F401  (the store's errors are imported from here)
    CANTOPEN,
    CORRUPT,
    NOTADB,
    READONLY,
    BusyJournalError,
    DamagedJournalError,
    DiskFullError,
    JournalError,
    NewerJournalError,
    NoAccessError,
    NotAJournalError,
    ReadOnlyJournalError,
    describe_failure,
    journal_error,
    primary_code,
    read_only_error,
    shown,
    why_read_only,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

# sqlite-utils (and the migrations, which need it) load only when used: opening
# a current journal for the app's first frame needs neither (about 50 ms a start).
APPLICATION_ID = 0x4A524E4C  # "JRNL": PRAGMA application_id marks our files
SCHEMA_VERSION = 7  # the number of migrations in schema.py (a test keeps them equal)

BUSY_TIMEOUT_S = 10.0
SQLITE_HEADER = b"SQLite format 3\x00"


def database_file(db: Database) -> Path | None:
    """The file behind a connection (None for an in-memory database)."""
    name = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


def now_iso() -> str:
    """Local time with its UTC offset, to the second: 2026-11-21T11:42:03+01:00."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _prepare_folder(folder: Path) -> None:
    if folder.exists():
        if not folder.is_dir():
            raise JournalError(f"{shown(folder)} is a file, not a folder; choose another path with --db.")
        return
    folder.mkdir(mode=0o700, parents=True)
    os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask


def _check_bytes(path: Path) -> bool:
    """True if the file exists and has content; refuse what is plainly not SQLite."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode):
        raise NotAJournalError(f"{shown(path)} is not a file; choose a journal file with --db.")
    if st.st_size == 0:
        return False
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAJournalError(
            f"{path} is not a journal: it is not an SQLite database. "
            "Nothing was changed; choose another file with --db."
        )
    return True


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, before SQLite touches it."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions from the driver; we say
    # BEGIN IMMEDIATE ourselves, and sqlite-utils nests savepoints inside it.
    return sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise DamagedJournalError if the check fails; a lock, a read-only folder
    or a disk error met meanwhile is not damage and goes up as it is."""
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, error) from error
    if result != "ok":
        raise DamagedJournalError(
            f"{shown(path)} is damaged (SQLite's check says: {result}). Nothing was changed; "
            "restore it from a backup ('journal doctor' names the newest)."
        )


def _unreadable(path: Path, error: sqlite3.DatabaseError) -> Exception:
    """Damage or a foreign file met while opening, as its sentence; anything else as it is."""
    if primary_code(error) == CORRUPT:
        return DamagedJournalError(
            f"{shown(path)} is damaged (SQLite says: {error}). Nothing was changed; "
            "restore it from a backup ('journal doctor' names the newest)."
        )
    if primary_code(error) == NOTADB:
        return _not_sqlite(path, error)
    return error


def _not_sqlite(path: Path, error: sqlite3.Error) -> NotAJournalError:
    return NotAJournalError(
        f"{shown(path)} is not a journal: SQLite cannot read it ({error}). "
        "Nothing was changed; choose another file with --db."
    )


def _identify(conn: sqlite3.Connection, path: Path, verify: bool) -> bool:
    """Check the file is a journal (or empty), and healthy if verify. True if new."""
    if verify:
        _quick_check(conn, path)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        problem = _unreadable(path, error)
        if problem is error:
            raise  # a lock, a read-only folder, a disk error: not "not a journal", not damage
        raise problem from error
    if app_id == 0 and tables == 0:
        return True
    if app_id != APPLICATION_ID:
        raise NotAJournalError(
            f"{shown(path)} is an SQLite database, but not a journal. "
            "Nothing was changed; choose another file with --db."
        )
    return False


@dataclass(frozen=True)
class SchemaState:
    version: int  # migrations applied to the file
    current: int  # migrations this version of journal knows
    newer: bool  # written by a newer journal


def schema_state(conn: sqlite3.Connection, path: Path) -> SchemaState:
    """Where the file's schema stands; raises NotAJournalError if it is not ours."""
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotAJournalError(f"{shown(path)} is an SQLite database, but not a journal.")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION and _applied_count(conn) <= SCHEMA_VERSION:
        return SchemaState(version, SCHEMA_VERSION, False)  # the common case, in plain SQL
    from journal.store.schema import migrations

    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(_database(conn))}
    return SchemaState(version, len(known), bool(applied - known) or version > len(known))


def _applied_count(conn: sqlite3.Connection) -> int:
    try:
        return conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = 'journal'").fetchone()[0]
    except sqlite3.OperationalError:  # no migrations table
        return 0


def _check_not_newer(conn: sqlite3.Connection, path: Path) -> None:
    if schema_state(conn, path).newer:
        from journal import __version__

        raise NewerJournalError(
            f"{shown(path)} was written by a newer version of journal than this one ({__version__}). "
            "Nothing was changed; upgrade journal to open it."
        )


@contextlib.contextmanager
def write_transaction(db: Database | sqlite3.Connection) -> Iterator[Database | sqlite3.Connection]:
    """One write, all or nothing, holding the write lock from its first statement.

    sqlite-utils' db.atomic() says BEGIN (deferred): a second process then
    fails with "database is locked" when it upgrades to write. BEGIN
    IMMEDIATE takes the lock up front and waits up to the busy timeout.
    Nested calls become savepoints. A plain connection (journal write) works too.
    """
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    if conn.in_transaction:
        if conn is not db:
            with db.atomic():
                yield db
            return
        conn.execute("SAVEPOINT write_transaction")
        try:
            yield db
        except BaseException:
            conn.execute("ROLLBACK TO write_transaction")
            conn.execute("RELEASE write_transaction")
            raise
        conn.execute("RELEASE write_transaction")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils' wrapper without its plugin hooks: no third-party plugin may
    change our connection, and not scanning for them saves ~20 ms a run."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def open_writer(path: str | os.PathLike[str]) -> Database:
    """A second connection for the background writer thread, with the same promises
    (WAL, synchronous=FULL, busy timeout, foreign keys). The file must already be open."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return _database(conn)


READER_CACHE_KB = 512  # a worker's connection lives for one query: a small page cache


def open_reader(path: str | os.PathLike[str]) -> Database:
    """A read-only connection for a worker thread (its own, so it never shares
    the UI thread's transaction). The file must already be an open journal.

    Its page cache is READER_CACHE_KB, not SQLite's 2 MB: one opens for each
    keystroke's query and is closed after it, and the app kept the memory of
    the largest ones (up to two run at once: the superseded and the new)."""
    conn = _connect_read_only(Path(path))
    conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KB}")
    return _database(conn)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: not a page, not a checkpoint (mode=ro).

    A reader of a WAL journal needs its -shm beside it, and creates it if it is
    missing; in a read-only folder it cannot. Then immutable=1 reads the file
    as it is, without one: no one can be writing to it meanwhile, since no one
    can create the -wal and -shm a writer needs there either.
    """
    uri = Path(os.path.abspath(path)).as_uri()  # abspath, not resolve: a symlink loop fails later, as a sentence
    conn = _connect_uri(f"{uri}?mode=ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file (and its -wal, -shm)
        return conn
    except sqlite3.OperationalError as error:
        conn.close()
        if primary_code(error) not in (CANTOPEN, READONLY) or why_read_only(path) is None:
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return _read_private_copy(path, wal)
    return _connect_uri(f"{uri}?mode=ro&immutable=1")


_PRIVATE_COPIES: dict[tuple, Path] = {}  # (journal, its -wal's size and time) -> a private copy


def _read_private_copy(path: Path, wal: Path) -> sqlite3.Connection:
    """The newest changes are in the -wal, which immutable=1 would not read: read a
    private copy of both files (a 0700 folder, one per process, removed at exit)."""
    import atexit
    import shutil
    import tempfile

    st = wal.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    copy = _PRIVATE_COPIES.get(key)
    if copy is None:
        folder = Path(tempfile.mkdtemp(prefix="journal-read-"))
        atexit.register(shutil.rmtree, folder, True)
        copy = folder / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, folder / wal.name)
        _PRIVATE_COPIES[key] = copy
    return _connect_uri(f"{copy.as_uri()}?mode=ro")


def _connect_uri(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)


def verify_journal(path: str | os.PathLike[str]) -> None:
    """Run PRAGMA quick_check on its own read-only connection; raise if damaged
    (DamagedJournalError) or unreadable (the JournalError that says why).

    Reads the whole file, so its time grows with the journal: the app runs it
    in a worker after the first frame and writes nothing until it passes.
    """
    path = Path(path)
    try:
        conn = _connect_read_only(path)
        try:
            _quick_check(conn, path)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as error:
        raise journal_error(error, path) from error


CHECKED_ON = "integrity_checked_on"  # settings key: the day the whole-file check last passed


def checked_on(conn: sqlite3.Connection) -> str | None:
    """The day (ISO) the app's whole-file check last passed, or None."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [CHECKED_ON]).fetchone()
    except sqlite3.OperationalError:  # no settings table yet
        return None
    return row[0].strip('"') if row and isinstance(row[0], str) else None


def record_checked(db: Database, day: str) -> None:
    """Remember that the whole-file check passed on day (the app runs it once a day)."""
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [CHECKED_ON, f'"{day}"'])


Notice = Callable[[], None]  # told just before an upgrade starts (it may take seconds)


def open_journal(path: str | os.PathLike[str], *, verify: bool = True, on_upgrade: Notice | None = None) -> Database:
    """Open (creating if needed) the journal at path, migrated to the current schema.

    With verify=False the whole-file quick_check is left to the caller
    (verify_journal); every constant-time check still runs here.
    """
    return _database(open_connection(path, verify=verify, on_upgrade=on_upgrade))


def open_connection(path: str | os.PathLike[str], *, verify: bool = True,
                    on_upgrade: Notice | None = None) -> sqlite3.Connection:
    """open_journal() as a plain sqlite3 connection: the app's first frame reads
    through it before sqlite-utils is imported. Raises the JournalError that says
    what is wrong (ReadOnlyJournalError when it may be read but not changed).
    on_upgrade is called once an older journal is about to be upgraded."""
    path = Path(path)
    try:
        return _open_for_writing(path, verify, on_upgrade)
    except (sqlite3.Error, OSError) as error:
        raise journal_error(error, path) from error


def _open_for_writing(path: Path, verify: bool, on_upgrade: Notice | None) -> sqlite3.Connection:
    _prepare_folder(path.parent if str(path.parent) else Path("."))
    if _check_bytes(path):
        if why_read_only(path):  # say so now, not at the first save
            raise read_only_error(path)
    else:
        _create_private_file(path)
    conn = _connect(path)
    try:
        new = _identify(conn, path, verify)
        if not new:
            _check_not_newer(conn, path)
        # Only now, knowing the file is ours, may we change its header.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        if new or conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            _migrate(conn, path, checked=new or verify, on_upgrade=None if new else on_upgrade)
    except BaseException:
        conn.close()
        raise
    return conn


def open_read_only(path: str | os.PathLike[str], *, verify: bool = False) -> sqlite3.Connection:
    """The journal at path for reading, without a byte written (see _connect_read_only)."""
    path = Path(path)
    try:
        if not _check_bytes(path):
            raise JournalError(f"There is no journal at {shown(path)}. Nothing was changed; check the path.")
        conn = _connect_read_only(path)
        try:
            if verify:
                _quick_check(conn, path)
            if _identify(conn, path, verify=False):
                raise NotAJournalError(f"{shown(path)} is an empty database, not a journal yet. Nothing was "
                                       "changed; choose your journal with --db.")
            _check_not_newer(conn, path)
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                why = why_read_only(path)
                raise JournalError(
                    f"{shown(path)} was written by an older journal and must be upgraded before this one can "
                    f"read it, which changes the file{f', but {why[0]}' if why else ''}. Nothing was changed"
                    f"{f'; to let it be upgraded, {why[1]}' if why else ''}.")
        except BaseException:
            conn.close()
            raise
        return conn
    except (sqlite3.Error, OSError) as error:
        raise journal_error(error, path) from error


def open_for_reading(path: str | os.PathLike[str],
                     on_upgrade: Notice | None = None) -> tuple[sqlite3.Connection, str | None]:
    """The journal for commands and screens that may only read: writable if it can
    be, else read-only with the sentence that says why (None when writable)."""
    try:
        return open_connection(path, verify=False, on_upgrade=on_upgrade), None
    except ReadOnlyJournalError as error:
        return open_read_only(path), error.note


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise the JournalError that says why the journal at path (or the file that
    would be made there) cannot be written; return if it can. Opens nothing."""
    path = Path(path)
    try:
        try:
            os.stat(path)
            target = path
        except FileNotFoundError:  # it would be made: in the nearest folder that exists
            folder = next((p for p in path.parents if p.exists()), Path("."))
            target = folder / path.name
        if why_read_only(target):
            raise read_only_error(target)
    except OSError as error:
        raise journal_error(error, path) from error


def _migrate(conn: sqlite3.Connection, path: Path, checked: bool, on_upgrade: Notice | None = None) -> None:
    from journal.store.schema import migrations

    db = _database(conn)
    if migrations.pending(db):
        if not checked:
            _quick_check(conn, path)  # never migrate (write) an unchecked file
        with write_transaction(db):
            # Re-check inside the lock: another process may have migrated.
            if migrations.pending(db):
                if on_upgrade is not None:
                    on_upgrade()
                migrations.apply(db)
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={len(migrations._migrations)}")

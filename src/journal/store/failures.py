"""Every failure as one sentence: what happened, and what to do.

One place decides what an error means, from SQLite's own result code
(sqlite3.Error.sqlite_errorcode) or the system's errno, and then looks at the
file system for the why (which folder, which permissions, which process).
Only real damage says "damaged": a lock held elsewhere, a full disk or a
read-only file is not damage, and restoring a backup over a healthy journal
would throw away everything newer than the backup.

The app's save-failure messages use describe_failure() too.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path


class JournalError(Exception):
    """A problem the user can act on; str(error) is the sentence to show."""


class NotAJournalError(JournalError):
    pass


class NewerJournalError(JournalError):
    pass


class DamagedJournalError(JournalError):
    pass


class BusyJournalError(JournalError):
    pass


class DiskFullError(JournalError):
    pass


class NoAccessError(JournalError):
    pass


class ReadOnlyJournalError(JournalError):
    """The journal cannot be changed; `note` is the sentence for opening it to read."""

    def __init__(self, message: str, note: str) -> None:
        super().__init__(message)
        self.note = note


# SQLite's primary result codes (the low byte of an extended code).
PERM, BUSY, LOCKED, NOMEM, READONLY, INTERRUPT, IOERR, CORRUPT = 3, 5, 6, 7, 8, 9, 10, 11
FULL, CANTOPEN, TOOBIG, CONSTRAINT, MISMATCH, AUTH, NOTADB = 13, 14, 18, 19, 20, 23, 26
# sqlite3_errstr()'s words for errors raised without a code (by Python code, or tests).
_ERRSTR = {"database or disk is full": FULL, "database is locked": BUSY, "database table is locked": LOCKED,
           "attempt to write a readonly database": READONLY, "database disk image is malformed": CORRUPT,
           "file is not a database": NOTADB, "unable to open database file": CANTOPEN, "disk I/O error": IOERR}
LONGEST_SHOWN = 100  # characters of a path in a sentence


def shown(path: str | os.PathLike[str] | None) -> str:
    """A path for a sentence: a path of 4,000 characters is shortened in the middle."""
    text = os.fspath(path) if path is not None else "the journal"
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if len(text) > LONGEST_SHOWN:
        text = text[:40] + "…" + text[-(LONGEST_SHOWN - 41):]
    return text


def primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        code = _ERRSTR.get(str(error))
    return None if code is None else code & 0xFF


def describe_failure(error: BaseException, path: str | os.PathLike[str] | None) -> str:
    """The sentence for any failure met while using the journal at path."""
    return str(journal_error(error, path))


def journal_error(error: BaseException, path: str | os.PathLike[str] | None) -> JournalError:
    """Any failure as the JournalError that says what it is (its class) and what to do (its text)."""
    if isinstance(error, JournalError):
        return error
    journal = Path(path) if path is not None else None
    if isinstance(error, sqlite3.Error):
        return _from_sqlite(error, journal)
    if isinstance(error, OSError):
        return _from_os(error, journal)
    from journal.store.fts import QueryTooLong

    if isinstance(error, QueryTooLong):
        return JournalError(str(error))
    if isinstance(error, UnicodeError):
        return JournalError(f"Some text is not valid UTF-8 ({error}). Nothing was changed; "
                            "check your terminal's encoding (locale) and try again.")
    return JournalError(f"Something unexpected went wrong with {shown(journal)} ({type(error).__name__}: "
                        f"{error}). Nothing already saved was changed; please report this as a bug.")


# -- SQLite ------------------------------------------------------------------------


def _from_sqlite(error: sqlite3.Error, journal: Path | None) -> JournalError:
    code = primary_code(error)
    where = shown(journal)
    if code in (BUSY, LOCKED):
        return BusyJournalError(busy_sentence(journal))
    if code == FULL:
        return _disk_full(journal)
    if code == READONLY:
        return read_only_error(journal, error) if journal else JournalError(f"SQLite cannot write ({error}).")
    if code == CANTOPEN:
        return cannot_open(journal, error)
    if code in (PERM, AUTH):
        return NoAccessError(f"SQLite was refused access to {where} ({error}). Nothing was changed; "
                             "check that the file and its folder are yours (ls -l).")
    if code == CORRUPT:
        return DamagedJournalError(f"{where} is damaged: SQLite met a broken page while reading it ({error}). "
                                   "Nothing was changed; run 'journal doctor' to see what to do.")
    if code == NOTADB:
        return NotAJournalError(f"{where} is not a journal: SQLite cannot read it as a database ({error}). "
                                "Nothing was changed; choose another file with --db.")
    if code == IOERR:
        return JournalError(f"The disk did not read or write {where} correctly ({error}). Nothing already saved "
                            "was changed; check that the disk is connected and has room, then try again "
                            "('journal doctor' checks the file).")
    if code == TOOBIG:
        return JournalError(f"The text is too long to save as one record ({error}). Nothing was changed; "
                            "split it into several entries.")
    if code in (CONSTRAINT, MISMATCH):
        return JournalError(f"SQLite refused a change that breaks one of the journal's rules ({error}). "
                            f"{where} is not damaged and nothing was changed; this is a bug in journal, "
                            "please report it with what you did.")
    if code == NOMEM:
        return JournalError(f"There was not enough memory to finish ({error}). Nothing already saved was "
                            "changed; close other programs and try again.")
    if code == INTERRUPT:
        return JournalError("The work was interrupted before it finished. Nothing was changed; try again.")
    return JournalError(f"SQLite could not finish the work on {where} ({error}). Nothing already saved was "
                        "changed; 'journal doctor' checks the file.")


def _disk_full(journal: Path | None) -> DiskFullError:
    return DiskFullError(f"There is no room left to save to {shown(journal)}: the disk (or your quota) is full. "
                         "Nothing already saved was changed or lost; free some space, then try again.")


def busy_sentence(journal: Path | None) -> str:
    from journal.store import db  # its timeout, as set now

    holders = holders_of(journal) if journal is not None else []
    if holders:
        who = " and ".join(f"another journal window or command (process {pid})" if name == "journal"
                           else f"another program ({name}, process {pid})" for pid, name in holders)
    else:
        who = "another journal window, command or program"
    return (f"{shown(journal)} is in use by {who}, which kept it locked for over {db.BUSY_TIMEOUT_S:g} seconds. "
            "Nothing was changed; close it or let it finish, then try again.")


def holders_of(journal: Path) -> list[tuple[int, str]]:
    """Other processes that have the journal (or its -wal) open: (pid, name), from /proc.

    Linux only, and only processes whose /proc we may read (our own user's).
    """
    try:
        real = os.path.realpath(journal)
        names = {real, real + "-wal", real + "-shm", real + "-journal"}
        processes = os.scandir("/proc")
    except (OSError, ValueError):
        return []
    found = []
    with processes:
        for process in processes:
            if not process.name.isdigit() or int(process.name) == os.getpid():
                continue
            try:
                with os.scandir(f"/proc/{process.name}/fd") as fds:
                    if any(_link(fd.path) in names for fd in fds):
                        found.append((int(process.name), _process_name(process.name)))
            except OSError:
                continue  # another user's, or gone
    return found


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""


def _process_name(pid: str) -> str:
    """'journal' for the journal app or a journal command, else the program's name."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            argv = [a.decode(errors="replace") for a in handle.read().split(b"\0") if a]
    except OSError:
        return "unknown"
    if not argv:
        return "unknown"
    if any(os.path.basename(a) == "journal" for a in argv[:2]) or " ".join(argv[1:3]) == "-m journal":
        return "journal"
    return os.path.basename(argv[0])


# -- read-only, no access, cannot open --------------------------------------------------


def _mode(path: Path) -> str:
    try:
        return f"{stat.S_IMODE(path.stat().st_mode):04o}"
    except OSError:
        return "unknown"


def _can(path: Path, mode: int) -> bool:
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def folder_of(journal: Path) -> Path:
    return journal.parent if str(journal.parent) else Path(".")


def why_read_only(journal: Path) -> tuple[str, str] | None:
    """(what stops changes to the journal, what to do) or None when it can be changed."""
    folder = folder_of(journal)
    try:
        read_only_disk = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_disk = False
    if read_only_disk:
        return (f"{shown(journal)} is on a read-only disk",
                "copy it to a writable disk and open the copy with --db")
    if journal.exists() and not _can(journal, os.W_OK):
        return (f"{shown(journal)} is read-only for you (its permissions are {_mode(journal)})",
                f"run: chmod u+w '{journal}'")
    if folder.exists() and not _can(folder, os.W_OK | os.X_OK):
        return (f"the folder {shown(folder)} is read-only for you (its permissions are {_mode(folder)}), and "
                f"SQLite must create files there ({journal.name}-wal and -shm) to change the journal",
                f"run: chmod u+w '{folder}'")
    for suffix in ("-wal", "-shm"):
        companion = journal.with_name(journal.name + suffix)
        if companion.exists() and not _can(companion, os.R_OK | os.W_OK):
            return (f"{shown(companion)}, which SQLite keeps beside the journal, is not writable by you "
                    f"(its permissions are {_mode(companion)})",
                    f"make it yours: sudo chown \"$USER\" '{companion}'")
    return None


def read_only_error(journal: Path, error: BaseException | None = None) -> JournalError:
    why = why_read_only(journal)
    if why is None:
        return JournalError(f"SQLite cannot write to {shown(journal)} ({error}). Nothing was changed; check "
                            "that the file and its folder are writable by you, then try again.")
    what, fix = why
    return ReadOnlyJournalError(f"{sentence_case(what)}. Nothing can be saved, and nothing was changed; "
                                f"to save, {fix}.", note=f"Read-only: {what}. To change it, {fix}.")


def sentence_case(text: str) -> str:
    """Capitalised for the start of a sentence, unless it starts with a path (a path is data)."""
    first = text.split(" ", 1)[0]
    if not text or "/" in first or first.startswith((".", "~")) or not text[0].islower():
        return text
    return text[0].upper() + text[1:]


def no_access(target: Path) -> JournalError:
    """Permission denied: which folder or file shuts the user out, and the chmod that opens it."""
    for folder in reversed([target, *target.parents][1:]):  # from the root down
        if folder.exists() and not _can(folder, os.X_OK):
            return NoAccessError(f"Permission denied: the folder {shown(folder)} is closed to you (its "
                                 f"permissions are {_mode(folder)}). Nothing was changed; if it is yours, "
                                 f"run: chmod 700 '{folder}'.")
    if target.is_dir() and not _can(target, os.R_OK | os.X_OK):
        return NoAccessError(f"Permission denied: the folder {shown(target)} is closed to you (its permissions "
                             f"are {_mode(target)}). Nothing was changed; if it is yours, run: chmod 700 '{target}'.")
    if target.exists() and not _can(target, os.R_OK):
        return NoAccessError(f"Permission denied: {shown(target)} cannot be read by you (its permissions are "
                             f"{_mode(target)}). Nothing was changed; if it is yours, run: chmod 600 '{target}'.")
    folder = target if target.is_dir() else folder_of(target)
    if folder.exists() and not _can(folder, os.W_OK):
        return ReadOnlyJournalError(
            f"Permission denied: the folder {shown(folder)} is read-only for you (its permissions are "
            f"{_mode(folder)}). Nothing was changed; to write there, run: chmod u+w '{folder}'.",
            note=f"Read-only: the folder {shown(folder)} is read-only for you. To change it, "
                 f"run: chmod u+w '{folder}'.")
    return NoAccessError(f"Permission denied: {shown(target)}. Nothing was changed; check that it and its "
                         "folder are yours (ls -l).")


def cannot_open(journal: Path | None, error: BaseException) -> JournalError:
    """SQLite's 'unable to open database file': find out why from the file system."""
    if journal is None:
        return JournalError(f"SQLite cannot open the journal ({error}).")
    try:
        info = journal.stat()
    except OSError as problem:
        return _from_os(problem, journal)
    if stat.S_ISDIR(info.st_mode):
        return NotAJournalError(f"{shown(journal)} is a folder, not a journal file. Nothing was changed; "
                                "choose the journal file with --db.")
    if not _can(journal, os.R_OK):
        return no_access(journal)
    if why_read_only(journal):
        return read_only_error(journal, error)
    return JournalError(f"SQLite cannot open {shown(journal)} ({error}). Nothing was changed; check the path "
                        "and its permissions ('journal doctor' says more).")


# -- the operating system ---------------------------------------------------------------


def _from_os(error: OSError, journal: Path | None) -> JournalError:
    target = Path(os.fsdecode(error.filename)) if error.filename is not None else journal
    where = shown(target)
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _disk_full(target)
    if code == errno.EROFS:
        if target is not None and why_read_only(target):
            return read_only_error(target)
        return ReadOnlyJournalError(f"{where} is on a read-only disk. Nothing was changed; use a writable disk.",
                                    note=f"Read-only: {where} is on a read-only disk.")
    if code in (errno.EACCES, errno.EPERM) and target is not None:
        return no_access(target)
    if code == errno.ELOOP:
        return NotAJournalError(f"{where} is a symbolic link that leads round in a circle (too many levels of "
                                "symbolic links). Nothing was changed; point --db at the journal file itself.")
    if code == errno.ENAMETOOLONG:
        return JournalError(f"The path {where} is too long for this system. Nothing was changed; choose a "
                            "shorter path.")
    if code == errno.ENOTDIR and target is not None:
        blocker = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), None)
        return NotAJournalError(f"{shown(blocker) if blocker else where} is a file, not a folder. Nothing was "
                                "changed; choose another path.")
    if code == errno.EISDIR:
        return NotAJournalError(f"{where} is a folder, not a file. Nothing was changed; choose a file.")
    if code == errno.ENOENT:
        if target is not None and target.parent.is_dir():  # a file system that makes no files (/proc)
            return JournalError(f"{where} cannot be created there ({error.strerror}). Nothing was changed; "
                                "choose another folder.")
        return JournalError(f"{where} does not exist. Nothing was changed; check the path.")
    if code == errno.EIO:
        return JournalError(f"The disk did not read or write {where} correctly (input/output error). Nothing "
                            "already saved was changed; check the disk, then try again.")
    return JournalError(f"Cannot use {where}: {error.strerror or error}. Nothing was changed.")

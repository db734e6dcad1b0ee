"""Writing the user's files (exports, briefs, backups' temporary copies): one way.

The promises: a file is private (0600) from its first byte; an existing file
is replaced only when asked, and only if it is a regular file: never through
a symbolic link, never a pipe, a device or a folder; a write is whole or
absent (temporary file, fsync, rename), so a killed export leaves the old
file or the complete new one; our temporary files all start with TEMP_PREFIX,
and the ones a killed run left behind are removed by the next write into
that folder once they are an hour old.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

TEMP_PREFIX = ".journal-tmp-"
STALE_AFTER_S = 3600  # older than any export or backup still running
# One write per record costs more than rendering it; a batch stays well under malloc's
# mmap threshold (128 KiB), so its memory is reused, not mapped and faulted in afresh
# each time: 1 MB batches cost 36,000 page faults (~0.08 s) in a 117 MB export.
BATCH_CHARS = 1 << 14
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class ExportError(Exception):
    """A sentence for the user: what went wrong and what to do."""

    written = 0  # files written whole before it (write_private_files)


def resolve_target(text: str) -> Path:
    text = text.strip()
    if not text:
        raise ExportError("Type a file name, for example ~/talking-points.md.")
    path = Path(text).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; add a file name, for example {path / 'talking-points.md'}.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist; create it first or choose another.")
    return path


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_temp_names = itertools.count()
_temp_token = ""  # this process's, random: names no other process picks


def temp_file(folder: Path) -> tuple[int, Path]:
    """A new private file in `folder` named TEMP_PREFIX…, open for writing (O_EXCL, 0600).

    Named by a random token drawn once and a counter: tempfile.mkstemp draws a
    random name per file, half the cost of a small file in export --split."""
    global _temp_token
    if not _temp_token:
        _temp_token = os.urandom(6).hex()
    for _ in range(100):
        path = folder / f"{TEMP_PREFIX}{_temp_token}-{next(_temp_names)}"
        try:
            return os.open(path, _CREATE, 0o600), path
        except FileExistsError:  # O_EXCL: never someone else's file, nor through a link
            continue
    import tempfile

    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    return fd, Path(name)


def remove_stale_temps(folder: Path, older_than: float = STALE_AFTER_S) -> None:
    """Remove our temporary files a killed export or backup left in `folder`."""
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass  # gone meanwhile, or not ours to remove


def check_target(path: Path, overwrite: bool) -> bool:
    """May we write `path`? True if a regular file is there (to be replaced). Raises ExportError."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}; nothing was written.") from error
    if stat.S_ISLNK(found.st_mode):
        raise ExportError(f"{path} is a symbolic link; journal does not write through links. Nothing was "
                          "written; remove the link or choose another name.")
    if not stat.S_ISREG(found.st_mode):
        raise ExportError(f"{path} is not a regular file (a folder, a pipe or a device); nothing was written. "
                          "Choose another name.")
    if not overwrite:
        raise ExportError(f"{path} already exists.")
    return True


def fsync_folder(folder: Path) -> None:
    """Make renames in `folder` survive a power cut (best effort: not every file system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _publish(tmp: Path, path: Path, overwrite: bool) -> None:
    """Put the finished temporary file at `path`, re-checking what is there now."""
    if check_target(path, overwrite):
        os.replace(tmp, path)  # rename replaces the entry itself: it never follows a link
        return
    try:
        os.link(tmp, path)  # fails if anything appeared meanwhile, even a dangling link
    except FileExistsError as error:
        raise ExportError(f"{path} appeared while exporting; nothing was overwritten.") from error
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        os.replace(tmp, path)  # a file system without hard links (FAT, some network shares)
        return
    os.unlink(tmp)


def failure(error: OSError, path: Path, replacing: bool) -> ExportError:
    kept = "the old file is kept" if replacing else "nothing was written to it"
    if error.errno in DISK_FULL:
        return ExportError(f"The disk is full, so {path} could not be written; {kept}. Free some space and "
                           "try again.")
    return ExportError(f"Cannot write {path}: {error.strerror or error}; {kept}.")


def _sync_file_system(folder: Path) -> bool:
    """syncfs(2): every file written in `folder`'s file system reaches the disk in one
    commit (an fsync each cost half a millisecond a file: 18,000 split files took
    twice as long). False where there is no syncfs."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return syncfs(fd) == 0
    finally:
        os.close(fd)


class PrivateFiles:
    """Files written in one folder, each whole: a temporary file each, made durable
    for a batch at once, then renamed into place. Use write_private_text or
    write_private_files."""

    BATCH_FILES, BATCH_CHARS = 500, 16 << 20

    def __init__(self, folder: Path, overwrite: bool) -> None:
        self.folder, self.overwrite = folder, overwrite
        self.pending: list[tuple[Path, Path, bool]] = []  # (temporary, target, replacing)
        self.size = self.written = 0

    def add(self, path: Path, text: str | Iterable[str]) -> None:
        replacing = check_target(path, self.overwrite)  # refuse before writing a byte
        try:
            fd, tmp = temp_file(self.folder)
        except OSError as error:
            raise failure(error, path, replacing) from error
        self.pending.append((tmp, path, replacing))
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                self.size += write_batched(handle, [text] if isinstance(text, str) else text)
        except OSError as error:
            raise failure(error, path, replacing) from error
        if len(self.pending) >= self.BATCH_FILES or self.size >= self.BATCH_CHARS:
            self.publish()

    def publish(self) -> None:
        """Make the pending files durable, then rename each into place."""
        if not self.pending:
            return
        if len(self.pending) == 1 or not _sync_file_system(self.folder):
            for tmp, path, replacing in self.pending:
                try:
                    with open(tmp, "rb+") as handle:
                        os.fsync(handle.fileno())
                except OSError as error:
                    raise failure(error, path, replacing) from error
        while self.pending:
            tmp, path, replacing = self.pending[0]
            try:
                _publish(tmp, path, self.overwrite)
            except OSError as error:
                raise failure(error, path, replacing) from error
            self.pending.pop(0)
            self.written += 1
        self.size = 0

    def discard(self) -> None:
        for tmp, _, _ in self.pending:
            tmp.unlink(missing_ok=True)
        self.pending.clear()


def write_private_files(folder: Path, named_texts: Iterable[tuple[str, str | Iterable[str]]],
                        overwrite: bool = False) -> int:
    """Write each (name, text) into `folder`, keeping every promise above; returns how
    many. Raises ExportError with a sentence, whose `written` says how many files
    were written whole before it; no temporary file is left."""
    remove_stale_temps(folder)
    files = PrivateFiles(folder, overwrite)
    try:
        for name, text in named_texts:
            files.add(folder / name, text)
        files.publish()
    except ExportError as error:
        error.written = files.written
        raise
    finally:
        files.discard()
        fsync_folder(folder)
    return files.written


def write_private_text(path: Path, text: str | Iterable[str], overwrite: bool = False) -> None:
    """Write `text` (a string, or chunks of one) to `path`, keeping every promise above.

    Raises ExportError with a sentence; then the old file (if any) is untouched
    and no temporary file is left."""
    path = Path(path)
    write_private_files(path.parent if str(path.parent) else Path("."), [(path.name, text)], overwrite)


def write_batched(stream, chunks: Iterable[str], batch: int = BATCH_CHARS) -> int:
    """Write chunks in batches of about `batch` characters (BATCH_CHARS).
    Returns the characters written."""
    pending: list[str] = []
    size = total = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= batch:
            stream.write("".join(pending))
            total += size
            pending, size = [], 0
    stream.write("".join(pending))
    stream.flush()
    return total + size

"""The one thread every write of the app goes through: typing never waits for a commit.

One thread, one connection of its own, writes in the order they were handed
over. Its promises:
- nothing is written before the whole-file check passed (open_gate);
- read-only is one switch here (PRAGMA query_only on this connection), not a
  check at each call site;
- it never writes into a file that was replaced or deleted under it (a restore
  by rename, a move): before each write it compares the file's identity and
  reopens, and it never creates a journal that is gone;
- it is a daemon thread, so a write stuck behind another program's lock never
  keeps the process from exiting once the text is kept safe elsewhere.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from journal.store.failures import JournalError

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")


class JournalGone(JournalError):
    """The journal file is not where it was opened (moved or deleted)."""


def file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class BackgroundWriter:
    def __init__(self, path: Path | None, fallback: Callable[[], Database]) -> None:
        self._path = path
        self._fallback = fallback  # an in-memory journal has no file to reopen: share the app's
        self._db: Database | None = None
        self._identity = file_identity(path) if path is not None else None
        self._read_only = False
        self._gate = threading.Event()
        self._gate.set()
        self._tasks: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]] | None] = \
            queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
        self._thread.start()

    # -- the app's switches --------------------------------------------------

    def close_gate(self) -> None:
        """Hold every write until open_gate() (the whole-file check is running)."""
        self._gate.clear()

    def open_gate(self) -> None:
        self._gate.set()

    @property
    def gate_open(self) -> bool:
        return self._gate.is_set()

    def set_read_only(self) -> None:
        """From now on every write fails with SQLite's own read-only error."""
        self._read_only = True

    @property
    def identity(self) -> tuple[int, int] | None:
        """The file this writer writes into (device, inode)."""
        return self._identity

    # -- writing ---------------------------------------------------------------

    def submit(self, save: Callable[..., T], *args: Any) -> Future[T]:
        """Run save(db, *args) on the writer thread, after every save handed over before it.
        A future cancelled before it starts never runs."""
        future: Future[T] = Future()
        self._tasks.put((future, save, args))
        return future

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, save, args = task
            if not future.set_running_or_notify_cancel():
                continue
            self._gate.wait()
            try:
                future.set_result(save(self._connection(), *args))
            except BaseException as error:  # handed to whoever waits on the future
                future.set_exception(error)

    def _connection(self) -> Database:
        from journal.store.db import open_writer

        if self._path is None:
            self._db = self._db or self._fallback()
        else:
            now = file_identity(self._path)
            if now is None:
                raise JournalGone(f"The journal file {self._path} is gone: it was moved or deleted while the "
                                  "app was open. Nothing was written; your text is kept.")
            if self._db is None or now != self._identity:
                if self._db is not None:  # replaced under us (a restore, a move): write into the new one
                    self._db.close()
                self._db, self._identity = open_writer(self._path), now
        self._db.conn.execute(f"PRAGMA query_only={'ON' if self._read_only else 'OFF'}")
        return self._db

    def close(self, timeout: float | None = None) -> None:
        """Finish what was handed over (up to timeout seconds), then stop."""
        self._gate.set()
        self._tasks.put(None)
        self._thread.join(timeout)
        if not self._thread.is_alive() and self._db is not None and self._path is not None:
            self._db.close()

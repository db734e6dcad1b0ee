"""Saves off the UI thread: typing never waits for a commit.

One thread, one connection of its own, saves in the order they were handed
over. Callers that must know the text is on disk (leaving a day, quitting,
SIGTERM/SIGHUP) wait for the returned future; autosave does not.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database

from journal.store.db import open_writer

T = TypeVar("T")


class BackgroundWriter:
    def __init__(self, path: Path | None, fallback: Callable[[], Database]) -> None:
        self._path = path
        self._fallback = fallback  # an in-memory journal has no file to reopen: share the app's
        self._db: Database | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal-writer")

    def _connection(self) -> Database:
        if self._db is None:
            self._db = open_writer(self._path) if self._path is not None else self._fallback()
        return self._db

    def submit(self, save: Callable[..., T], *args: Any) -> Future[T]:
        """Run save(db, *args) on the writer thread, after every save handed over before it."""
        return self._executor.submit(lambda: save(self._connection(), *args))

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        if self._db is not None and self._path is not None:
            self._db.close()

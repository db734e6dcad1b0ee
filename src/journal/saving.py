"""The one save path: every write the app makes, of every kind, goes through here.

A save is handed to the writer thread (writer.BackgroundWriter) and kept here
until it has reached the journal. One that fails (the file is locked by
another program, the disk is full, the file became read-only) stays, is
tried again every few seconds, and is superseded by a newer save of the same
record; on leaving, what is still here is kept in a recovery copy
(store.recovery). The UI thread never waits on the database: it hands over
and is called back. No textual here.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

RETRY_AFTER_S = 5.0


def may_pass(error: BaseException | None) -> bool:
    """A failure of the journal or the machine (worth trying again), not of the record."""
    import sqlite3

    from journal.store.failures import JournalError

    return isinstance(error, (sqlite3.Error, OSError, JournalError))


@dataclass(eq=False)
class PendingSave:
    key: str  # one record: "reflection:2026-03-14", "breakthrough:12", "option:new-3"...
    label: str  # for people: "the reflection of 14 March 2026"
    run: Callable[[Any], Any]  # run(db) on the writer thread: the merging save
    recovery: Callable[[], dict]  # the JSON that redoes it (store.recovery)
    on_done: Callable[[Any, BaseException | None], None] | None = None  # on the UI thread
    record: Any = None  # what the editor needs to show this text again (its record and Base)
    base: Any = None
    future: Future[Any] | None = field(default=None, repr=False)
    error: BaseException | None = None
    failed_at: float = 0.0


class SaveQueue:
    def __init__(self, writer: Any, call_soon: Callable[[Callable[[], None]], None]) -> None:
        self._writer = writer
        self._call_soon = call_soon  # runs a callable on the UI thread, from any thread
        self._items: dict[str, PendingSave] = {}  # key -> the newest save not yet known to be stored

    def submit(self, save: PendingSave) -> Future[Any]:
        """Hand `save` to the writer. A save of the same record still waiting in line
        is cancelled: this one carries everything it did."""
        older = self._items.get(save.key)
        if older is not None and older.future is not None:
            older.future.cancel()
        self._items[save.key] = save
        save.error = None
        future = save.future = self._writer.submit(save.run)
        future.add_done_callback(lambda f: self._from_thread(save, f))
        return future

    def _from_thread(self, save: PendingSave, future: Future[Any]) -> None:
        try:
            self._call_soon(lambda: self._finished(save, future))
        except RuntimeError:  # the UI loop is gone: leaving; the caller waits on the future itself
            pass

    def _finished(self, save: PendingSave, future: Future[Any]) -> None:
        if future.cancelled() or save.future is not future:
            return
        error = future.exception()
        if error is None and self._items.get(save.key) is save:
            del self._items[save.key]
        if error is not None:
            save.error, save.failed_at = error, time.monotonic()
        if save.on_done is not None and self._items.get(save.key, save) is save:
            save.on_done(None if error else future.result(), error)

    def pending(self, key: str) -> PendingSave | None:
        """The save of that record not yet stored, if any (its text is newer than the file's)."""
        return self._items.get(key)

    def unsaved(self) -> list[PendingSave]:
        """Every save not yet known to be stored: waiting, running, or failed."""
        return list(self._items.values())

    def failures(self) -> list[PendingSave]:
        return [s for s in self._items.values() if s.error is not None]

    def retry_failed(self, older_than: float = RETRY_AFTER_S) -> int:
        """Hand failed saves over again (those that failed at least `older_than` seconds
        ago, for a reason that can pass: a lock, a full disk, a file made read-only)."""
        now = time.monotonic()
        due = [s for s in self.failures() if now - s.failed_at >= older_than and may_pass(s.error)]
        for save in due:
            self.submit(save)
        return len(due)

    def wait(self, timeout: float) -> bool:
        """Block until every save handed over has finished (or timeout). True when all
        are stored. Only for leaving: the UI must not wait otherwise."""
        futures = [s.future for s in self._items.values() if s.future is not None and s.error is None]
        done, not_done = concurrent.futures.wait(futures, timeout=timeout)
        for save in list(self._items.values()):
            future = save.future
            if future is not None and future in done and not future.cancelled():
                error = future.exception()
                if error is None:
                    self._items.pop(save.key, None)
                else:
                    save.error = error
        return not self._items

    def recovery_items(self) -> list[dict]:
        return [item for save in self._items.values() if (item := save.recovery())]

    def drop(self, key: str) -> None:
        """Forget a save that can never succeed as it is (it broke a rule the user is told about)."""
        self._items.pop(key, None)

    def forget_all(self) -> None:
        """After their text was kept in a recovery copy."""
        for save in self._items.values():
            if save.future is not None:
                save.future.cancel()
        self._items.clear()

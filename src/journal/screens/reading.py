"""The reads behind a list screen's worker: each on its own read-only connection,
which the UI thread interrupts as soon as a newer keystroke supersedes it.

Textual's exclusive worker only marks a thread worker cancelled; the query
inside keeps a core busy until it ends (a one-letter prefix: 0.6 s at 200,000
events). sqlite3's Connection.interrupt() stops it within a VM step.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol, TypeVar

from journal.heap import give_back_memory
from journal.store.db import database_file, open_reader
# Counts stop here ("more than 10,000": a full count reads every match), and past it a
# list is newest first, not ranked: the store's one rule (fts.too_many_to_rank).
from journal.store.fts import RANK_AT_MOST as COUNT_LIMIT

if TYPE_CHECKING:
    from sqlite_utils import Database


def journal_state(app) -> tuple:
    """What a list shown earlier depends on: SQLite's data_version (it changes when
    any other connection, the app's writer included, commits) and today's date.
    In memory there is no other connection to tell: always 'changed'."""
    if database_file(app.db) is None:
        return (object(),)
    return app.db.execute("PRAGMA data_version").fetchone()[0], app.today()


def interrupted(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT


def shown_of(shown: int, total: int, limit: int) -> str:
    """'200 of 450', '200 of more than 10,000' (a count stopped at limit), '12'."""
    if total > limit:
        return f"{shown:,} of more than {limit:,}" if shown < total else f"more than {limit:,}"
    return f"{shown:,} of {total:,}" if total > shown else f"{total:,}"


class Interruptible(Protocol):
    def interrupt(self) -> None: ...

    def close(self) -> None: ...


C = TypeVar("C", bound=Interruptible)


class Superseded(Exception):
    """A worker's read was superseded before it started: it must run nothing."""


class Readers:
    """Connections of the running workers, so the UI thread can stop them.

    Each read a screen asks for gets a generation from supersede(), which stops
    every older read at once. A worker's connection, once registered, is checked
    against the current generation before anything runs on it (a keystroke that
    came while it was opening found nothing to interrupt): Superseded. Results
    of an older generation are dropped by the screen (current()).
    """

    def __init__(self) -> None:
        self._open: set[Interruptible] = set()
        self._lock = threading.Lock()  # never interrupt a connection while it closes
        self.generation = 0

    def supersede(self) -> int:
        """A newer read replaces every running one: stop them now. The new generation."""
        self.generation += 1  # before the interrupt: a worker registering meanwhile sees it
        self._interrupt()
        return self.generation

    def current(self, generation: int) -> bool:
        return generation == self.generation

    @contextmanager
    def reader(self, db: Database, generation: int | None = None) -> Iterator[Database]:
        path = database_file(db)
        if path is None:  # in memory (tests): the app's own connection, never interrupted
            self._check(generation)
            yield db
            return
        reader = open_reader(path)
        with self.connection(reader.conn, generation):
            yield reader

    @contextmanager
    def connection(self, conn: C, generation: int | None = None) -> Iterator[C]:
        """A connection the worker opened, interruptible while the block runs and
        closed after it; Superseded if a newer generation came while it opened."""
        with self._lock:
            self._open.add(conn)
        try:
            self._check(generation)
            yield conn
        finally:
            with self._lock:
                self._open.discard(conn)
                conn.close()
            give_back_memory()  # what the query's doclists held (this worker's thread, not the UI's)

    def _check(self, generation: int | None) -> None:
        if generation is not None and not self.current(generation):
            raise Superseded

    def running(self) -> int:
        """How many workers' connections are open."""
        with self._lock:
            return len(self._open)

    def _interrupt(self) -> None:
        """Stop every read in progress (a no-op for a connection between statements)."""
        with self._lock:
            for conn in self._open:
                conn.interrupt()


"""The journal-wide revision counter and the restore epoch (see schema.m006_revisions).

Every write of a record goes through next_stamp() inside its transaction; an
editor's Base remembers the version and epoch it last saw, so the next save
knows whether anybody wrote (or restored a backup) since.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database

from journal.store.db import now_iso

T = TypeVar("T")
UNSEEN = -1  # the version of a record this editor handed over but has not seen stored: always merge


@dataclass(frozen=True)
class Stamp:
    revision: int  # the version to give what is written now
    at: str  # the time, as now_iso()


def next_stamp(db: Database | sqlite3.Connection) -> Stamp:
    """Take the next revision. Call inside the write transaction that uses it."""
    row = db.execute("UPDATE journal_state SET revision = revision + 1 RETURNING revision").fetchall()
    return Stamp(row[0][0], now_iso())


def epoch(db: Database | sqlite3.Connection) -> str:
    return db.execute("SELECT epoch FROM journal_state").fetchone()[0]


def start_new_epoch(conn: sqlite3.Connection, at_least: int = 0) -> str:
    """After a restore: a new epoch, and a revision above any the file had before."""
    new = uuid.uuid4().hex
    conn.execute("UPDATE journal_state SET epoch = ?, revision = max(revision, ?) + 1", [new, at_least])
    return new


@dataclass
class Base(Generic[T]):
    """What one editor last loaded or stored, and in which epoch. Saves move it on
    (on the writer thread, in order), so a save merges only when somebody else
    wrote in between, and after a restore always merges."""

    value: T
    epoch: str | None = None

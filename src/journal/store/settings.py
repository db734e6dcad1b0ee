"""Small user settings kept in the journal file itself (key -> JSON value)."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

from journal.store.db import write_transaction

DEFAULT_PROMPTS = [
    "What moved me forward today?",
    'Did I have an "ah-ha" moment? What changed in how I see things?',
    "Where did I choose between existing options, and where did I create something new?",
    "What did I commit to, and did I do it?",
    "What am I grateful for, and what will I do differently tomorrow?",
]

MAX_PROMPTS = 12


def _get(db: Database | sqlite3.Connection, key: str) -> object | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return None if row is None else json.loads(row[0])


def _set(db: Database, key: str, value: object) -> None:
    with write_transaction(db):
        db["settings"].upsert({"key": key, "value": json.dumps(value)}, pk="key")


def get_prompts(db: Database | sqlite3.Connection) -> list[str]:
    """The prompt set for days not yet begun."""
    value = _get(db, "prompts")
    if not isinstance(value, list):
        return list(DEFAULT_PROMPTS)
    return [str(p) for p in value]


def set_prompts(db: Database, prompts: list[str]) -> list[str]:
    """Replace the prompt set for new days; days already written keep theirs."""
    cleaned = [" ".join(p.split()) for p in prompts]
    cleaned = [p for p in cleaned if p]
    if len(cleaned) > MAX_PROMPTS:
        raise ValueError(f"Keep to {MAX_PROMPTS} prompts at most; you gave {len(cleaned)}.")
    _set(db, "prompts", cleaned)
    return cleaned

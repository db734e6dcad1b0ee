"""Daily reflections: one per calendar day, a free body plus prompt answers."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from journal.store.merge import MergeReport

from journal.store import rows
from journal.store.db import write_transaction
from journal.store.revision import Base, epoch, next_stamp
from journal.store.settings import get_prompts


@dataclass(frozen=True)
class Reflection:
    day: date
    body: str = ""
    prompts: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    version: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.body.strip() and not any(a.strip() for a in self.answers) and not self.tags

    def answer(self, index: int) -> str:
        return self.answers[index] if index < len(self.answers) else ""

    @property
    def preview(self) -> str:
        """The first line worth showing in a list."""
        for text in [self.body, *self.answers]:
            for line in text.splitlines():
                line = line.strip().lstrip("#").strip()
                if line:
                    return line
        return ""


@dataclass(frozen=True)
class DaySummary:
    day: date
    preview: str


def _from_row(row: dict) -> Reflection:
    # Tolerant: a value another program or an older import left odd reads as a safe one (store/rows.py).
    return Reflection(
        day=rows.day_or(row["day"], date.min),
        body=rows.text(row["body"]),
        prompts=rows.texts(row["prompts"]),
        answers=rows.texts(row["answers"]),
        tags=rows.texts(row["tags"]),
        id=row["id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=rows.whole(row["version"]),
    )


def get(db: Database | sqlite3.Connection, day: date) -> Reflection | None:
    """(Plain SQL: the app's first frame calls this before sqlite-utils is loaded.)"""
    cursor = db.execute("SELECT * FROM reflections WHERE day = ?", [day.isoformat()])
    row = cursor.fetchone()
    if row is None:
        return None
    return _from_row(dict(zip([c[0] for c in cursor.description], row)))


def load(db: Database | sqlite3.Connection, day: date) -> Reflection:
    """The day's reflection, or a blank one carrying the current prompt set."""
    existing = get(db, day)
    if existing is not None:
        return existing
    return Reflection(day=day, prompts=get_prompts(db), answers=[])


def save(db: Database | sqlite3.Connection, reflection: Reflection) -> Reflection | None:
    """Store the reflection; an empty one removes that day's row and nothing else.

    Returns what is now stored (with id, times and version), or None. Plain SQL, so
    `journal write` saves on a plain connection without loading sqlite-utils.
    """
    day = reflection.day.isoformat()
    answers = [reflection.answer(i) for i in range(len(reflection.prompts))]
    with write_transaction(db):
        current = db.execute(
            "SELECT id, created_at FROM reflections WHERE day = ?", [day]
        ).fetchone()
        if reflection.is_empty:
            if current is not None:
                next_stamp(db)  # a clear is a change too: a stale editor must see it
                db.execute("DELETE FROM reflections WHERE id = ?", [current[0]])
            return None
        stamp = next_stamp(db)
        record = {
            "day": day,
            "body": reflection.body,
            "prompts": json.dumps(reflection.prompts, ensure_ascii=False),
            "answers": json.dumps(answers, ensure_ascii=False),
            "tags": json.dumps(reflection.tags, ensure_ascii=False),
            "updated_at": stamp.at,
            "version": stamp.revision,
        }
        if current is None:
            record["created_at"] = stamp.at
            new_id = db.execute(f"INSERT INTO reflections ({', '.join(record)}) VALUES "
                                f"({', '.join('?' * len(record))})", list(record.values())).lastrowid
            return replace(reflection, answers=answers, id=new_id, created_at=stamp.at,
                           updated_at=stamp.at, version=stamp.revision)
        db.execute(f"UPDATE reflections SET {', '.join(f'{k} = ?' for k in record)} WHERE id = ?",
                   [*record.values(), current[0]])
        return replace(reflection, answers=answers, id=current[0], created_at=current[1],
                       updated_at=stamp.at, version=stamp.revision)


@dataclass(frozen=True)
class Saved:
    reflection: Reflection | None  # what is stored now; None: the day is empty
    report: MergeReport


def empty_day(reflection: Reflection) -> Reflection:
    """The day as stored when it holds nothing (no row)."""
    return replace(reflection, body="", answers=[], tags=[], id=None, created_at=None, updated_at=None,
                   version=0)


def save_merging(db: Database, reflection: Reflection, base: Base[Reflection]) -> Saved:
    """Save, merging with what another window, `journal write` or a restore stored
    since `base` instead of overwriting it; then move `base` on to what is stored."""
    from journal.store.merge import MergeReport  # difflib: only the app's saves merge

    with write_transaction(db):
        now_epoch = epoch(db)
        report = MergeReport(restored=base.epoch is not None and base.epoch != now_epoch)
        stored = get(db, reflection.day)
        known = base.value
        if stored is None and known.id is not None:
            stored = empty_day(known)  # cleared elsewhere since we loaded it
        if stored is not None and (report.restored or stored.version != known.version):
            reflection, merged = merge(known, reflection, stored)
            report.joined, report.conflicts, report.taken = merged.joined, merged.conflicts, merged.taken
        saved = save(db, reflection)
    base.value = saved if saved is not None else empty_day(reflection)
    base.epoch = now_epoch
    return Saved(saved, report)


def merge(base: Reflection, ours: Reflection, theirs: Reflection) -> tuple[Reflection, MergeReport]:
    """Ours with everything theirs changed since base (see store.merge)."""
    from journal.store.merge import MergeReport, merge_tags, merge_text, when_text

    report = MergeReport()
    when = when_text(theirs.updated_at)
    body, how = merge_text(base.body, ours.body, theirs.body, when)
    report.add("the body", how)

    def answer_to(reflection: Reflection, prompt: str) -> str:
        return reflection.answer(reflection.prompts.index(prompt)) if prompt in reflection.prompts else ""

    prompts = list(ours.prompts) + [p for p in theirs.prompts if p not in ours.prompts
                                    and answer_to(theirs, p).strip()]
    answers = []
    for prompt in prompts:
        text, how = merge_text(answer_to(base, prompt), answer_to(ours, prompt), answer_to(theirs, prompt), when)
        report.add(f"the answer to '{prompt}'", how)
        answers.append(text)
    tags = merge_tags(base.tags, ours.tags, theirs.tags)
    return replace(ours, body=body, prompts=prompts, answers=answers, tags=tags), report


def append(db: Database | sqlite3.Connection, day: date, text: str) -> Reflection:
    """Add a paragraph to the end of the day's body (capture from the shell)."""
    text = text.strip("\n")
    if not text.strip():
        raise ValueError("Nothing to write: the text is empty.")
    with write_transaction(db):
        current = load(db, day)
        # Only line breaks are trimmed: a space after a word being typed in the app stays,
        # so the app's next words still follow that word when its save merges this in.
        body = current.body.rstrip("\n")
        body = f"{body}\n\n{text}" if body.strip() else text
        saved = save(db, replace(current, body=body))
    assert saved is not None
    return saved


def days_between(db: Database, first: date, last: date) -> list[DaySummary]:
    """Days with a reflection in [first, last], oldest first (uses the day index)."""
    found = db.execute(
        "SELECT day, body, answers FROM reflections WHERE day BETWEEN ? AND ? ORDER BY day",
        [first.isoformat(), last.isoformat()],
    ).fetchall()
    summaries = []
    for stored_day, body, answers in found:
        day = rows.day(stored_day)  # tolerant, as _from_row; a day that is not a date has no place here
        if day is not None:
            preview = Reflection(day=day, body=rows.text(body), answers=rows.texts(answers)).preview
            summaries.append(DaySummary(day, preview))
    return summaries


def nearest_written_day(db: Database, day: date, direction: int) -> date | None:
    """The closest day before (direction < 0) or after (> 0) `day` that has a reflection."""
    if direction < 0:
        sql = "SELECT day FROM reflections WHERE day < ? ORDER BY day DESC LIMIT 1"
    else:
        sql = "SELECT day FROM reflections WHERE day > ? ORDER BY day ASC LIMIT 1"
    row = db.execute(sql, [day.isoformat()]).fetchone()
    return date.fromisoformat(row[0]) if row else None

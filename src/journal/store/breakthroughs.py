"""The breakthrough-events file: what was realized, what it changed, what it produced."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from journal.store.merge import MergeReport

from journal.store import rows
from journal.store.db import write_transaction
from journal.store.fts import fts_query
from journal.store.revision import Base, epoch, next_stamp

CHANGE_AREAS = ("attitude", "behavior", "skills", "focus")
ROLES = ("caused", "participated")
PAGE_SIZE = 200
MAX_TITLE = 200
# bm25 weights: title, situation, breakthrough, result, tags
RANK = "bm25(breakthroughs_fts, 8.0, 1.0, 3.0, 2.0, 4.0)"


@dataclass(frozen=True)
class Breakthrough:
    happened_on: date
    title: str = ""
    situation: str = ""
    breakthrough: str = ""
    change_areas: tuple[str, ...] = ()
    role: str = "caused"
    result: str = ""
    tags: tuple[str, ...] = ()
    talking_point: bool = False
    reflection_day: date | None = None
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    version: int = 0
    deleted_at: str | None = None


class InvalidBreakthrough(ValueError):
    """Field problems: {field: sentence}. Nothing was saved."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def validate(event: Breakthrough) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not event.title.strip():
        problems["title"] = "Give the breakthrough a short title."
    elif len(event.title.strip()) > MAX_TITLE:
        problems["title"] = f"Keep the title under {MAX_TITLE} characters; the rest belongs in the fields below."
    if event.role not in ROLES:
        problems["role"] = f"The role is 'caused' or 'participated', not '{event.role}'."
    unknown = [a for a in event.change_areas if a not in CHANGE_AREAS]
    if unknown:
        problems["change_areas"] = f"Change areas are {', '.join(CHANGE_AREAS)}; not {', '.join(unknown)}."
    return problems


def _to_row(event: Breakthrough) -> dict:
    return {
        "happened_on": event.happened_on.isoformat(),
        "title": event.title.strip(),
        "situation": event.situation,
        "breakthrough": event.breakthrough,
        **{area: int(area in event.change_areas) for area in CHANGE_AREAS},
        "role": event.role,
        "result": event.result,
        "tags": json.dumps(list(event.tags), ensure_ascii=False),
        "talking_point": int(event.talking_point),
        "reflection_day": event.reflection_day.isoformat() if event.reflection_day else None,
    }


def _from_row(row: dict) -> Breakthrough:
    # Tolerant: a value another program or an older import left odd reads as a safe one (store/rows.py).
    return Breakthrough(
        id=row["id"],
        happened_on=rows.day_or(row["happened_on"], date.min),
        title=rows.text(row["title"]),
        situation=rows.text(row["situation"]),
        breakthrough=rows.text(row["breakthrough"]),
        change_areas=tuple(area for area in CHANGE_AREAS if rows.flag(row[area])),
        role=rows.choice(row["role"], ROLES, "caused"),
        result=rows.text(row["result"]),
        tags=tuple(rows.texts(row["tags"])),
        talking_point=rows.flag(row["talking_point"]),
        reflection_day=rows.day(row["reflection_day"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=rows.whole(row["version"]),
        deleted_at=row["deleted_at"],
    )


def save(db: Database, event: Breakthrough) -> Breakthrough:
    """Create (id None) or update the event. Raises InvalidBreakthrough, saving nothing.

    An event with an id that is no longer stored (emptied from the trash elsewhere,
    or not in a restored backup) is stored again under that id."""
    problems = validate(event)
    if problems:
        raise InvalidBreakthrough(problems)
    event = replace(event, title=event.title.strip(),
                    change_areas=tuple(a for a in CHANGE_AREAS if a in event.change_areas))
    with write_transaction(db):
        stamp = next_stamp(db)
        row = _to_row(event) | {"updated_at": stamp.at, "version": stamp.revision,
                                "deleted_at": event.deleted_at}
        current = None if event.id is None else db.execute(
            "SELECT created_at FROM breakthroughs WHERE id = ?", [event.id]).fetchone()
        if current is None:
            row["created_at"] = event.created_at or stamp.at
            if event.id is not None:
                row["id"] = event.id
            new_id = db["breakthroughs"].insert(row).last_pk
            return replace(event, id=new_id, created_at=row["created_at"], updated_at=stamp.at,
                           version=stamp.revision)
        db["breakthroughs"].update(event.id, row)
        return replace(event, updated_at=stamp.at, version=stamp.revision, created_at=current[0])


@dataclass(frozen=True)
class Saved:
    event: Breakthrough
    report: MergeReport


UNTITLED = "Untitled breakthrough"


def keepable(event: Breakthrough) -> Breakthrough:
    """The event made valid without losing a word, for a save that must not fail
    (quit, a signal, a recovery copy): no title -> "Untitled breakthrough"; a title
    over the limit -> its start, with the whole title kept atop the situation."""
    title = event.title.strip()
    if not title:
        return replace(event, title=UNTITLED)
    if len(title) > MAX_TITLE:
        short = title[:MAX_TITLE - 1].rsplit(" ", 1)[0].rstrip() or title[:MAX_TITLE - 1]
        situation = f"{title}\n\n{event.situation}" if event.situation.strip() else title
        return replace(event, title=short + "…", situation=situation)
    return event


def save_merging(db: Database, event: Breakthrough, base: Base[Breakthrough], final: bool = False) -> Saved:
    """save(), merging with what was stored since `base` (the event as this editor
    last loaded or saved it) instead of overwriting another window's changes; then
    move `base` on to what is stored. Raises InvalidBreakthrough, saving nothing
    (final: made valid with keepable() instead)."""
    if event.id is None and base.value.id is not None:
        event = replace(event, id=base.value.id)  # an earlier save of this editor created it
    from journal.store.merge import MergeReport  # difflib: only the app's saves merge

    if final:
        event = keepable(event)
    with write_transaction(db):
        now_epoch = epoch(db)
        report = MergeReport(restored=base.epoch is not None and base.epoch != now_epoch)
        if event.id is not None:
            stored = get(db, event.id)
            if stored is None:
                report.recreated = not report.restored
            elif report.restored or stored.version != base.value.version:
                event, merged = merge(base.value, event, stored)
                report.joined, report.conflicts, report.taken = merged.joined, merged.conflicts, merged.taken
            if stored is not None and stored.deleted_at is not None:
                # Trashed elsewhere while being edited here: what is being typed wins.
                report.recreated = True
            event = replace(event, deleted_at=None)
        saved = save(db, event)
    base.value, base.epoch = saved, now_epoch
    return Saved(saved, report)


def merge(base: Breakthrough, ours: Breakthrough, theirs: Breakthrough) -> tuple[Breakthrough, MergeReport]:
    from journal.store.merge import MergeReport, merge_line, merge_tags, merge_text, merge_value, when_text

    report = MergeReport()
    when = when_text(theirs.updated_at)
    title, how = merge_line(base.title, ours.title, theirs.title)
    report.add("the title", how)
    texts = {}
    for name, label in (("situation", "the situation"), ("breakthrough", "the breakthrough"),
                        ("result", "the result")):
        texts[name], how = merge_text(getattr(base, name), getattr(ours, name), getattr(theirs, name), when)
        report.add(label, how)
    merged = replace(
        ours, title=title, **texts,
        happened_on=merge_value(base.happened_on, ours.happened_on, theirs.happened_on),
        change_areas=tuple(merge_tags(base.change_areas, ours.change_areas, theirs.change_areas)),
        role=merge_value(base.role, ours.role, theirs.role),
        talking_point=merge_value(base.talking_point, ours.talking_point, theirs.talking_point),
        reflection_day=merge_value(base.reflection_day, ours.reflection_day, theirs.reflection_day),
        tags=tuple(merge_tags(base.tags, ours.tags, theirs.tags)),
    )
    return merged, report


def get(db: Database, event_id: int) -> Breakthrough | None:
    rows = list(db["breakthroughs"].rows_where("id = ?", [event_id], limit=1))
    return _from_row(rows[0]) if rows else None


def set_talking_point(db: Database, event_id: int, flag: bool) -> None:
    with write_transaction(db):
        stamp = next_stamp(db)
        db.execute("UPDATE breakthroughs SET talking_point = ?, updated_at = ?, version = ? WHERE id = ?",
                   [int(flag), stamp.at, stamp.revision, event_id])


def trash(db: Database, event_id: int) -> None:
    """Move to the trash: hidden everywhere, restorable until the trash is emptied."""
    with write_transaction(db):
        stamp = next_stamp(db)
        db.execute("UPDATE breakthroughs SET deleted_at = ?, version = ? WHERE id = ? AND deleted_at IS NULL",
                   [stamp.at, stamp.revision, event_id])


def restore(db: Database, event_id: int) -> None:
    with write_transaction(db):
        db.execute("UPDATE breakthroughs SET deleted_at = NULL, version = ? WHERE id = ?",
                   [next_stamp(db).revision, event_id])


def trashed(db: Database, limit: int = PAGE_SIZE) -> list[Breakthrough]:
    return [_from_row(r) for r in db["breakthroughs"].rows_where(
        "deleted_at IS NOT NULL", order_by="deleted_at DESC", limit=limit)]


def empty_trash(db: Database) -> int:
    """Delete the trashed events for good; returns how many."""
    with write_transaction(db):
        next_stamp(db)  # a deletion is a change: an editor of one of them must see it
        return db.execute("DELETE FROM breakthroughs WHERE deleted_at IS NOT NULL").rowcount


def from_reflection(db: Database, day: date) -> list[Breakthrough]:
    """Events promoted from the reflection of `day`."""
    return [_from_row(r) for r in db["breakthroughs"].rows_where(
        "reflection_day = ? AND deleted_at IS NULL", [day.isoformat()], order_by="id")]


@dataclass(frozen=True)
class Filter:
    """Everything the review screen can narrow by; all parts combine (AND)."""

    text: str = ""
    tags: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    role: str | None = None
    talking_points_only: bool = False
    since: date | None = None
    until: date | None = None
    by_relevance: bool = True  # only when there is text to rank by
    ids: tuple[int, ...] | None = field(default=None)  # a marked selection

    @property
    def ranked(self) -> bool:
        return self.by_relevance and fts_query(self.text) is not None

    def is_empty(self) -> bool:
        return self == Filter(by_relevance=self.by_relevance)


def _where(flt: Filter) -> tuple[str, list, str | None]:
    clauses = ["b.deleted_at IS NULL"]
    params: list = []
    query = fts_query(flt.text)
    if query is not None:
        clauses.append("b.id IN (SELECT rowid FROM breakthroughs_fts WHERE breakthroughs_fts MATCH ?)")
        params.append(query)
    for tag in flt.tags:
        clauses.append("b.id IN (SELECT breakthrough_id FROM breakthrough_tags WHERE tag = ?)")
        params.append(tag)
    for area in flt.areas:
        if area not in CHANGE_AREAS:
            raise ValueError(f"Change areas are {', '.join(CHANGE_AREAS)}; not {area}.")
        clauses.append(f"b.{area} = 1")
    if flt.role:
        clauses.append("b.role = ?")
        params.append(flt.role)
    if flt.talking_points_only:
        clauses.append("b.talking_point = 1")
    if flt.since:
        clauses.append("b.happened_on >= ?")
        params.append(flt.since.isoformat())
    if flt.until:
        clauses.append("b.happened_on <= ?")
        params.append(flt.until.isoformat())
    if flt.ids is not None:
        clauses.append(f"b.id IN ({','.join('?' * len(flt.ids)) or 'NULL'})")
        params.extend(flt.ids)
    return " AND ".join(clauses), params, query


def search(db: Database, flt: Filter, limit: int = PAGE_SIZE, offset: int = 0) -> list[Breakthrough]:
    """One page of matching events: newest first, or best first when ranking by text."""
    where, params, query = _where(flt)
    if flt.ranked:
        sql = (
            f"SELECT b.* FROM breakthroughs b JOIN breakthroughs_fts f ON f.rowid = b.id "
            f"WHERE breakthroughs_fts MATCH ? AND {where} ORDER BY {RANK}, b.happened_on DESC LIMIT ? OFFSET ?"
        )
        params = [query, *params, limit, offset]
    else:
        sql = f"SELECT b.* FROM breakthroughs b WHERE {where} ORDER BY b.happened_on DESC, b.id DESC LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [_from_row(dict(zip(columns, row))) for row in cursor]


def iter_matching(db: Database, flt: Filter, batch: int = 500) -> Iterator[Breakthrough]:
    """Every matching event, page by page (for the brief), in the filter's order."""
    offset = 0
    while page := search(db, flt, limit=batch, offset=offset):
        yield from page
        offset += len(page)


def count(db: Database, flt: Filter, at_most: int | None = None) -> int:
    """How many match; with at_most, stops counting past it (returns at_most + 1):
    a full count reads every match, 0.2 s for a common prefix at 200,000 events."""
    where, params, _ = _where(flt)
    if at_most is None:
        return db.execute(f"SELECT count(*) FROM breakthroughs b WHERE {where}", params).fetchone()[0]
    return db.execute(f"SELECT count(*) FROM (SELECT 1 FROM breakthroughs b WHERE {where} LIMIT ?)",
                      [*params, at_most + 1]).fetchone()[0]


def monthly_counts(db: Database, today: date, months: int = 12) -> list[tuple[date, int]]:
    """(first day of month, events that happened in it) for the last `months` months."""
    from dateutil.relativedelta import relativedelta  # the chart's: export and search need none

    first = today.replace(day=1) - relativedelta(months=months - 1)
    rows = dict(db.execute(
        "SELECT substr(happened_on, 1, 7), count(*) FROM breakthroughs "
        "WHERE deleted_at IS NULL AND happened_on >= ? GROUP BY 1",
        [first.isoformat()],
    ).fetchall())
    out = []
    for i in range(months):
        month = first + relativedelta(months=i)
        out.append((month, rows.get(month.strftime("%Y-%m"), 0)))
    return out


def all_tags(db: Database, limit: int = 200) -> list[str]:
    """Tags in use, most used first (for hints)."""
    rows = db.execute(
        "SELECT t.tag, count(*) FROM breakthrough_tags t JOIN breakthroughs b ON b.id = t.breakthrough_id "
        "WHERE b.deleted_at IS NULL GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT ?", [limit]
    ).fetchall()
    return [r[0] for r in rows]

"""Every record of every kind, in date order, streamed: memory does not grow
with the journal. Used by export (Markdown, split files, JSON)."""

from __future__ import annotations

import heapq
import json
import sqlite3
from itertools import islice
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from sqlite_utils import Database

from journal.store import breakthroughs as bt
from journal.store import reflections as rf
from journal.store import strategies as st
from journal.store.fts import fts_query
from journal.store.search import SearchFilter

KIND_ORDER = {"reflection": 0, "breakthrough": 1, "strategy": 2}


class Record(NamedTuple):
    """A tuple, so heapq.merge compares (day, order, id) in C: at 100,000 records
    a dataclass's __lt__ cost a tenth of the whole export. (day, order, id) is
    unique, so comparison never reaches the fields after it."""

    day: date
    order: int  # the kind's place among records of one day
    id: int
    kind: str
    value: object  # Reflection | Breakthrough | StrategyNote (None when values=False)
    row: Mapping  # every stored column (an sqlite3.Row), for lossless JSON


def _clauses(flt: SearchFilter, alias: str, day: str, fts: str, tag_table: str, id_column: str):
    # No range asked: no range clause, so a record whose stored day is not a date is still exported.
    clauses, params = ["1"], []
    if flt.since or flt.until:
        clauses, params = [f"{day} BETWEEN ? AND ?"], [(flt.since or date.min).isoformat(),
                                                        (flt.until or date.max).isoformat()]
    query = fts_query(flt.text)
    if query is not None:
        clauses.append(f"{alias}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")
        params.append(query)
    for tag in flt.tags:
        clauses.append(f"{alias}.id IN (SELECT {id_column} FROM {tag_table} WHERE tag = ?)")
        params.append(tag)
    return clauses, params


def _rows(db: Database | sqlite3.Connection, sql: str, params: list) -> Iterator[sqlite3.Row]:
    """Rows readable by column name, built in C (a dict per row cost 0.18 s at 100,000)."""
    cursor = (db if isinstance(db, sqlite3.Connection) else db.conn).cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params)


def as_dict(row: sqlite3.Row) -> dict:
    return dict(zip(row.keys(), row))


def _day(value: str) -> date:
    """The record's day for ordering and grouping; one that is not a date goes first
    (export names the record and keeps the stored text in its JSON)."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return date.min


# The columns of a record's key and name only (iter_keys): no text is read.
KEY_COLUMNS = {"reflection": "r.id, r.day", "breakthrough": "b.id, b.happened_on, b.title",
               "strategy": "n.id, n.created_at, n.question"}


def _reflections(db: Database, flt: SearchFilter, values: bool, columns: str = "*") -> Iterator[Record]:
    clauses, params = _clauses(flt, "r", "r.day", "reflections_fts", "reflection_tags", "reflection_id")
    for row in _rows(db, f"SELECT {columns} FROM reflections r WHERE {' AND '.join(clauses)} ORDER BY r.day", params):
        value = rf._from_row(row) if values else None
        yield Record(_day(row["day"]), 0, row["id"], "reflection", value, row)


def _breakthroughs(db: Database, flt: SearchFilter, values: bool, columns: str = "*") -> Iterator[Record]:
    clauses, params = _clauses(flt, "b", "b.happened_on", "breakthroughs_fts", "breakthrough_tags", "breakthrough_id")
    clauses.append("b.deleted_at IS NULL")
    if flt.talking_points:
        clauses.append("b.talking_point = 1")
    for row in _rows(db, f"SELECT {columns} FROM breakthroughs b WHERE {' AND '.join(clauses)} "
                         "ORDER BY b.happened_on, b.id", params):
        value = bt._from_row(row) if values else None
        yield Record(_day(row["happened_on"]), 1, row["id"], "breakthrough", value, row)


OPTIONS_PAGE = 500  # notes whose options are read in one query


def _strategies(db: Database, flt: SearchFilter, values: bool = True, columns: str = "*") -> Iterator[Record]:
    day = "substr(n.created_at, 1, 10)"
    clauses, params = _clauses(flt, "n", day, "strategy_notes_fts", "strategy_tags", "note_id")
    query = fts_query(flt.text)
    if query is not None:  # a note also matches through its options; clauses[1] is the text clause
        clauses[1] = (f"({clauses[1]} OR n.id IN (SELECT o.note_id FROM strategy_options o WHERE o.id IN "
                      "(SELECT rowid FROM strategy_options_fts WHERE strategy_options_fts MATCH ?)))")
        params.insert(3 if flt.since or flt.until else 1, query)  # after the range's two and the text's one
    clauses.append("n.deleted_at IS NULL")
    notes = _rows(db, f"SELECT {columns} FROM strategy_notes n WHERE {' AND '.join(clauses)} ORDER BY {day}, n.id",
                  params)
    if not values:
        for row in notes:
            yield Record(_day(str(row["created_at"])[:10]), 2, row["id"], "strategy", None, row)
        return
    # The options of a page of notes in one query: one per note was 3,000 queries at 100,000 entries.
    while page := list(islice(notes, OPTIONS_PAGE)):
        options: dict[int, list[dict]] = {}
        for o in _rows(db, "SELECT * FROM strategy_options WHERE note_id IN (SELECT value FROM json_each(?)) "
                           "ORDER BY note_id, position, id", [json.dumps([row["id"] for row in page])]):
            options.setdefault(o["note_id"], []).append(as_dict(o))
        for row in page:
            stored = options.get(row["id"], [])
            value = st._note_from_row(row, tuple(st._option_from_row(o) for o in stored))
            yield Record(_day(str(row["created_at"])[:10]), 2, row["id"], "strategy", value,
                         as_dict(row) | {"options": stored})


def iter_records(db: Database, flt: SearchFilter = SearchFilter(), values: bool = True) -> Iterator[Record]:
    """Matching records of the wanted kinds, oldest first, merged across kinds.

    values=False leaves Record.value empty for reflections and breakthroughs (the
    Markdown document renders their rows directly: 100,000 dataclasses cost 0.17 s)."""
    streams = []
    if flt.wants("reflection"):
        streams.append(_reflections(db, flt, values))
    if flt.wants("breakthrough"):
        streams.append(_breakthroughs(db, flt, values))
    if flt.wants("strategy"):
        streams.append(_strategies(db, flt))
    # Records compare by (day, kind, id), so merge needs no key function per record.
    yield from heapq.merge(*streams)


def iter_keys(db: Database, flt: SearchFilter = SearchFilter()) -> Iterator[Record]:
    """iter_records' records in its order, each with only its id, day and title
    (Record.value None): what naming export --split's files needs, without reading
    the texts (the split named every file from a whole pass of iter_records)."""
    streams = []
    if flt.wants("reflection"):
        streams.append(_reflections(db, flt, False, KEY_COLUMNS["reflection"]))
    if flt.wants("breakthrough"):
        streams.append(_breakthroughs(db, flt, False, KEY_COLUMNS["breakthrough"]))
    if flt.wants("strategy"):
        streams.append(_strategies(db, flt, False, KEY_COLUMNS["strategy"]))
    yield from heapq.merge(*streams)


def count_records(db: Database, flt: SearchFilter = SearchFilter()) -> int:
    from journal.store.search import count

    return count(db, flt)


def json_row(record: Record) -> dict:
    """The stored row with its JSON columns decoded: lossless and readable. A column
    that does not hold JSON stays the text it is (export must never fail on it)."""
    row = dict(record.row) if isinstance(record.row, dict) else as_dict(record.row)
    for key in ("prompts", "answers", "tags"):
        if isinstance(row.get(key), str):
            try:
                row[key] = json.loads(row[key])
            except (ValueError, RecursionError):
                pass
    return row

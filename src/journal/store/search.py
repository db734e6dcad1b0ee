"""One search over reflections, breakthroughs and strategy notes (FTS5, BM25).

Also the ordered, streaming walk over every record that export uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

from journal.store.fts import fts_query, query_words

KINDS = ("reflection", "breakthrough", "strategy")
MARK_START, MARK_END = "\x02", "\x03"  # around matched words in snippets
SNIPPET_WORDS = 14


@dataclass(frozen=True)
class SearchFilter:
    """The filters every command and the search screen share."""

    text: str = ""
    since: date | None = None
    until: date | None = None
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # empty: every kind
    talking_points: bool = False  # breakthroughs marked as talking points only

    def wants(self, kind: str) -> bool:
        if self.talking_points and kind != "breakthrough":
            return False
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Hit:
    kind: str
    key: str  # the day (reflections) or the id
    day: date
    title: str
    snippet: str  # matched words between MARK_START and MARK_END
    rank: float


def _snippet(table: str) -> str:
    return f"snippet({table}, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})"


DOCUMENTS = {  # the indexed text of a matched row, fetched by primary key, for text_snippet()
    "r": "SELECT body || ' ' || answers FROM reflections WHERE id = ?",
    "b": "SELECT title || ' ' || situation || ' ' || breakthrough || ' ' || result FROM breakthroughs WHERE id = ?",
    "n": "SELECT question || ' ' || context FROM strategy_notes WHERE id = ?",
    "o": "SELECT title || ' ' || predicted_benefit || ' ' || notes FROM strategy_options WHERE id = ?",
}
SNIPPET_SOURCES = {  # which FTS index a text match came from, and its snippet
    "r": "reflections_fts", "b": "breakthroughs_fts", "n": "strategy_notes_fts", "o": "strategy_options_fts",
}


def _select(kind: str, key: str, day: str, title: str, snippet: str, rank: str) -> str:
    """One arm's columns. With text, `snippet` names the FTS index ('r', 'b', 'n', 'o')
    and `src` is the matched row: snippets are made later, for the returned rows only."""
    if snippet in SNIPPET_SOURCES:
        src, fallback = {"r": "r.id", "b": "b.id", "n": "n.id", "o": "o.id"}[snippet], "''"
        source = f"'{snippet}'"
    else:
        src, fallback, source = "NULL", snippet, "NULL"
    return (f"SELECT '{kind}' AS kind, {key} AS key, {day} AS day, {title} AS title, "
            f"{fallback} AS snippet, {source} AS source, {src} AS src, {rank} AS rank ")


def _arms(flt: SearchFilter, query: str | None) -> tuple[list[str], list]:
    # CROSS JOIN keeps the FTS index as the outer loop: with a plain JOIN the
    # planner may walk the day index and test MATCH row by row (0.14 s at 10k).
    """One SELECT per kind, each giving kind, key, day, title, snippet, rank."""
    arms, params = [], []
    since, until = (flt.since or date.min).isoformat(), (flt.until or date.max).isoformat()

    def tags_clause(tag_table: str, id_column: str, alias: str) -> str:
        parts = []
        for tag in flt.tags:
            parts.append(f" AND {alias}.id IN (SELECT {id_column} FROM {tag_table} WHERE tag = ?)")
            params.append(tag)
        return "".join(parts)

    if flt.wants("reflection"):
        if query:
            arms.append(
                _select("reflection", "r.day", "r.day", "substr(r.body, 1, 200)", "r",
                        "bm25(reflections_fts)") +
                "FROM reflections_fts CROSS JOIN reflections r ON r.id = reflections_fts.rowid "
                "WHERE reflections_fts MATCH ? AND r.day BETWEEN ? AND ?")
            params += [query, since, until]
        else:
            arms.append(_select("reflection", "r.day", "r.day", "substr(r.body, 1, 200)", "substr(r.body, 1, 160)", "0") +
                        "FROM reflections r WHERE r.day BETWEEN ? AND ?")
            params += [since, until]
        arms[-1] += tags_clause("reflection_tags", "reflection_id", "r")
    if flt.wants("breakthrough"):
        extra = " AND b.talking_point = 1" if flt.talking_points else ""
        if query:
            arms.append(
                _select("breakthrough", "b.id", "b.happened_on", "b.title", "b",
                        "bm25(breakthroughs_fts, 8.0, 1.0, 3.0, 2.0, 4.0)") +
                "FROM breakthroughs_fts CROSS JOIN breakthroughs b ON b.id = breakthroughs_fts.rowid "
                f"WHERE breakthroughs_fts MATCH ? AND b.deleted_at IS NULL AND b.happened_on BETWEEN ? AND ?{extra}")
            params += [query, since, until]
        else:
            arms.append(_select("breakthrough", "b.id", "b.happened_on", "b.title", "substr(b.breakthrough, 1, 160)",
                                "0") +
                        f"FROM breakthroughs b WHERE b.deleted_at IS NULL AND b.happened_on BETWEEN ? AND ?{extra}")
            params += [since, until]
        arms[-1] += tags_clause("breakthrough_tags", "breakthrough_id", "b")
    if flt.wants("strategy"):
        day = "substr(n.created_at, 1, 10)"
        if query:
            arms.append(
                _select("strategy", "n.id", day, "n.question", "n", "bm25(strategy_notes_fts)") +
                "FROM strategy_notes_fts CROSS JOIN strategy_notes n ON n.id = strategy_notes_fts.rowid "
                f"WHERE strategy_notes_fts MATCH ? AND n.deleted_at IS NULL AND {day} BETWEEN ? AND ?")
            params += [query, since, until]
            arms[-1] += tags_clause("strategy_tags", "note_id", "n")
            arms.append(
                _select("strategy", "n.id", day, "n.question", "o",
                        "bm25(strategy_options_fts)") +
                "FROM strategy_options_fts CROSS JOIN strategy_options o ON o.id = strategy_options_fts.rowid "
                "JOIN strategy_notes n ON n.id = o.note_id "
                f"WHERE strategy_options_fts MATCH ? AND n.deleted_at IS NULL AND {day} BETWEEN ? AND ?")
            params += [query, since, until]
        else:
            arms.append(_select("strategy", "n.id", day, "n.question", "substr(n.context, 1, 160)", "0") +
                        f"FROM strategy_notes n WHERE n.deleted_at IS NULL AND {day} BETWEEN ? AND ?")
            params += [since, until]
        arms[-1] += tags_clause("strategy_tags", "note_id", "n")
    return arms, params


def search(db: Database, flt: SearchFilter, order: str = "best", limit: int = 50, offset: int = 0) -> list[Hit]:
    """Matches of every wanted kind, best first (BM25) or newest first."""
    query = fts_query(flt.text)
    arms, params = _arms(flt, query)
    if not arms:
        return []
    # min(rank) picks, per record, the snippet of its best-matching row.
    inner = " UNION ALL ".join(arms)
    by = "best, day DESC" if order == "best" and query else "day DESC, best"
    # MATERIALIZED: flattening would move bm25() into the aggregate, where FTS5 refuses it.
    sql = (f"WITH u AS MATERIALIZED ({inner}) SELECT kind, key, day, title, snippet, source, src, min(rank) AS best "
           f"FROM u GROUP BY kind, key ORDER BY {by} LIMIT ? OFFSET ?")
    rows = db.execute(sql, [*params, limit, offset]).fetchall()
    # A page: FTS5's own snippets (stemming-aware). Every match: FTS5's snippet()
    # re-tokenizes each whole document (0.48 s for 1,338 long days), so cut them in Python.
    inline = limit < 0 or limit > 200
    words = [w.lower() for w in query_words(flt.text)]

    def make_snippet(source: str | None, src: int, fallback: str) -> str:
        if not source:
            return fallback
        if inline:
            row = db.execute(DOCUMENTS[source], [src]).fetchone()
            return text_snippet(row[0] if row else "", words)
        return _page_snippet(db, query, source, src)

    rows = [(kind, key, day, title, make_snippet(source, src, snippet), rank)
            for kind, key, day, title, snippet, source, src, rank in rows]
    hits = []
    for kind, key, day, title, snippet, rank in rows:
        if kind == "reflection":
            first = next((line.strip().lstrip("#").strip() for line in (title or "").splitlines() if line.strip()), "")
            title = first or "Reflection"
            if len(title) > 70:
                title = title[:69].rsplit(" ", 1)[0] + "…"
        hits.append(Hit(kind, str(key), date.fromisoformat(day), title, clean_snippet(snippet or ""), rank))
    return hits


def _page_snippet(db: Database, query: str | None, source: str, rowid: int) -> str:
    """The snippet of one returned row (cheap: the FTS index seeks straight to the rowid)."""
    table = SNIPPET_SOURCES[source]
    row = db.execute(f"SELECT {_snippet(table)} FROM {table} WHERE {table} MATCH ? AND rowid = ?",
                     [query, rowid]).fetchone()
    return row[0] if row else ""


def text_snippet(text: str, words: list[str], width: int = 120) -> str:
    """A snippet cut in Python: the text around the first query word, the words
    (and words they begin, as the search's prefix matching does) marked."""
    lower = text.lower()
    found = [i for i in (lower.find(w) for w in words) if i >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    if start:
        start = text.find(" ", start) + 1 or start
    window = text[start:start + width]
    if start + width < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    if start:
        window = "…" + window
    if words:
        pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
        window = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", window)
    return window


def clean_snippet(snippet: str) -> str:
    """One line; the JSON punctuation of list columns (answers, tags) read as separators."""
    text = " ".join(snippet.split())
    for junk, sep in (('", "', " · "), ('["', ""), ('"]', ""), ("[]", "")):
        text = text.replace(junk, sep)
    text = re.sub(r"(?:\s*·\s*)+", " · ", text.replace('\\"', '"'))
    return text.strip(" ·")


def count(db: Database, flt: SearchFilter) -> int:
    arms, params = _arms(flt, fts_query(flt.text))
    if not arms:
        return 0
    inner = " UNION ALL ".join(arms)
    return db.execute(f"WITH u AS MATERIALIZED ({inner}) SELECT count(*) FROM (SELECT DISTINCT kind, key FROM u)",
                      params).fetchone()[0]

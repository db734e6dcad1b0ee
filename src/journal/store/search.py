"""One search over reflections, breakthroughs and strategy notes (FTS5, BM25).

A page costs one statement, whatever its size: each kind gives only its best
(or newest) `offset + limit` ids, the page is cut from their union, and only
the page's rows read their title and text, from which the snippets are cut
in Python. Counting is separate and may stop at a cap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, Union

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

    # A journal, or a worker's bare read connection (the search screen's, which it interrupts)
    Reader = Union[Database, sqlite3.Connection]

from journal.store import fts
from journal.store.fts import RANK_AT_MOST, fts_query, query_words

KINDS = ("reflection", "breakthrough", "strategy")
MARK_START, MARK_END = "\x02", "\x03"  # around matched words in snippets
MARKED = MARK_START + r"\g<0>" + MARK_END  # re.sub's template: the match between the marks
COUNT_CAP = RANK_AT_MOST + 1  # count(cap=COUNT_CAP) == COUNT_CAP reads "more than 10,000"


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


# What a page row reads, by its id (rid) and the row its text matched in (source, src).
TITLE = ("CASE kind WHEN 'reflection' THEN (SELECT substr(body, 1, 200) FROM reflections WHERE id = rid) "
         "WHEN 'breakthrough' THEN (SELECT title FROM breakthroughs WHERE id = rid) "
         "ELSE (SELECT question FROM strategy_notes WHERE id = rid) END")
DOCUMENT = (  # the indexed text of the matched row, for text_snippet(); without text, the opening lines
    "CASE source "
    "WHEN 'r' THEN (SELECT body || ' ' || answers FROM reflections WHERE id = src) "
    "WHEN 'b' THEN (SELECT title || ' ' || situation || ' ' || breakthrough || ' ' || result "
    "FROM breakthroughs WHERE id = src) "
    "WHEN 'n' THEN (SELECT question || ' ' || context FROM strategy_notes WHERE id = src) "
    "WHEN 'o' THEN (SELECT title || ' ' || predicted_benefit || ' ' || notes FROM strategy_options WHERE id = src) "
    "WHEN 'R' THEN (SELECT substr(body, 1, 160) FROM reflections WHERE id = src) "
    "WHEN 'B' THEN (SELECT substr(breakthrough, 1, 160) FROM breakthroughs WHERE id = src) "
    "ELSE (SELECT substr(context, 1, 160) FROM strategy_notes WHERE id = src) END")
# The same total order inside each kind and across them, so the union of each kind's
# first offset + limit rows holds the page.
ORDER = {"best": "score, day DESC, kind, rid DESC", "newest": "day DESC, kind, rid DESC"}
COLUMNS = "kind, key, rid, day, source, src, score"


class _Arm:
    """One kind's SELECT of COLUMNS, with its parameters in order."""

    def __init__(self) -> None:
        self.sql = ""
        self.params: list = []

    def add(self, sql: str, *params) -> "_Arm":
        self.sql += sql
        self.params += params
        return self


def _filters(arm: _Arm, flt: SearchFilter, day: str, alias: str, tag_table: str, id_column: str) -> _Arm:
    arm.add(f" AND {day} BETWEEN ? AND ?", (flt.since or date.min).isoformat(), (flt.until or date.max).isoformat())
    for tag in flt.tags:
        arm.add(f" AND {alias}.id IN (SELECT {id_column} FROM {tag_table} WHERE tag = ?)", tag)
    return arm


def _reflections(flt: SearchFilter, query: str | None, ranked: bool) -> _Arm:
    arm = _Arm()
    if ranked:  # the FTS index drives, so bm25() can be read
        arm.add("SELECT 'reflection' AS kind, r.day AS key, r.id AS rid, r.day AS day, 'r' AS source, r.id AS src, "
                "bm25(reflections_fts) AS score FROM reflections_fts CROSS JOIN reflections r "
                "ON r.id = reflections_fts.rowid WHERE reflections_fts MATCH ?", query)
    else:  # the day index drives (newest first stops at the page); text is a set of ids
        source = "'r'" if query else "'R'"
        arm.add(f"SELECT 'reflection' AS kind, r.day AS key, r.id AS rid, r.day AS day, {source} AS source, "
                "r.id AS src, 0 AS score FROM reflections r WHERE 1")
        if query:
            arm.add(" AND r.id IN (SELECT rowid FROM reflections_fts WHERE reflections_fts MATCH ?)", query)
    return _filters(arm, flt, "r.day", "r", "reflection_tags", "reflection_id")


def _breakthroughs(flt: SearchFilter, query: str | None, ranked: bool) -> _Arm:
    arm = _Arm()
    if ranked:
        arm.add("SELECT 'breakthrough' AS kind, b.id AS key, b.id AS rid, b.happened_on AS day, 'b' AS source, "
                "b.id AS src, bm25(breakthroughs_fts, 8.0, 1.0, 3.0, 2.0, 4.0) AS score "
                "FROM breakthroughs_fts CROSS JOIN breakthroughs b ON b.id = breakthroughs_fts.rowid "
                "WHERE breakthroughs_fts MATCH ?", query)
    else:
        source = "'b'" if query else "'B'"
        arm.add(f"SELECT 'breakthrough' AS kind, b.id AS key, b.id AS rid, b.happened_on AS day, {source} AS source, "
                "b.id AS src, 0 AS score FROM breakthroughs b WHERE 1")
        if query:
            arm.add(" AND b.id IN (SELECT rowid FROM breakthroughs_fts WHERE breakthroughs_fts MATCH ?)", query)
    arm.add(" AND b.deleted_at IS NULL" + (" AND b.talking_point = 1" if flt.talking_points else ""))
    return _filters(arm, flt, "b.happened_on", "b", "breakthrough_tags", "breakthrough_id")


STRATEGY_DAY = "substr(n.created_at, 1, 10)"


def _strategies(flt: SearchFilter, query: str | None) -> _Arm:
    """A note matches in its own text or in an option's: per note, the better of the two."""
    head = "SELECT 'strategy' AS kind, n.id AS key, n.id AS rid, " + STRATEGY_DAY + " AS day, "
    if not query:
        arm = _Arm().add(head + "'N' AS source, n.id AS src, 0 AS score FROM strategy_notes n "
                         "WHERE n.deleted_at IS NULL")
        return _filters(arm, flt, STRATEGY_DAY, "n", "strategy_tags", "note_id")
    notes = _Arm().add(head + "'n' AS source, n.id AS src, bm25(strategy_notes_fts) AS score "
                       "FROM strategy_notes_fts CROSS JOIN strategy_notes n ON n.id = strategy_notes_fts.rowid "
                       "WHERE strategy_notes_fts MATCH ? AND n.deleted_at IS NULL", query)
    options = _Arm().add(head + "'o' AS source, o.id AS src, bm25(strategy_options_fts) AS score "
                         "FROM strategy_options_fts CROSS JOIN strategy_options o ON o.id = strategy_options_fts.rowid "
                         "JOIN strategy_notes n ON n.id = o.note_id "
                         "WHERE strategy_options_fts MATCH ? AND n.deleted_at IS NULL", query)
    _filters(notes, flt, STRATEGY_DAY, "n", "strategy_tags", "note_id")
    _filters(options, flt, STRATEGY_DAY, "n", "strategy_tags", "note_id")
    # min(score) makes the other bare columns (source, src) those of the best row (SQLite's rule).
    return _Arm().add(f"SELECT kind, key, rid, day, source, src, min(score) AS score FROM ({notes.sql} UNION ALL "
                      f"{options.sql}) GROUP BY rid", *notes.params, *options.params)


def _kinds(flt: SearchFilter, query: str | None, ranked: bool) -> list[_Arm]:
    arms = []
    if flt.wants("reflection"):
        arms.append(_reflections(flt, query, ranked))
    if flt.wants("breakthrough"):
        arms.append(_breakthroughs(flt, query, ranked))
    if flt.wants("strategy"):
        arms.append(_strategies(flt, query))
    return arms


def listing_order(db: Reader, flt: SearchFilter, order: str = "best") -> tuple[str, int | None]:
    """The order a list is shown in, by the one rule (fts.too_many_to_rank): best
    first only while at most RANK_AT_MOST match, else newest first. With the count
    it read to decide (stopped at COUNT_CAP), or None when it did not need one."""
    if order != "best" or fts_query(flt.text) is None:
        return order, None
    total = count(db, flt, cap=fts.RANK_AT_MOST + 1)
    return ("newest" if fts.too_many_to_rank(total) else "best"), total


def page_sql(flt: SearchFilter, order: str = "best", limit: int = 50, offset: int = 0) -> tuple[str, list] | None:
    """The one statement of a page: COLUMNS, then title and document (None when no kind is wanted)."""
    query = fts_query(flt.text)
    ranked = order == "best" and query is not None
    by = ORDER["best" if ranked else "newest"]
    arms = _kinds(flt, query, ranked)
    if not arms:
        return None
    if limit < 0 and not offset:
        return _every_sql(arms, by)
    top = -1 if limit < 0 else limit + offset
    parts, params = [], []
    for arm in arms:
        parts.append(f"SELECT * FROM ({arm.sql} ORDER BY {by} LIMIT ?)")
        params += [*arm.params, top]
    # MATERIALIZED: the title and text are read for the page's rows only.
    sql = (f"WITH page AS MATERIALIZED ({' UNION ALL '.join(parts)} ORDER BY {by} LIMIT ? OFFSET ?) "
           f"SELECT kind, key, day, score, {TITLE} AS title, {DOCUMENT} AS document FROM page ORDER BY {by}")
    return sql, [*params, limit, offset]


def _every_sql(arms: list[_Arm], by: str) -> tuple[str, list]:
    """Every match, streamed: each kind in order, merged (SQLite merges a compound
    ORDER BY), each row's title and text read as it goes out. The page's statement
    (a MATERIALIZED set sorted again) held every match at once: 199 MB at 1,000,000."""
    parts, params = [], []
    for arm in arms:
        parts.append(f"SELECT * FROM ({arm.sql})")
        params += arm.params
    sql = (f"SELECT kind, key, day, score, {TITLE} AS title, {DOCUMENT} AS document "
           f"FROM ({' UNION ALL '.join(parts)} ORDER BY {by})")
    return sql, params


def search(db: Reader, flt: SearchFilter, order: str = "best", limit: int = 50, offset: int = 0) -> list[Hit]:
    """Matches of every wanted kind, best first (BM25) or newest first."""
    return list(iter_hits(db, flt, order, limit, offset))


def iter_hits(db: Reader, flt: SearchFilter, order: str = "best", limit: int = 50,
              offset: int = 0) -> Iterator[Hit]:
    """search(), one hit at a time: every match (limit -1) never sits in memory at once."""
    built = page_sql(flt, order, limit, offset)
    if built is None:
        return
    pattern = word_pattern(tuple(query_words(flt.text)))
    for kind, key, day, score, title, document in db.execute(*built):
        snippet = text_snippet(document or "", pattern) if pattern else (document or "")
        yield Hit(kind, str(key), date.fromisoformat(day), _title(kind, title), clean_snippet(snippet), score)


def _title(kind: str, title: str | None) -> str:
    if kind != "reflection":
        return title or ""
    first = next((line.strip().lstrip("#").strip() for line in (title or "").splitlines() if line.strip()), "")
    title = first or "Reflection"
    if len(title) > 70:
        title = title[:69].rsplit(" ", 1)[0] + "…"
    return title


def _strategy_count(flt: SearchFilter, query: str | None) -> _Arm:
    arm = _Arm().add("SELECT n.id FROM strategy_notes n WHERE n.deleted_at IS NULL")
    if query:
        arm.add(" AND (n.id IN (SELECT rowid FROM strategy_notes_fts WHERE strategy_notes_fts MATCH ?) "
                "OR n.id IN (SELECT o.note_id FROM strategy_options o WHERE o.id IN "
                "(SELECT rowid FROM strategy_options_fts WHERE strategy_options_fts MATCH ?)))", query, query)
    return _filters(arm, flt, STRATEGY_DAY, "n", "strategy_tags", "note_id")


def count_sql(flt: SearchFilter, cap: int | None = None) -> tuple[str, list] | None:
    """count()'s one statement: each kind's matches, each stopping at the cap."""
    query = fts_query(flt.text)
    arms = _kinds(flt, query, ranked=False)
    if flt.wants("strategy"):
        arms[-1] = _strategy_count(flt, query)
    if not arms:
        return None
    parts, params = [], []
    for arm in arms:
        parts.append(f"(SELECT count(*) FROM ({arm.sql} LIMIT ?))")
        params += [*arm.params, -1 if cap is None else cap]
    return "SELECT " + " + ".join(parts), params


def count(db: Reader, flt: SearchFilter, cap: int | None = None) -> int:
    """How many records match; with a cap, counting stops there (cap is then
    returned: "more than cap - 1")."""
    built = count_sql(flt, cap)
    if built is None:
        return 0
    total = db.execute(*built).fetchone()[0]
    return total if cap is None else min(total, cap)


# Snippets are cut in Python from the page's own rows: FTS5's snippet() needs a
# MATCH per row, and for a prefix such as "a" each one read the whole index (0.5 s).
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "e", "y")


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """For each plain Latin letter, its accented forms (what remove_diacritics folds)."""
    table: dict[str, str] = {}
    for point in range(0xC0, 0x250):
        char = chr(point)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[base.lower()] = table.get(base.lower(), "") + char
    return table


CASE_FOLDS = "\u0131\u017f\u212a\u212b"  # ı, ſ, the Kelvin and Ångström signs: re's IGNORECASE folds them too


def _word_regex(word: str, cased: bool = False) -> str:
    """A word as the index matches it: any case and accents, and (roughly, as the
    porter stemmer does) any ending. cased: each letter's cases spelled out, for a
    pattern without IGNORECASE, which re can skip through to its first letter (with
    IGNORECASE and a look-behind it tried every position of a 27 KB day: 3x slower)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    for suffix in SUFFIXES:
        if plain.endswith(suffix) and len(plain) - len(suffix) >= 3:
            plain = plain[:-len(suffix)]
            break
    accented = _accented()

    def letter(c: str) -> str:
        forms = c + accented.get(c, "")
        if cased:  # what IGNORECASE matches: both cases, and re's few special folds
            forms += "".join(u for u in (f.upper() for f in forms) if len(u) == 1)
            forms += "".join(x for x in CASE_FOLDS if x.lower() in forms or x.upper() in forms)
        forms = "".join(dict.fromkeys(forms))
        return f"[{forms}]" if len(forms) > 1 else re.escape(c)

    return "".join(letter(c) for c in plain)


@lru_cache(maxsize=64)
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Words of a search, each also matching the words it begins (None without words).
    Word starts as the tokenizer sees them: after anything but a letter or digit."""
    if not words:
        return None
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(_word_regex(w) for w in words) + r")\w*", re.IGNORECASE)
    _FIRST[pattern] = re.compile("|".join(_word_regex(w, cased=True) for w in words))
    return pattern


_FIRST: dict[re.Pattern[str], re.Pattern[str]] = {}  # word_pattern -> the same words, for a fast first search
_WORD_CHAR = re.compile(r"[^\W_]")


def _first_match(text: str, pattern: re.Pattern[str]) -> int | None:
    """Where the first matched word starts (pattern.search(text).start(), faster)."""
    first = _FIRST.get(pattern)
    if first is None:
        found = pattern.search(text)
        return found.start() if found else None
    position = 0
    while (found := first.search(text, position)) is not None:
        at = found.start()
        if not (at and _WORD_CHAR.match(text, at - 1)):  # a word's start, as the look-behind asks
            return at
        position = at + 1
    return None


def text_snippet(text: str, pattern: re.Pattern[str], width: int = 120) -> str:
    """The text around the first matched word, the matched words marked. Only the
    window is searched past the first match: the text is never lowered or copied whole."""
    first = _first_match(text, pattern)
    start = max(0, first - width // 3) if first is not None else 0
    if start:
        start = text.find(" ", start, first) + 1 or start
    window = text[start:start + width]
    if start + width < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    if start:
        window = "…" + window
    return pattern.sub(MARKED, window)  # a template, not a function called per match


_SEPARATORS = re.compile(r"(?:\s*·\s*)+")


def clean_snippet(snippet: str) -> str:
    """One line; the JSON punctuation of list columns (answers, tags) read as separators."""
    text = " ".join(snippet.split())
    for junk, sep in (('", "', " · "), ('["', ""), ('"]', ""), ("[]", "")):
        text = text.replace(junk, sep)
    if "·" in text:  # compiled once: re.sub with a string looked it up in re's cache per hit (10 ms a 2,000)
        text = _SEPARATORS.sub(" · ", text)
    return text.replace('\\"', '"').strip(" ·")

"""Hostile tester, issue 13: the one-statement search must find exactly what the
search before it (86e338b) found, count exactly below the cap, and page without
repeats or gaps, whatever the user types."""

from __future__ import annotations

import functools
import importlib.util
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import search as searching
from journal.store import strategies
from journal.store.breakthroughs import Breakthrough
from journal.store.fts import QueryTooLong
from journal.store.reflections import Reflection
from journal.store.search import SearchFilter

OLD = "86e338b"  # the search before issue 13
WORDS = ["alignment", "align", "aligned", "a", "an", "answer", "ask", "café", "cafe", "décidé", "decide",
         "decided", "team", "teams", "tea", "naïve", "Ünïcödé", "שלום", "مرحبا", "東京", "x", "xy", "AND", "OR",
         "NOT", "NEAR", "don't", "e-mail", "[b]", "c++", "🙂", "straße", "STRASSE", "İstanbul"]


@functools.cache
def _old_search_module():
    source = subprocess.run(["git", "show", f"{OLD}:src/journal/store/search.py"], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).parent).stdout
    spec = importlib.util.spec_from_loader("journal_old_search", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules["journal_old_search"] = module
    exec(compile(source, "old_search.py", "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    db = open_journal(tmp_path_factory.mktemp("adv-search") / "journal.db")
    for i in range(40):
        words = " ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 6))
        reflections.save(db, Reflection(day=date(2024, 1, 1) + timedelta(days=i * 3), body=f"Day {i}: {words}.",
                                        tags=[("lead", "team")[i % 2]]))
    for i in range(40):
        words = " ".join(WORDS[(i * k + 3) % len(WORDS)] for k in range(1, 4))
        event = bt.save(db, Breakthrough(happened_on=date(2024, 1, 1) + timedelta(days=i * 2),
                                         title=f"Event {i} {WORDS[i % len(WORDS)]}", breakthrough=words,
                                         talking_point=i % 3 == 0, tags=(("lead",) if i % 4 == 0 else ())))
        if i % 7 == 0:
            bt.trash(db, event.id)
    for i in range(15):
        note = strategies.save_note(db, strategies.StrategyNote(question=f"Question {i} {WORDS[(i * 5) % len(WORDS)]}?",
                                                                context=WORDS[(i * 3) % len(WORDS)]))
        for k in range(3):
            strategies.save_option(db, strategies.Option(note_id=note.id, title=f"Option {k}",
                                                         notes=WORDS[(i + k * 11) % len(WORDS)]))
    yield db
    db.close()


def _keys(hits) -> list[tuple[str, str]]:
    return [(h.kind, h.key) for h in hits]


query_text = st.one_of(
    st.lists(st.sampled_from(WORDS + ['"', "*", "-", "^", "NEAR(", "(", ")", ":", "'", "\u0301", "\u200f"]),
             min_size=0, max_size=6).map(" ".join),
    st.lists(st.sampled_from(list("aeiouxt \"*-^():'[]/é\u0301\u05e9") + [" AND ", " OR ", " NOT "]),
             max_size=12).map("".join),
)
filters = st.builds(SearchFilter, text=query_text,
                    kinds=st.sampled_from([(), ("reflection",), ("breakthrough",), ("strategy",)]),
                    talking_points=st.booleans(), tags=st.sampled_from([(), ("lead",)]),
                    since=st.sampled_from([None, date(2024, 2, 1)]))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(flt=filters, order=st.sampled_from(["best", "newest"]))
def test_every_match_and_count_are_the_old_ones(journal, flt, order):
    old = _old_search_module()
    try:
        expected = old.search(journal, flt, order=order, limit=-1)
    except QueryTooLong:
        return
    got = searching.search(journal, flt, order=order, limit=-1)
    assert sorted(_keys(got)) == sorted(_keys(expected))
    assert searching.count(journal, flt) == old.count(journal, flt) == len(expected)
    assert searching.count(journal, flt, cap=5) == min(len(expected), 5)
    if order == "newest" or not flt.text.strip():
        assert [h.day for h in got] == sorted((h.day for h in got), reverse=True)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(flt=filters, order=st.sampled_from(["best", "newest"]), size=st.integers(1, 7))
def test_pages_neither_repeat_nor_skip(journal, flt, order, size):
    every = _keys(searching.search(journal, flt, order=order, limit=-1))
    pages = []
    for offset in range(0, len(every) + size, size):
        pages += _keys(searching.search(journal, flt, order=order, limit=size, offset=offset))
    assert pages == every


@pytest.mark.parametrize("text", ['"', '""', "*", "-", "^", "NEAR(", "AND", "OR", "NOT", "[/]", "\u0301",
                                  "\u200f\u05e9", "a" * 5000, "e\u0301"])
def test_cli_hostile_queries_exit_cleanly(journal, text):
    from click.testing import CliRunner

    from journal.cli import cli

    path = Path(journal.conn.execute("PRAGMA database_list").fetchone()[2])
    for extra in ([], ["--limit", "0"], ["--limit", "3"],
                  ["--json"]):
        result = CliRunner().invoke(cli, ["--db", str(path), "search", text, *extra])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception

"""One search over every kind: ranking, snippets, shared filters, odd input, the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from journal.cli import cli
from journal.filters import FilterError, build_filter
from journal.store import breakthroughs as bt
from journal.store import reflections
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection
from journal.store.search import MARK_END, MARK_START, SearchFilter, count, search

TODAY = date(2026, 3, 14)


@pytest.fixture
def journal(db):
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="Pricing workshop with the team.", tags=["pricing"]))
    reflections.save(db, Reflection(day=date(2025, 6, 1), body="Quiet day in the garden.", prompts=["Grateful?"],
                                    answers=["The garden and the team"]))
    bt.save(db, Breakthrough(happened_on=date(2026, 2, 1), title="Outcome pricing", talking_point=True,
                             breakthrough="Charge for outcomes.", tags=("pricing",)))
    bt.save(db, Breakthrough(happened_on=date(2025, 11, 1), title="Blameless review", result="Team learned faster."))
    note = st.save_note(db, st.StrategyNote(question="Grow revenue?", context="Board wants pricing ideas."))
    st.save_option(db, st.Option(note_id=note.id, title="Sell to the Nordics", kind="breakthrough"))
    return db


def kinds_and_keys(hits):
    return [(h.kind, h.key) for h in hits]


def test_search_spans_every_kind_best_first(journal):
    hits = search(journal, SearchFilter(text="pricing"))
    assert [h.kind for h in hits][:1] == ["breakthrough"]  # the title match ranks first
    assert {h.kind for h in hits} == {"reflection", "breakthrough", "strategy"}
    assert f"{MARK_START}pricing{MARK_END}" in hits[0].snippet
    assert count(journal, SearchFilter(text="pricing")) == 3


def test_newest_first_and_no_text_lists_by_date(journal):
    hits = search(journal, SearchFilter(text="team"), order="newest")
    assert [h.day for h in hits] == sorted([h.day for h in hits], reverse=True)
    everything = search(journal, SearchFilter(kinds=("reflection", "breakthrough")))
    assert [h.day for h in everything] == [date(2026, 3, 2), date(2026, 2, 1), date(2025, 11, 1), date(2025, 6, 1)]


def test_answers_and_options_are_found_with_clean_snippets(journal):
    hits = search(journal, SearchFilter(text="garden"))
    assert kinds_and_keys(hits) == [("reflection", "2025-06-01")]
    assert '", "' not in hits[0].snippet
    assert kinds_and_keys(search(journal, SearchFilter(text="nordics"))) == [("strategy", "1")]


@pytest.mark.parametrize("flt, expected", [
    (SearchFilter(text="team", kinds=("breakthrough",)), [("breakthrough", "2")]),
    (SearchFilter(tags=("pricing",)), [("reflection", "2026-03-02"), ("breakthrough", "1")]),
    (SearchFilter(talking_points=True), [("breakthrough", "1")]),
    (SearchFilter(since=date(2026, 1, 1), kinds=("reflection", "breakthrough")),
     [("reflection", "2026-03-02"), ("breakthrough", "1")]),
    (SearchFilter(until=date(2025, 12, 31), text="team"), [("breakthrough", "2"), ("reflection", "2025-06-01")]),
])
def test_shared_filters(journal, flt, expected):
    assert sorted(kinds_and_keys(search(journal, flt))) == sorted(expected)


def test_trashed_breakthroughs_are_not_found(journal):
    bt.trash(journal, 1)
    assert search(journal, SearchFilter(text="outcome")) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hs.text(max_size=40))
def test_any_input_is_searched_as_text_never_an_error(journal, text):
    search(journal, SearchFilter(text=text))
    count(journal, SearchFilter(text=text))


@pytest.mark.parametrize("text", ['"', "AND", "OR NOT", "*", "-team", "team*", "(", "NEAR(a b)", "col:x", "🙂", "ü"])
def test_fts_syntax_is_plain_text(journal, text):
    search(journal, SearchFilter(text=text))


def test_filter_parser():
    flt = build_filter("x", on="2025", tags=["a, b"], kinds=["Reflection"], today=TODAY)
    assert (flt.since, flt.until, flt.tags, flt.kinds) == (date(2025, 1, 1), date(2025, 12, 31), ("a", "b"), ("reflection",))
    flt = build_filter(from_="march", to="2026-03-10", today=TODAY)
    assert (flt.since, flt.until) == (date(2026, 3, 1), date(2026, 3, 10))
    assert build_filter(on="last quarter", today=TODAY).since == date(2025, 10, 1)


@pytest.mark.parametrize("kwargs, option, words", [
    ({"on": "soon"}, "--on", "Can't read 'soon'"),
    ({"from_": "2026-13-01"}, "--from", "months run from 1 to 12"),
    ({"from_": "2026", "to": "2025"}, "--to", "comes before"),
    ({"on": "2025", "from_": "2024"}, "--on", "not both"),
    ({"kinds": ["diary"]}, "--kind", "not diary"),
])
def test_filter_parser_refusals(kwargs, option, words):
    with pytest.raises(FilterError) as caught:
        build_filter(today=TODAY, **kwargs)
    assert caught.value.option == option and words in str(caught.value)


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def test_cli_search_prints_kind_date_title_snippet(journal, db_path):
    result = run(db_path, "search", "pricing", "--limit", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-02-01  breakthrough  Outcome pricing"
    assert "2 of 3 matches" in result.stderr


def test_cli_search_piped_and_on_a_terminal_show_the_same_text(journal, db_path):
    """Piped: the match marks dropped, control characters as pictures, no styles. On a
    terminal (color): the same text, the kind cyan, the title bold, each matched word yellow."""
    import contextlib
    import io

    bt.save(journal, Breakthrough(happened_on=date(2026, 3, 1), title="Odd \x1b[2J title",
                                  breakthrough="Before \x07 pricing after pricing end."))
    piped = run(db_path, "search", "pricing", "--kind", "breakthrough", "--sort", "newest").stdout
    assert piped.splitlines()[:2] == ["2026-03-01  breakthrough  Odd \u241b[2J title",
                                      "            Odd \u241b[2J title Before \u2407 pricing after pricing end."]
    assert MARK_START not in piped and MARK_END not in piped and "\x1b" not in piped
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["--db", str(db_path), "search", "pricing", "--kind", "breakthrough", "--sort", "newest"],
                 color=True, standalone_mode=False)
    styled = shown.getvalue()
    assert "Before \u2407 \x1b[33m\x1b[1mpricing\x1b[0m after \x1b[33m\x1b[1mpricing\x1b[0m end." in styled
    assert "\x1b[36mbreakthrough" in styled and MARK_START not in styled
    assert __import__("click").unstyle(styled) == piped


def test_cli_search_json(journal, db_path):
    result = run(db_path, "search", "--json", "--kind", "reflection", "--sort", "newest")
    data = json.loads(result.stdout)
    assert [(d["kind"], d["date"]) for d in data] == [("reflection", "2026-03-02"), ("reflection", "2025-06-01")]
    assert set(data[0]) == {"kind", "id", "date", "title", "snippet", "rank"}


def test_cli_search_no_matches(journal, db_path):
    result = run(db_path, "search", "zebra")
    assert result.exit_code == 0 and "No matches." in result.stderr


@pytest.mark.parametrize("args, words", [
    (["--on", "soon"], "Can't read 'soon'"),
    (["--kind", "diary"], "diary"),
    (["--from", "2026", "--to", "2025"], "comes before"),
    (["--limit", "-1"], "-1"),
])
def test_cli_search_bad_input_exits_2(journal, db_path, args, words):
    result = run(db_path, "search", "x", *args)
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_records_stream_with_text_filter_across_kinds(journal):
    from journal.store.records import iter_records

    found = [(r.kind, r.id) for r in iter_records(journal, SearchFilter(text="pricing"))]
    assert sorted(k for k, _ in found) == ["breakthrough", "reflection", "strategy"]
    assert [(r.kind) for r in iter_records(journal, SearchFilter(text="nordics"))] == ["strategy"]  # via an option

"""Property tests: whatever is typed or fed in, no traceback; bad input gets a
sentence and exit status 2; the journal's bytes stay as they were."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from conftest import file_digest
from journal.cli import cli
from journal.dates import DateError, parse_date, parse_range
from journal.filters import FilterError, build_filter
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections

TODAY = date(2026, 3, 14)
FIXTURE_OPTIONS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

words = hs.sampled_from(["last", "next", "friday", "march", "2025", "q3", "quarter", "since", "ago", "3", "days",
                         "yesterday", "today", "week", "to", "-", "/", "02/01/2026", "2026-02-30", "the", "of"])
date_text = hs.one_of(hs.text(max_size=30), hs.lists(words, max_size=5).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(date_text)
def test_date_words_are_a_date_or_a_sentence(text):
    for parse in (parse_date, parse_range):
        try:
            parse(text, TODAY)
        except DateError as error:
            assert str(error).strip().endswith((".", ")", "?")), str(error)


@settings(max_examples=200, deadline=None)
@given(text=hs.text(max_size=20), from_=hs.none() | date_text, to=hs.none() | date_text, on=hs.none() | date_text,
       tags=hs.lists(hs.text(max_size=10), max_size=3), kinds=hs.lists(hs.text(max_size=12), max_size=2),
       talking_points=hs.booleans())
def test_filters_are_a_filter_or_a_sentence(text, from_, to, on, tags, kinds, talking_points):
    try:
        build_filter(text, from_, to, on, tags, kinds, talking_points, today=TODAY)
    except FilterError as error:
        assert error.option.startswith("--") and str(error)


def a_journal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("j")
    path = folder / "journal.db"
    db = open_journal(path)
    reflections.save(db, reflections.Reflection(TODAY, body="Antimatter pricing", tags=["pricing"]))
    bt.save(db, bt.Breakthrough(TODAY, title="Pricing", situation="s", result="r"))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return folder, path


COMMANDS = ["write", "search", "export", "import", "doctor", "backup", "restore", "where"]
OPTIONS = ["--date", "--from", "--to", "--on", "--tag", "--kind", "--talking-points", "--sort", "--limit", "--json",
           "--format", "-o", "--split", "--force", "--dry-run", "--yes", "--rebuild-search", "--help"]
token = hs.one_of(hs.sampled_from(OPTIONS), words, hs.text(alphabet=hs.characters(blacklist_categories=["Cs"],
                                                                                 blacklist_characters="\x00"),
                                                         max_size=12))


@FIXTURE_OPTIONS
@given(command=hs.sampled_from(COMMANDS), args=hs.lists(token, max_size=5))
def test_any_command_line_exits_cleanly(tmp_path_factory, command, args):
    folder, path = a_journal(tmp_path_factory)
    before = file_digest(path)
    with contextlib.chdir(folder):  # backups and exports land here, not in the repo
        result = CliRunner().invoke(cli, ["--db", str(path), command, *args], input="")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.output.strip(), "a refusal says why"
        assert file_digest(path) == before


@FIXTURE_OPTIONS
@given(content=hs.binary(min_size=1, max_size=4096), command=hs.sampled_from(
    [["write", "hello"], ["search", "x"], ["export"], ["backup"], ["import", "x.json"]]))
def test_a_file_that_is_not_a_journal_is_refused_untouched(tmp_path_factory, content, command):
    folder = tmp_path_factory.mktemp("junk")
    path = folder / "journal.db"
    path.write_bytes(content)
    with contextlib.chdir(folder):
        result = CliRunner().invoke(cli, ["--db", str(path), *command])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    assert path.read_bytes() == content


@FIXTURE_OPTIONS
@given(cut=hs.floats(min_value=0.0, max_value=0.999))
def test_truncated_import_files_change_nothing(tmp_path_factory, cut):
    folder, path = a_journal(tmp_path_factory)
    exported = CliRunner().invoke(cli, ["--db", str(path), "export", "--format", "json"]).output
    other = folder / "other.db"
    open_journal(other).close()
    before = file_digest(other)
    truncated = folder / "cut.json"
    truncated.write_text(exported[: int(len(exported) * cut)])
    result = CliRunner().invoke(cli, ["--db", str(other), "import", str(truncated)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    assert "Nothing was imported" in result.output
    assert file_digest(other) == before


def test_the_whole_export_does_import(tmp_path_factory):
    """The other side of the truncation test: uncut, the same file imports."""
    folder, path = a_journal(tmp_path_factory)
    exported = CliRunner().invoke(cli, ["--db", str(path), "export", "--format", "json"]).output
    json.loads(exported)
    (folder / "all.json").write_text(exported)
    other = folder / "other.db"
    result = CliRunner().invoke(cli, ["--db", str(other), "import", str(folder / "all.json")])
    assert result.exit_code == 0, result.output
    assert os.path.getsize(other) > 0

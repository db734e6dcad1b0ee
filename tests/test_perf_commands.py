"""Issue 13: the commands do work that does not grow with the journal where it need not.

These tests assert mechanisms (which statements ran, how many calls), never times;
benchmarks/commands.py measures the times against their floors.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as hs

from journal.cli import cli
from journal.store import open_journal

WHOLE_FILE_CHECKS = ("quick_check", "integrity_check")


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement run on connections the store opens (and on sqlite3.connect)."""
    import journal.store.db as store_db

    ran: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(ran.append)
        return conn

    monkeypatch.setattr(store_db.sqlite3, "connect", traced)
    return ran


def _whole_file_checks(ran: list[str]) -> list[str]:
    return [s for s in ran if any(check in s.lower() for check in WHOLE_FILE_CHECKS)]


# -- 1. journal write checks what it must, not every page ----------------------------------


def test_write_runs_no_whole_file_check(db_path, statements):
    open_journal(db_path).close()
    statements.clear()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "write", "A quick capture"])
    assert result.exit_code == 0, result.output
    assert any("INSERT" in s or "UPDATE" in s for s in statements)  # the trace saw the capture
    assert _whole_file_checks(statements) == []


def test_write_still_reads_the_header_application_id_and_schema_version(db_path, statements):
    open_journal(db_path).close()
    statements.clear()
    CliRunner().invoke(cli, ["--db", str(db_path), "write", "A quick capture"])
    joined = "\n".join(statements)
    assert "PRAGMA application_id" in joined and "PRAGMA user_version" in joined


def test_write_refuses_a_foreign_database_with_the_same_sentence(tmp_path):
    from conftest import file_digest

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = file_digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "write", "hello"])
    assert result.exit_code == 2
    assert "is an SQLite database, but not a journal" in result.output
    assert file_digest(path) == before


def test_backup_reads_the_journal_whole_once(db_path, tmp_path, statements):
    """The copy is checked (it must be proven whole); the journal is not checked
    before as well: the copy holds the same pages."""
    open_journal(db_path).close()
    statements.clear()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    assert len(_whole_file_checks(statements)) == 1


# -- the app's whole-file check: once a day -------------------------------------------------


async def _open_app_once(path, today: date, monkeypatch) -> int:
    import journal.app as app_module
    from helpers import SIZE, make_app, settle

    calls = []
    real = app_module.verify_journal

    def counting(p):
        calls.append(p)
        return real(p)

    monkeypatch.setattr(app_module, "verify_journal", counting)
    db = open_journal(path, verify=False)
    app = make_app(db, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot, 0.1)
        assert app.writer.gate_open
        await pilot.press("ctrl+q")
    db.close()
    return len(calls)


async def test_the_app_checks_the_whole_file_at_most_once_a_day(db_path, monkeypatch):
    open_journal(db_path).close()
    day = date(2026, 3, 14)
    assert await _open_app_once(db_path, day, monkeypatch) == 1
    assert await _open_app_once(db_path, day, monkeypatch) == 0  # the same day: not again
    assert await _open_app_once(db_path, date(2026, 3, 15), monkeypatch) == 1  # the next day: again


# -- 3. import: statements per batch, not per record; as strict as before -------------------


def _jrnl_export(path, n: int, bad_at: int | None = None):
    import json
    from datetime import timedelta

    entries = [{"title": f"Entry {i}", "body": f"Body of entry {i} about @team", "date":
                (date(2020, 1, 1) + timedelta(days=i // 2)).isoformat(), "time": "09:00" if i % 2 else "18:30",
                "tags": ["@team"], "starred": False} for i in range(n)]
    if bad_at is not None:
        entries[bad_at]["date"] = "2020-02-30"
    path.write_text(json.dumps({"tags": {"@team": n}, "entries": entries}))
    return path


def _statements_of_import(db, source, monkeypatch) -> int:
    from journal import importers

    calls = [0]
    real = db.execute

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(db, "execute", counting)
    importers.apply(db, importers.read(source))
    return calls[0]


@pytest.mark.parametrize("n", [400, 4000])
def test_import_runs_a_bounded_number_of_statements(tmp_path, monkeypatch, n):
    db = open_journal(tmp_path / f"j{n}.db")
    ran = _statements_of_import(db, _jrnl_export(tmp_path / "jrnl.json", n), monkeypatch)
    # Per record, 4,000 entries on 2,000 days ran over 10,000 statements; per batch, a few dozen.
    assert ran <= 40, ran
    assert db.execute("SELECT count(*) FROM reflections").fetchone()[0] == n // 2
    assert db.execute("SELECT count(*) FROM imports").fetchone()[0] == n
    db.close()


def test_a_batched_import_stores_what_one_by_one_saves_stored(tmp_path):
    """Every column as reflections.save writes it: the prompt set, answers, tags, a revision each."""
    import json

    from journal import importers

    db = open_journal(tmp_path / "j.db")
    importers.apply(db, importers.read(_jrnl_export(tmp_path / "jrnl.json", 6)))
    rows = db.execute("SELECT day, body, prompts, answers, tags, version FROM reflections ORDER BY day").fetchall()
    prompts = json.loads(rows[0][2])
    assert prompts and json.loads(rows[0][3]) == [""] * len(prompts)
    assert rows[0][1] == "**18:30 · Entry 0**\n\nBody of entry 0 about @team\n\n**09:00 · Entry 1**\n\nBody of entry 1 about @team"
    assert [json.loads(r[4]) for r in rows] == [["team"]] * 3
    versions = [r[5] for r in rows]
    assert len(set(versions)) == 3 and max(versions) == db.execute("SELECT revision FROM journal_state").fetchone()[0]
    again = importers.apply(db, importers.read(tmp_path / "jrnl.json"))
    assert again.already == 6 and db.execute("SELECT count(*) FROM reflections").fetchone()[0] == 3
    db.close()


def test_a_bad_entry_still_refuses_the_whole_import(tmp_path):
    from conftest import file_digest

    path = tmp_path / "j.db"
    open_journal(path).close()
    before = file_digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "import", str(_jrnl_export(tmp_path / "jrnl.json", 3000,
                                                                                     bad_at=2500))])
    assert result.exit_code == 2
    assert "entry 2501" in result.output and "Nothing was imported" in result.output
    assert file_digest(path) == before


def _dump(db) -> list:
    """What an import leaves, but the revision stamps and times."""
    return [db.execute("SELECT day, body, tags, prompts, answers FROM reflections ORDER BY id").fetchall(),
            db.execute("SELECT source, source_key, kind, record_key FROM imports ORDER BY rowid").fetchall()]


def test_a_json_export_is_streamed_never_read_whole(tmp_path, monkeypatch):
    from journal import importers

    source = _jrnl_export(tmp_path / "jrnl.json", 3000)
    whole = open_journal(tmp_path / "whole.db")
    expected = importers.apply(whole, importers._restarted(importers.Plan("jrnl", source)))

    def refused(*args, **kwargs):
        raise AssertionError("the export was read whole")

    monkeypatch.setattr(importers, "_read_text", refused)
    monkeypatch.setattr(importers, "CHUNK", 4096)  # many refills
    monkeypatch.setattr(importers.JsonStream.__init__, "__defaults__", (4096,))
    streamed = open_journal(tmp_path / "streamed.db")
    plan = importers.apply(streamed, importers.read(source))
    assert plan.summary(False) == expected.summary(False) == "Added 1500 reflections from jrnl.json (jrnl)."
    assert _dump(streamed) == _dump(whole)


def test_a_streamed_parse_gives_what_json_load_gives(tmp_path):
    import json

    from journal.importers import JsonStream

    source = _jrnl_export(tmp_path / "jrnl.json", 5000)
    with open(source, "rb") as handle:
        stream = JsonStream(handle, chunk=1000)
        stream.take("{")
        assert stream.value() == "tags" and (stream.take(":"), stream.value())[1] == {"@team": 5000}
        stream.take(",")
        assert stream.value() == "entries"
        stream.take(":")
        entries = list(stream.items())
    assert entries == json.loads(source.read_text())["entries"]


json_values = hs.recursive(
    hs.none() | hs.booleans() | hs.integers() | hs.floats(allow_nan=False) | hs.text(max_size=20),
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=6), inner, max_size=4),
    max_leaves=15)


@settings(max_examples=300, deadline=None)
@given(items=hs.lists(json_values, max_size=8), chunk=hs.integers(1, 64), indent=hs.sampled_from([None, 0, 2]),
       bom=hs.booleans())
def test_property_a_list_streams_the_same_at_any_split_point(items, chunk, indent, bom):
    import io
    import json

    from journal.importers import JsonStream

    data = json.dumps({"entries": items}, indent=indent, ensure_ascii=bool(chunk % 2)).encode()
    stream = JsonStream(io.BytesIO(b"\xef\xbb\xbf" * bom + data), chunk=chunk)
    stream.take("{")
    assert stream.value() == "entries"
    stream.take(":")
    assert list(stream.items()) == items
    stream.take("}")
    assert stream.peek() == ""


def _write_entries(path, entries, head=None):
    import json

    path.write_text(json.dumps({**(head or {"tags": {}}), "entries": entries}))
    return path


def _entry(day: str, title: str, **extra) -> dict:
    return {"title": title, "body": f"About {title}.", "date": day, "time": "09:00", "tags": [], **extra}


def test_a_day_that_comes_back_is_grouped_as_before(tmp_path):
    """An unsorted file: read whole, each day's entries together in the order days first come."""
    from journal import importers

    source = _write_entries(tmp_path / "jrnl.json", [
        _entry("2024-01-02", "B1"), _entry("2024-01-01", "A1"), _entry("2024-01-02", "B2"),
        _entry("2024-01-03", "C1")])
    db = open_journal(tmp_path / "j.db")
    plan = importers.apply(db, importers.read(source))
    assert plan.summary(False) == "Added 3 reflections from jrnl.json (jrnl)."
    bodies = dict(db.execute("SELECT day, body FROM reflections").fetchall())
    assert bodies["2024-01-02"] == "**09:00 · B1**\n\nAbout B1.\n\n**09:00 · B2**\n\nAbout B2."
    versions = [r[0] for r in db.execute("SELECT day FROM reflections ORDER BY version")]
    assert versions == ["2024-01-02", "2024-01-01", "2024-01-03"]  # first appearance, as before


def test_a_day_one_entry_after_the_first_makes_it_day_ones_file(tmp_path):
    """As when it was read whole: then the first entry is a Day One entry without a date."""
    from journal import importers

    path = _write_entries(tmp_path / "in.json", [
        _entry("2024-01-01", "A"), {"uuid": "u1", "creationDate": "2024-01-02T09:00:00Z", "text": "Day One"}])
    db = open_journal(tmp_path / "j.db")
    with pytest.raises(importers.ImportProblem, match="entry 1 .'A'.: creationDate '' is not an ISO date"):
        importers.apply(db, importers.read(path))


@pytest.mark.parametrize("entries, head, source", [
    ([{"uuid": "u1", "creationDate": "2024-01-02T09:00:00Z", "text": "Day One"}], {"metadata": {}}, "dayone"),
    ([_entry("2024-01-01", "A")], {"tags": {}, "later": 1}, "jrnl"),
])
def test_stream_and_whole_file_agree_on_the_shape(tmp_path, entries, head, source):
    from journal import importers

    path = _write_entries(tmp_path / "in.json", entries, head)
    db = open_journal(tmp_path / "j.db")
    assert importers.apply(db, importers.read(path)).source == source


def test_a_key_after_the_entries_that_changes_the_shape_reads_it_whole(tmp_path):
    import json

    from journal import importers

    path = tmp_path / "in.json"
    path.write_text(json.dumps({"entries": [_entry("2024-01-01", "A")], "metadata": {}}))
    db = open_journal(tmp_path / "j.db")
    with pytest.raises(importers.ImportProblem, match="entry 1"):  # Day One's: no creationDate, no text
        importers.apply(db, importers.read(path))
    assert db.execute("SELECT count(*) FROM reflections").fetchone()[0] == 0


# -- 3. journal write loads only what a capture uses ------------------------------------------


def _modules_after(args: list[str]) -> set[str]:
    """The modules a fresh `python -m journal ARGS` process has loaded when it exits."""
    import json
    import subprocess
    import sys

    probe = ("import json, runpy, sys\n"
             f"sys.argv = ['journal', *{args!r}]\n"
             "try:\n    runpy.run_module('journal', run_name='__main__')\n"
             "except SystemExit as e:\n    assert not e.code, e.code\n"
             "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_write_loads_neither_sqlite_utils_nor_difflib(db_path):
    open_journal(db_path).close()
    loaded = _modules_after(["--db", str(db_path), "write", "A quick capture"])
    assert "sqlite_utils" not in loaded  # ~30 ms: a capture is one INSERT or UPDATE
    assert "difflib" not in loaded  # merging is for the app's concurrent edits
    assert "journal.store.merge" not in loaded
    assert "journal.dates" not in loaded and "dateutil" not in loaded  # today needs no parsing


def test_write_says_today_as_dates_describe_says_it(db_path):
    from journal.dates import describe

    result = CliRunner().invoke(cli, ["--db", str(db_path), "write", "A quick capture"])
    assert result.output == f"Added to the reflection of {describe(date.today())}.\n"


def test_write_appends_to_an_existing_day_on_a_plain_connection(db_path):
    from journal.store import reflections

    open_journal(db_path).close()
    for text in ("First thought", "Second thought"):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "write", text])
        assert result.exit_code == 0, result.output
    db = open_journal(db_path)
    saved = reflections.get(db, date.today())
    assert saved.body == "First thought\n\nSecond thought" and saved.version >= 2


# -- export reads the options of a page of notes at once, and loads only what it uses ----


def test_export_reads_options_a_page_of_notes_at_a_time(db_path, statements):
    from journal.store import strategies as st
    from journal.store.strategies import Option, StrategyNote

    db = open_journal(db_path)
    for i in range(30):
        note = st.save_note(db, StrategyNote(question=f"Question {i}"))
        st.save_option(db, Option(note_id=note.id, title=f"Choice {i}"))
    db.close()
    statements.clear()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export"])
    assert result.exit_code == 0, result.output
    assert result.output.count("Choice ") == 30
    options = [s for s in statements if "FROM strategy_options" in s]
    assert len(options) == 1, options  # one per note was 3,025 queries at 100,000 entries


def test_export_loads_neither_the_merge_nor_the_date_parser(db_path):
    open_journal(db_path).close()
    loaded = _modules_after(["--db", str(db_path), "export"])
    assert "difflib" not in loaded and "journal.store.merge" not in loaded  # merging is the app's
    assert "journal.dates" not in loaded and "dateutil" not in loaded  # no --from/--to/--on given
    assert "platformdirs" not in loaded  # --db names the file


@pytest.mark.parametrize("filters", [["--from", "2020-01-01", "--to", "2020-12-31"], ["--tag", "hiring"],
                                     ["--on", "2020-02-29"]])
def test_search_by_tag_or_iso_days_loads_no_date_parser(db_path, filters):
    """A tag, or days written as YYYY-MM-DD, need no natural-language parsing
    (journal.dates and dateutil: ~7 ms of a 70 ms floor)."""
    open_journal(db_path).close()
    loaded = _modules_after(["--db", str(db_path), "search", *filters, "--limit", "0"])
    assert "journal.dates" not in loaded and "dateutil" not in loaded


def test_iso_days_read_as_the_date_parser_reads_them():
    from journal.dates import parse_range
    from journal.filters import FilterError, build_filter

    for text in ("2020-01-01", "2024-02-29", " 2020-12-31 "):
        flt = build_filter("", from_=text, to=text)
        assert (flt.since, flt.until) == parse_range(text)
        assert (build_filter("", on=text).since, build_filter("", on=text).until) == parse_range(text)
    for text in ("2023-02-29", "2020-13-01", "20200101", "2020-W01-1"):  # refused, with the parser's sentence
        with pytest.raises(FilterError):
            build_filter("", from_=text)
    assert build_filter("", from_="2020-1-5").since == date(2020, 1, 5)  # the parser's looser form still reads


def test_stdout_export_writes_in_batches_below_the_mmap_threshold(db_path, monkeypatch):
    """Batches of ~1 MB were mapped afresh by malloc each time: 36,000 page faults in a
    117 MB export. A write holds a batch and at most the one record that ended it."""
    import io

    from journal import files
    from journal.store import reflections
    from journal.store.reflections import Reflection

    db = open_journal(db_path)
    for i in range(60):
        reflections.save(db, Reflection(day=date(2024, 1, 1).replace(day=1 + i % 28, month=1 + i // 28),
                                        body=f"Day {i}. " + "word " * 2000))
    db.close()
    sizes: list[int] = []

    class Recording(io.StringIO):
        def write(self, text):
            sizes.append(len(text))
            return super().write(text)

    chunks = []
    real = files.write_batched

    def write_batched(stream, items, *args, **kwargs):
        items = list(items)
        chunks.extend(items)
        return real(Recording(), items, *args, **kwargs)

    monkeypatch.setattr(files, "write_batched", write_batched)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export"])
    assert result.exit_code == 0, result.output
    assert sum(sizes) > 500_000
    assert max(sizes) <= files.BATCH_CHARS + max(map(len, chunks)) < 128 * 1024


def test_export_split_reads_the_records_whole_once(db_path, tmp_path, statements):
    """The files' names come from a pass over keys and titles only; the records are read
    whole once (two whole passes and a count before)."""
    from journal.store import breakthroughs as bt
    from journal.store import reflections
    from journal.store.breakthroughs import Breakthrough
    from journal.store.reflections import Reflection

    db = open_journal(db_path)
    for i in range(5):
        reflections.save(db, Reflection(day=date(2024, 1, 1 + i), body=f"Day {i}"))
        bt.save(db, Breakthrough(happened_on=date(2024, 1, 1 + i), title=f"Event {i}"))
    db.close()
    statements.clear()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--split", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").iterdir())) == 10
    whole = [s for s in statements if s.startswith("SELECT * FROM") and "strategy_options" not in s]
    assert len(whole) == 3, whole  # reflections, breakthroughs, strategy notes: once each
    assert not [s for s in statements if "(SELECT count(*) FROM" in s]  # search.count_sql: none


def test_export_split_holds_one_days_names_not_every_name(db_path, tmp_path, monkeypatch):
    """Names clash only within a day (each starts with it): 38 MB of names at 1,000,000 entries."""
    from journal import export
    from journal.store import breakthroughs as bt
    from journal.store.breakthroughs import Breakthrough

    db = open_journal(db_path)
    for day in range(1, 5):
        for _ in range(3):  # the same title thrice a day: -2, -3
            bt.save(db, Breakthrough(happened_on=date(2024, 1, day), title="Same title"))
    db.close()
    sizes: list[int] = []
    real = export.split_name

    def split_name(record, used):
        sizes.append(len(used))
        return real(record, used)

    monkeypatch.setattr(export, "split_name", split_name)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "export", "--split", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert max(sizes) == 2  # the day's names so far, never the names of other days
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"2024-01-0{day}-same-title{suffix}.md" for day in range(1, 5) for suffix in ("", "-2", "-3"))


def test_split_files_get_temporary_names_without_a_random_draw_each(db_path, tmp_path, monkeypatch):
    """tempfile.mkstemp drew a random name per file: half the cost of a small file."""
    import stat
    import tempfile

    from journal import files

    def mkstemp(*args, **kwargs):
        raise AssertionError("mkstemp per file")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    first, path = files.temp_file(tmp_path)
    os.close(first)
    second, other = files.temp_file(tmp_path)
    os.close(second)
    assert path != other and path.name.startswith(files.TEMP_PREFIX)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    taken = tmp_path / f"{files.TEMP_PREFIX}{files._temp_token}-{next(files._temp_names) + 1}"
    taken.symlink_to(tmp_path / "elsewhere")  # O_EXCL: the next name is taken, so the one after
    third, last = files.temp_file(tmp_path)
    os.close(third)
    assert last != taken and not (tmp_path / "elsewhere").exists()

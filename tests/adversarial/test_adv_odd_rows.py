"""Finding 2: a record already stored with odd values (an older import, another
program) must not break export, the day view or the breakthroughs list. Export
writes what it can and names each record it could not render; JSON export
always succeeds with the raw values; reading turns odd values into safe ones."""

from __future__ import annotations

import json
from datetime import date

import pytest
from textual.widgets import Input, TextArea

from adv_journal import fill, raw_sql, run
from helpers import SIZE, TODAY, make_app, settle, settle_workers, table_titles
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st


def plant_odd_rows(path):
    """Values the store would never write, put straight into the file."""
    fill(path)
    raw_sql(path, "INSERT INTO reflections (day, body, prompts, answers, tags, created_at, updated_at, version) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [TODAY.isoformat(), "Odd day body", '["P1", "P2"]', "[1, null]", '[1, {"a": 2}]',
             "2026-03-14T09:00:00+00:00", "2026-03-14T09:00:00+00:00", "1180591620717411303424"])
    raw_sql(path, "INSERT INTO reflections (day, body, prompts, answers, tags, created_at, updated_at) "
                  "VALUES ('2026-03-13', X'42696e61727920626f6479', 'not json', '{\"a\": 1}', '\"x\"', 'c', 'u')")
    raw_sql(path, "INSERT INTO breakthroughs (happened_on, title, situation, breakthrough, attitude, role, result, "
                  "tags, talking_point, reflection_day, created_at, updated_at, version) VALUES "
                  "('2026-03-10', 'Odd link', 'Odd situation', '', 'x', 'boss', 'Odd result', '{\"a\": 1}', 7, "
                  "'garbage', 'c', 'u', '1180591620717411303424')")
    raw_sql(path, "INSERT INTO breakthroughs (happened_on, title, situation, breakthrough, role, result, tags, "
                  "talking_point, created_at, updated_at) VALUES "
                  "('garbage', 'Odd date', '', 'Realized', 'caused', '', '[2]', 0, 'c', 'u')")
    raw_sql(path, "INSERT INTO strategy_notes (question, context, tags, decided_option_id, decided_on, review_on, "
                  "met_prediction, created_at, updated_at) VALUES "
                  "('Odd note?', 'Odd context', '[1]', 99, 'garbage', '2026-13-01', 'maybe', 'garbage', 'u')")
    note_id = open_journal(path).execute("SELECT max(id) FROM strategy_notes").fetchone()[0]
    raw_sql(path, "INSERT INTO strategy_options (note_id, position, title, kind, created_at, updated_at) "
                  "VALUES (?, 0, 'Odd option', 'weird', 'c', 'u')", [note_id])
    return path


@pytest.fixture
def odd(tmp_path):
    return plant_odd_rows(tmp_path / "journal.db")


# -- export ---------------------------------------------------------------------

def test_markdown_export_writes_what_it_can_and_names_the_rest(odd):
    result = run(odd, "export")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    out, err = result.stdout, result.stderr
    for text in ("It went well.", "Outcome pricing", "Grow 20%?",  # the good records
                 "Odd day body", "Binary body", "Odd situation", "Odd result", "Realized", "Odd context"):
        assert text in out, text
    assert "reflection_day 'garbage'" in err and "breakthrough" in err
    assert "happened_on 'garbage'" in err
    assert "decided_on 'garbage'" in err and "strategy" in err
    assert "answers" in err
    assert "--format json" in err  # where the raw values can be had


def test_markdown_export_to_a_file_says_the_same(odd, tmp_path):
    result = run(odd, "export", "-o", tmp_path / "j.md")
    assert result.exit_code == 1, result.output
    assert "Odd situation" in (tmp_path / "j.md").read_text()
    assert "reflection_day 'garbage'" in result.stderr


def test_json_export_always_succeeds_with_the_raw_values(odd):
    result = run(odd, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)["records"]
    day = next(r for r in records if r["kind"] == "reflection" and r["day"] == TODAY.isoformat())
    assert day["answers"] == [1, None] and day["tags"] == [1, {"a": 2}]
    binary = next(r for r in records if r["kind"] == "reflection" and r["day"] == "2026-03-13")
    assert binary["prompts"] == "not json" and binary["answers"] == {"a": 1}
    link = next(r for r in records if r.get("title") == "Odd link")
    assert link["reflection_day"] == "garbage" and link["attitude"] == "x" and link["tags"] == {"a": 1}
    assert any(r.get("happened_on") == "garbage" for r in records)
    note = next(r for r in records if r.get("question") == "Odd note?")
    assert note["decided_on"] == "garbage" and note["options"][0]["kind"] == "weird"


def test_split_export_writes_every_record_and_names_the_odd_ones(odd, tmp_path):
    result = run(odd, "export", "--split", tmp_path / "split")
    assert result.exit_code == 1, result.output
    texts = "".join(p.read_text() for p in (tmp_path / "split").iterdir())
    for text in ("Odd day body", "Binary body", "Odd situation", "Realized", "Odd context", "It went well."):
        assert text in texts, text
    assert "reflection_day 'garbage'" in result.stderr and "decided_on 'garbage'" in result.stderr


def test_export_of_good_records_still_exits_0(tmp_path):
    path = fill(tmp_path / "j.db")
    for args in (["export"], ["export", "--format", "json"], ["export", "--split", tmp_path / "s"]):
        result = run(path, *args)
        assert result.exit_code == 0, result.output
        assert all(line.startswith("Exported") for line in result.stderr.splitlines()), result.stderr


# -- reading in the store and the app -------------------------------------------

def test_the_store_reads_odd_rows_as_safe_values(odd):
    db = open_journal(odd)
    day = reflections.get(db, TODAY)
    assert day.body == "Odd day body" and day.answers == ["1", ""] and day.tags == ["1", '{"a": 2}']
    other = reflections.get(db, date(2026, 3, 13))
    assert other.body == "Binary body" and other.prompts == [] and other.answers == [] and other.tags == []
    assert reflections.days_between(db, date(2026, 3, 1), date(2026, 3, 31))
    events = bt.search(db, bt.Filter())
    assert {e.title for e in events} == {"Outcome pricing", "Odd link", "Odd date"}
    link = next(e for e in events if e.title == "Odd link")
    assert link.reflection_day is None and link.role in bt.ROLES and link.tags == ()
    assert not link.talking_point and link.change_areas == ()
    note = next(st.get(db, n.id) for n in st.list_notes(db, st.Filter(), TODAY) if n.question == "Odd note?")
    assert note.decided_on is None and note.review_on is None and note.met_prediction is None
    assert note.tags == ("1",) and note.options[0].kind in st.KINDS


async def test_the_app_opens_the_odd_day_and_lists_the_odd_events(odd):
    db = open_journal(odd)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "Odd day body"
        answers = [area.text for area in app.screen.query(".answer")]
        assert answers[:2] == ["1", ""], answers
        assert "1" in app.screen.query_one("#tags", Input).value
        await pilot.press("f3")
        await settle_workers(pilot)
        assert sorted(table_titles(app)) == ["Odd date", "Odd link", "Outcome pricing"]
        assert "3 events" in str(app.screen.query_one("#bt-filter-line").render())
    db.close()


@pytest.mark.parametrize("table, column", [("reflections", "day"), ("breakthroughs", "happened_on"),
                                           ("strategy_notes", "created_at")])
def test_a_record_whose_day_is_not_a_date_is_exported_and_named(tmp_path, table, column):
    path = fill(tmp_path / "j.db")
    raw_sql(path, f"UPDATE {table} SET {column} = 'someday'")
    result = run(path, "export")
    assert result.exit_code == 1, result.output
    assert f"{column} 'someday'" in result.stderr, result.stderr
    assert f"{column} 'someday'" in result.stdout  # the document says it too, beside what could be read
    assert "someday" in run(path, "export", "--format", "json").stdout

"""Finding 1: import accepted records that later broke export, the day view and
the breakthroughs list. Every imported field is now checked with the store's
rules; one bad record refuses the whole import (exit 2, file, entry, field)."""

from __future__ import annotations

import copy
import json

import pytest

from adv_journal import exported, fill, records_of, run
from conftest import file_digest

# (kind, field, bad value, words the refusal must contain)
BAD = [
    ("breakthrough", "reflection_day", "garbage", "reflection_day 'garbage'"),
    ("breakthrough", "happened_on", "2026-02-30", "happened_on '2026-02-30'"),
    ("breakthrough", "happened_on", "20260201", "happened_on '20260201'"),
    ("breakthrough", "attitude", "x", "attitude 'x'"),
    ("breakthrough", "talking_point", 2, "talking_point 2"),
    ("breakthrough", "role", "boss", "role"),
    ("breakthrough", "title", "x" * 201, "title"),
    ("breakthrough", "title", "   ", "title"),
    ("breakthrough", "tags", [1, {"a": 2}], "tags"),
    ("breakthrough", "id", 2**70, "id 1180591620717411303424"),
    ("breakthrough", "version", 2**70, "version"),
    ("breakthrough", "situation", ["a list"], "situation"),
    ("breakthrough", "created_at", "yesterday", "created_at 'yesterday'"),
    ("reflection", "answers", [1, None], "answers"),
    ("reflection", "answers", ["a", "b", "c"], "answers"),  # more answers than prompts: lost at the next save
    ("reflection", "tags", [1, {"a": 2}], "tags"),
    ("reflection", "prompts", "What moved me?", "prompts"),
    ("reflection", "body", 5, "body 5"),
    ("reflection", "day", "garbage", "day 'garbage'"),
    ("reflection", "version", 2**70, "version"),
    ("reflection", "id", -2**64, "id"),
    ("strategy", "decided_on", "garbage", "decided_on 'garbage'"),
    ("strategy", "review_on", "2025-01-01", "review_on"),  # before the decision
    ("strategy", "met_prediction", "maybe", "met_prediction 'maybe'"),
    ("strategy", "nudge_dismissed", "yes", "nudge_dismissed 'yes'"),
    ("strategy", "decided_option_id", 999, "decided_option_id 999"),
    ("strategy", "question", "", "question"),
    ("strategy", "options", "Prices +5%", "options"),
    ("strategy", "options", [{"title": "", "kind": "incremental"}], "options"),
    ("strategy", "options", [{"title": "Moonshot", "kind": "antimatter"}], "options"),
    ("strategy", "options", [{"title": "A", "kind": "incremental", "cost": 5}], "options"),
    ("strategy", "created_at", "garbage", "created_at 'garbage'"),
]


@pytest.fixture
def journal(tmp_path):
    return fill(tmp_path / "journal.db")


@pytest.mark.parametrize("kind, field, value, words", BAD, ids=[f"{k}.{f}={str(v)[:12]}" for k, f, v, _ in BAD])
def test_a_bad_field_in_our_json_refuses_the_whole_import(journal, tmp_path, kind, field, value, words):
    data = exported(journal)
    edited = copy.deepcopy(data)
    index, record = next((i, r) for i, r in enumerate(edited["records"]) if r["kind"] == kind)
    record[field] = value
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(edited))
    target = tmp_path / "other.db"
    run(target, "write", "--date", "2020-01-01", "Something already saved.")
    before = file_digest(target)

    result = run(target, "import", source)

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    message = result.stderr
    assert f"edited.json, entry {index + 1}" in message, message
    assert words in message, message
    assert "Nothing was imported" in message
    assert len(message.strip().splitlines()) == 1, "one sentence, not a dump"
    assert file_digest(target) == before
    assert run(target, "export").exit_code == 0


def test_the_entry_is_named_by_its_title(journal, tmp_path):
    data = exported(journal)
    event = next(r for r in data["records"] if r["kind"] == "breakthrough")
    event["reflection_day"] = "garbage"
    (tmp_path / "e.json").write_text(json.dumps(data))
    result = run(tmp_path / "other.db", "import", tmp_path / "e.json")
    assert "('Outcome pricing')" in result.stderr, result.stderr


def test_one_bad_record_among_good_ones_imports_nothing(journal, tmp_path):
    data = exported(journal)
    data["records"][-1]["tags"] = [1]
    (tmp_path / "e.json").write_text(json.dumps(data))
    target = tmp_path / "other.db"
    assert run(target, "import", tmp_path / "e.json").exit_code == 2
    assert records_of(target) == []


def test_settings_prompts_must_be_texts(journal, tmp_path):
    data = exported(journal)
    data["settings"] = {"prompts": [1, {"a": 2}]}
    (tmp_path / "e.json").write_text(json.dumps(data))
    result = run(tmp_path / "other.db", "import", tmp_path / "e.json")
    assert result.exit_code == 2 and "prompts" in result.stderr, result.output


# -- the other sources ------------------------------------------------------

JRNL_BAD = [
    ({"body": 5}, "body 5"),
    ({"title": ["x"]}, "title"),
    ({"tags": [1, {"a": 2}]}, "tags"),
    ({"starred": "yes"}, "starred 'yes'"),
    ({"body": "\ud800"}, "body"),
    ({"date": "20260302"}, "date '20260302'"),
]


@pytest.mark.parametrize("change, words", JRNL_BAD, ids=[next(iter(c)) + str(i) for i, (c, _) in enumerate(JRNL_BAD)])
def test_jrnl_entries_are_checked(tmp_path, change, words):
    entries = [{"title": "Fine", "body": "ok", "date": "2026-03-01", "time": "08:00", "tags": [], "starred": False},
               {"title": "Odd", "body": "ok", "date": "2026-03-02", "time": "09:00", "tags": [], "starred": False}]
    entries[1].update(change)
    (tmp_path / "jrnl.json").write_text(json.dumps({"tags": {}, "entries": entries}))
    target = tmp_path / "j.db"
    result = run(target, "import", tmp_path / "jrnl.json")
    assert result.exit_code == 2, result.output
    named = "jrnl.json, entry 2:" if "title" in change else "jrnl.json, entry 2 ('Odd'):"
    assert named in result.stderr and words in result.stderr, result.stderr
    assert records_of(target) == []


DAYONE_BAD = [
    ({"text": 5}, "text 5"),
    ({"tags": [1]}, "tags"),
    ({"creationDate": 1700000000}, "creationDate"),
    ({"timeZone": 3}, "timeZone"),
    ({"text": "\udfff"}, "text"),
]


@pytest.mark.parametrize("change, words", DAYONE_BAD,
                         ids=[next(iter(c)) + str(i) for i, (c, _) in enumerate(DAYONE_BAD)])
def test_dayone_entries_are_checked(tmp_path, change, words):
    entries = [{"uuid": "A", "creationDate": "2026-03-01T08:00:00Z", "timeZone": "Europe/Paris", "text": "ok"},
               {"uuid": "B", "creationDate": "2026-03-02T08:00:00Z", "timeZone": "Europe/Paris", "text": "ok"}]
    entries[1].update(change)
    (tmp_path / "Journal.json").write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": entries}))
    target = tmp_path / "j.db"
    result = run(target, "import", tmp_path / "Journal.json")
    assert result.exit_code == 2, result.output
    assert "Journal.json, entry 2" in result.stderr and words in result.stderr, result.stderr
    assert records_of(target) == []


OBSIDIAN_BAD = [
    ("---\ntags: [1, {a: 2}]\n---\nText.\n", "tags"),
    ("---\ndate: garbage\n---\nText.\n", "date 'garbage'"),
    ("---\ndate: 2026-02-30\n---\nText.\n", "date"),
    ("---\ntags: {a: 1}\n---\nText.\n", "tags"),
]


@pytest.mark.parametrize("content, words", OBSIDIAN_BAD)
def test_obsidian_notes_are_checked(tmp_path, content, words):
    folder = tmp_path / "Daily"
    folder.mkdir()
    (folder / "2026-03-01.md").write_text("Fine.\n")
    (folder / "2026-03-02.md").write_text(content)
    target = tmp_path / "j.db"
    result = run(target, "import", folder)
    assert result.exit_code == 2, result.output
    assert "2026-03-02.md" in result.stderr and words in result.stderr, result.stderr
    assert records_of(target) == []


SPLIT_EDITS = [
    ("breakthrough", "reflection_day: 2026-03-02", "reflection_day: garbage", "reflection_day 'garbage'"),
    ("breakthrough", "role: caused", "role: boss", "role"),
    ("breakthrough", "- focus", "- luck", "change_areas"),
    ("breakthrough", "talking_point: true", "talking_point: maybe", "talking_point 'maybe'"),
    ("strategy", "decided_on: 2026-01-05", "decided_on: garbage", "decided_on 'garbage'"),
    ("strategy", "kind: breakthrough", "kind: antimatter", "options"),
    ("strategy", "met_prediction: null", "met_prediction: maybe", "met_prediction 'maybe'"),
    ("reflection", "- board", "- {a: 2}", "tags"),
]


@pytest.mark.parametrize("kind, old, new, words", SPLIT_EDITS)
def test_our_split_files_are_checked(journal, tmp_path, kind, old, new, words):
    folder = tmp_path / "split"
    assert run(journal, "export", "--split", folder).exit_code == 0
    path = next(p for p in folder.iterdir() if f"\nkind: {kind}\n" in p.read_text())
    text = path.read_text()
    assert old in text, text
    path.write_text(text.replace(old, new, 1))
    target = tmp_path / "j.db"
    result = run(target, "import", folder)
    assert result.exit_code == 2, result.output
    assert path.name in result.stderr and words in result.stderr, result.stderr
    assert records_of(target) == []

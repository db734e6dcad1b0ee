from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from journal.store import reflections, settings
from journal.store.reflections import Reflection
from journal.store.tags import parse_tags

DAY = date(2026, 3, 14)


def test_blank_day_carries_current_prompts_and_is_not_stored(db):
    blank = reflections.load(db, DAY)
    assert blank.prompts == settings.DEFAULT_PROMPTS
    assert blank.id is None
    assert reflections.save(db, blank) is None
    assert db["reflections"].count == 0


def test_save_and_load_round_trip(db):
    prompts = settings.get_prompts(db)
    saved = reflections.save(
        db,
        Reflection(day=DAY, body="# Board day\nWent well.", prompts=prompts,
                   answers=["The pricing talk", "", "Created a new tier"], tags=["board", "pricing"]),
    )
    loaded = reflections.get(db, DAY)
    assert loaded == saved
    assert loaded.answers == ["The pricing talk", "", "Created a new tier", "", ""]
    assert loaded.tags == ["board", "pricing"]
    assert loaded.preview == "Board day"


def test_clearing_a_day_removes_only_that_day(db):
    reflections.save(db, Reflection(day=DAY, body="keep me"))
    other = reflections.save(db, Reflection(day=date(2026, 3, 13), body="and me"))
    settings.set_prompts(db, ["Only prompt?"])
    reflections.save(db, Reflection(day=DAY, body="   \n"))
    assert reflections.get(db, DAY) is None
    assert reflections.get(db, date(2026, 3, 13)) == other
    assert settings.get_prompts(db) == ["Only prompt?"]


def test_prompt_change_applies_to_new_days_only(db):
    old_day = reflections.save(db, Reflection(day=date(2026, 3, 1), body="old", prompts=settings.get_prompts(db)))
    settings.set_prompts(db, ["What did I create today?", "  ", "Who did I help?"])
    assert reflections.get(db, date(2026, 3, 1)).prompts == old_day.prompts
    assert reflections.load(db, DAY).prompts == ["What did I create today?", "Who did I help?"]


def test_too_many_prompts_refused_and_old_set_kept(db):
    with pytest.raises(ValueError, match="12 prompts at most"):
        settings.set_prompts(db, [f"Prompt {i}?" for i in range(20)])
    assert settings.get_prompts(db) == settings.DEFAULT_PROMPTS


def test_append_adds_a_paragraph(db):
    reflections.append(db, DAY, "First thought.")
    reflections.append(db, DAY, "Second thought.\n")
    assert reflections.get(db, DAY).body == "First thought.\n\nSecond thought."


def test_append_refuses_empty_text(db):
    with pytest.raises(ValueError, match="empty"):
        reflections.append(db, DAY, "  \n ")
    assert db["reflections"].count == 0


def test_append_keeps_answers_and_tags(db):
    prompts = settings.get_prompts(db)
    reflections.save(db, Reflection(day=DAY, body="", prompts=prompts, answers=["a1"], tags=["x"]))
    reflections.append(db, DAY, "More.")
    got = reflections.get(db, DAY)
    assert (got.body, got.answers[0], got.tags) == ("More.", "a1", ["x"])


def test_days_between_and_nearest(db):
    for day in (date(2026, 2, 27), date(2026, 3, 2), date(2026, 3, 9), date(2026, 4, 1)):
        reflections.save(db, Reflection(day=day, body=f"Entry for {day}"))
    march = reflections.days_between(db, date(2026, 3, 1), date(2026, 3, 31))
    assert [s.day for s in march] == [date(2026, 3, 2), date(2026, 3, 9)]
    assert march[0].preview == "Entry for 2026-03-02"
    assert reflections.nearest_written_day(db, date(2026, 3, 5), -1) == date(2026, 3, 2)
    assert reflections.nearest_written_day(db, date(2026, 3, 5), +1) == date(2026, 3, 9)
    assert reflections.nearest_written_day(db, date(2026, 2, 27), -1) is None


def test_preview_skips_blank_lines_and_heading_marks(db):
    r = Reflection(day=DAY, body="\n\n## Offsite\nbody")
    assert r.preview == "Offsite"
    assert replace(r, body="", answers=["", "answer text"]).preview == "answer text"


@pytest.mark.parametrize(
    "text, tags",
    [
        ("team, hiring", ["team", "hiring"]),
        ("#team #Team  1:1", ["team", "1:1"]),
        (" , ,", []),
        ("strategy,strategy,Strategy", ["strategy"]),
    ],
)
def test_parse_tags(text, tags):
    assert parse_tags(text) == tags

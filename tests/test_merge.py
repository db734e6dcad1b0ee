"""Saves that lost a race merge instead of overwriting (store level, no UI)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as hs

from journal.store import breakthroughs as bt
from journal.store import reflections
from journal.store import strategies as st
from journal.store.merge import CONFLICT_OPEN, merge_tags, merge_text
from journal.store.revision import Base

DAY = date(2026, 3, 14)


def test_two_editors_of_one_day_keep_both_texts(db):
    # Two windows opened the same empty day; each writes, the second saves last.
    a = Base(reflections.load(db, DAY))
    b = Base(reflections.load(db, DAY))
    reflections.save_merging(db, replace(a.value, body="Window A wrote this."), a)
    outcome = reflections.save_merging(db, replace(b.value, body="Window B wrote that."), b)
    stored = reflections.get(db, DAY)
    assert "Window A wrote this." in stored.body and "Window B wrote that." in stored.body
    assert outcome.report  # the user is told
    assert outcome.reflection.body == stored.body


def test_rewrites_on_both_sides_leave_a_conflict_block(db):
    reflections.save(db, reflections.Reflection(DAY, body="The plan is X."))
    a = Base(reflections.get(db, DAY))
    b = Base(reflections.get(db, DAY))
    reflections.save_merging(db, replace(a.value, body="The plan is Y, decided with Sam."), a)
    outcome = reflections.save_merging(db, replace(b.value, body="The plan is Z after the board call."), b)
    body = reflections.get(db, DAY).body
    assert body.startswith("The plan is Z after the board call.")
    assert CONFLICT_OPEN in body and "The plan is Y, decided with Sam." in body
    assert outcome.report.conflicts == ["the body"]


def test_journal_write_while_the_app_edits_is_joined_without_a_conflict(db):
    reflections.save(db, reflections.Reflection(DAY, body="Morning notes."))
    app_base = Base(reflections.get(db, DAY))
    reflections.append(db, DAY, "Captured from the shell.")  # `journal write`
    outcome = reflections.save_merging(db, replace(app_base.value, body="Morning notes.\nMore from the app."), app_base)
    body = reflections.get(db, DAY).body
    assert body == "Morning notes.\nMore from the app.\n\nCaptured from the shell."
    assert outcome.report.joined == ["the body"] and not outcome.report.conflicts


def test_successive_saves_of_one_window_never_conflict_with_themselves(db):
    base = Base(reflections.load(db, DAY))
    for text in ["one", "one two", "one two three", "rewritten entirely"]:
        outcome = reflections.save_merging(db, replace(base.value, body=text), base)
        assert not outcome.report
    assert reflections.get(db, DAY).body == "rewritten entirely"


def test_answers_and_tags_merge_per_field(db):
    reflections.save(db, reflections.Reflection(DAY, body="b", prompts=["P1", "P2"], answers=["", ""], tags=["team"]))
    a = Base(reflections.get(db, DAY))
    b = Base(reflections.get(db, DAY))
    reflections.save_merging(db, replace(a.value, answers=["from A", ""], tags=["team", "hiring"]), a)
    outcome = reflections.save_merging(db, replace(b.value, answers=["", "from B"], tags=[]), b)
    stored = reflections.get(db, DAY)
    assert stored.answers == ["from A", "from B"]
    assert stored.tags == ["hiring"]  # B removed team, A added hiring
    # Different fields: nothing to resolve; B is told which field now shows A's text.
    assert not outcome.report.conflicts and not outcome.report.joined
    assert outcome.report.taken == ["the answer to 'P1'"]


def test_breakthrough_edited_in_two_windows(db):
    event = bt.save(db, bt.Breakthrough(DAY, title="Pricing", situation="Old situation."))
    a, b = Base(event), Base(event)
    bt.save_merging(db, replace(a.value, situation="A's account.", talking_point=True), a)
    saved_b = bt.save_merging(db, replace(b.value, situation="B's account.", result="Revenue +8%"), b)
    stored = bt.get(db, event.id)
    assert "A's account." in stored.situation and "B's account." in stored.situation
    assert stored.result == "Revenue +8%" and stored.talking_point is True
    assert saved_b.report.conflicts == ["the situation"]
    assert stored.version == saved_b.event.version == b.value.version > a.value.version


def test_strategy_note_question_rewritten_in_two_windows(db):
    note = st.save_note(db, st.StrategyNote(question="Raise prices?", context="ctx"))
    st.save_note_merging(db, replace(note, question="Raise prices in Q3?"), Base(note))
    saved = st.save_note_merging(db, replace(note, question="Raise prices for new customers?"), Base(note))
    assert saved.note.question == "Raise prices for new customers? / Raise prices in Q3?"
    assert saved.report.conflicts == ["the question"]


def test_option_changes_do_not_make_the_note_text_conflict(db):
    note = st.save_note(db, st.StrategyNote(question="Q", context="one"))
    st.save_option(db, st.Option(note_id=note.id, title="Do more", kind="incremental"))  # bumps version
    saved = st.save_note_merging(db, replace(note, context="one two"), Base(note))
    assert saved.note.context == "one two" and not saved.report


@given(hs.lists(hs.sampled_from("abcde"), unique=True), hs.lists(hs.sampled_from("abcde"), unique=True),
       hs.lists(hs.sampled_from("abcde"), unique=True))
def test_merge_tags_keeps_additions_and_removals(base, ours, theirs):
    merged = merge_tags(base, ours, theirs)
    for tag in set(ours) - set(base):
        assert tag in merged
    for tag in set(theirs) - set(base):
        assert tag in merged
    for tag in (set(base) - set(ours)) | (set(base) - set(theirs)):
        assert tag not in merged


def test_option_edited_in_two_windows_keeps_both(db):
    note = st.save_note(db, st.StrategyNote(question="Q"))
    option = st.save_option(db, st.Option(note_id=note.id, title="Raise prices", notes="first thoughts"))
    st.save_option_merging(db, replace(option, notes="A: only for new customers", cost="low"), option)
    saved, report = st.save_option_merging(db, replace(option, notes="B: wait for Q3", risk="churn"), option)
    stored = st.get(db, note.id).options[0]
    assert "A: only for new customers" in stored.notes and "B: wait for Q3" in stored.notes
    assert (stored.cost, stored.risk) == ("low", "churn")
    assert report.conflicts == ["the option's notes"]

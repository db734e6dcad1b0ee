"""Strategy notes in the store: options, decision, review, reviews due, summary, export."""

from __future__ import annotations

from datetime import date

import pytest

from journal.export import strategy_note_markdown, strategy_notes_document
from journal.store import strategies as st
from journal.store.strategies import Filter, InvalidStrategy, Option, StrategyNote

TODAY = date(2026, 3, 14)


def note_with_options(db, question="How do we grow revenue 20%?", kinds=("incremental", "incremental")):
    note = st.save_note(db, StrategyNote(question=question, context="Board asks for a plan.", tags=("growth",)))
    for i, kind in enumerate(kinds):
        st.save_option(db, Option(note_id=note.id, title=f"Option {i + 1}", kind=kind,
                                  predicted_benefit=f"+{5 * (i + 1)}% revenue", cost="2 FTE", risk="low"))
    return st.get(db, note.id)


def test_note_with_options_in_order(db):
    note = note_with_options(db)
    assert [o.title for o in note.options] == ["Option 1", "Option 2"]
    assert note.status == "open"
    assert note.needs_nudge  # no breakthrough option yet
    st.move_option(db, note.options[1].id, -1)
    assert [o.title for o in st.get(db, note.id).options] == ["Option 2", "Option 1"]
    st.move_option(db, note.options[1].id, -1)  # already first: nothing happens
    assert [o.title for o in st.get(db, note.id).options] == ["Option 2", "Option 1"]


def test_breakthrough_option_ends_the_nudge_and_dismiss_works(db):
    note = note_with_options(db)
    st.save_option(db, Option(note_id=note.id, title="Replace the product", kind="breakthrough"))
    assert not st.get(db, note.id).needs_nudge
    other = note_with_options(db, "Second question?")
    st.dismiss_nudge(db, other.id)
    assert not st.get(db, other.id).needs_nudge


@pytest.mark.parametrize("option, field", [
    (Option(note_id=1, title=" "), "title"),
    (Option(note_id=1, title="X", kind="radical"), "kind"),
])
def test_invalid_options_refused(db, option, field):
    st.save_note(db, StrategyNote(question="Q?"))
    with pytest.raises(InvalidStrategy) as caught:
        st.save_option(db, option)
    assert field in caught.value.problems
    assert db["strategy_options"].count == 0


def test_empty_question_refused(db):
    with pytest.raises(InvalidStrategy, match="decision or question"):
        st.save_note(db, StrategyNote(question="  "))


def test_decide_then_review_side_by_side(db):
    note = note_with_options(db, kinds=("incremental", "breakthrough"))
    chosen = note.options[1]
    decided = st.decide(db, note.id, chosen.id, "Creates a market", TODAY, date(2026, 6, 14))
    assert decided.status == "decided" and decided.decided_option == chosen
    reviewed = st.review(db, note.id, "+12% revenue", "partly", "Predictions were optimistic", date(2026, 6, 20))
    assert reviewed.status == "reviewed"
    md = strategy_note_markdown(reviewed)
    assert "| ✓ | Option 2 | breakthrough | +10% revenue | 2 FTE | low | +12% revenue |" in md
    assert "- Predicted: +10% revenue\n- Realized: +12% revenue (partly met the prediction)" in md
    assert "**Lesson.** Predictions were optimistic" in md


def test_decision_validation(db):
    note = note_with_options(db)
    other = note_with_options(db, "Other?")
    with pytest.raises(InvalidStrategy) as caught:
        st.decide(db, note.id, other.options[0].id, "", TODAY, date(2026, 1, 1))
    assert set(caught.value.problems) == {"option", "review_on"}
    with pytest.raises(InvalidStrategy, match="Record the decision"):
        st.review(db, note.id, "x", "met", "", TODAY)
    st.decide(db, note.id, note.options[0].id, "", TODAY, TODAY)
    with pytest.raises(InvalidStrategy, match="met, partly or missed"):
        st.review(db, note.id, "x", "sort of", "", TODAY)
    assert st.get(db, note.id).status == "decided"


@pytest.mark.parametrize("review_on, due", [
    (date(2026, 3, 13), True),
    (date(2026, 3, 14), True),  # due on the day itself
    (date(2026, 3, 15), False),
])
def test_reviews_due_at_the_boundary(db, review_on, due):
    note = note_with_options(db)
    st.decide(db, note.id, note.options[0].id, "", date(2026, 1, 1), review_on)
    assert (st.count_due(db, TODAY) == 1) is due
    assert ([s.id for s in st.reviews_due(db, TODAY)] == [note.id]) is due
    assert st.get(db, note.id).review_due(TODAY) is due


def test_reviewed_and_trashed_notes_are_not_due(db):
    a, b = note_with_options(db, "A?"), note_with_options(db, "B?")
    for n in (a, b):
        st.decide(db, n.id, n.options[0].id, "", date(2026, 1, 1), date(2026, 2, 1))
    st.review(db, a.id, "done", "met", "", TODAY)
    st.trash(db, b.id)
    assert st.count_due(db, TODAY) == 0
    st.restore(db, b.id)
    assert st.count_due(db, TODAY) == 1


def test_deleting_the_chosen_option_reopens_the_note(db):
    note = note_with_options(db)
    st.decide(db, note.id, note.options[0].id, "", TODAY, TODAY)
    st.delete_option(db, note.options[0].id)
    after = st.get(db, note.id)
    assert after.status == "open" and [o.title for o in after.options] == ["Option 2"]


def test_filters_by_status_text_and_tag(db):
    open_note = note_with_options(db, "Enter the Nordic market?")
    decided = note_with_options(db, "Rebuild onboarding?")
    st.decide(db, decided.id, decided.options[0].id, "speed", TODAY, date(2026, 6, 1))
    st.save_note(db, StrategyNote(id=decided.id, question=decided.question, tags=("product",)))
    st.save_option(db, Option(note_id=open_note.id, title="Partner with a Danish reseller", kind="breakthrough"))

    def questions(flt):
        return [s.question for s in st.list_notes(db, flt, TODAY)]

    assert questions(Filter(status="open")) == ["Enter the Nordic market?"]
    assert questions(Filter(status="decided")) == ["Rebuild onboarding?"]
    assert questions(Filter(text="onboarding")) == ["Rebuild onboarding?"]
    assert questions(Filter(text="danish")) == ["Enter the Nordic market?"]  # options are searched too
    assert questions(Filter(tag="PRODUCT")) == ["Rebuild onboarding?"]
    assert questions(Filter(text='"AND -*')) == []
    summaries = {s.question: s for s in st.list_notes(db, Filter(), TODAY)}
    assert (summaries["Enter the Nordic market?"].incremental, summaries["Enter the Nordic market?"].breakthrough) == (2, 1)


def test_summary_counts_breakthrough_decisions_and_met_predictions(db):
    assert st.summary(db).sentence() == "No decisions recorded yet."
    for i, (kind_index, outcome) in enumerate([(1, "met"), (0, "missed"), (1, None)]):
        n = note_with_options(db, f"Q{i}?", kinds=("incremental", "breakthrough"))
        st.decide(db, n.id, n.options[kind_index].id, "", TODAY, TODAY)
        if outcome:
            st.review(db, n.id, "something", outcome, "", TODAY)
    s = st.summary(db)
    assert (s.decided, s.breakthrough_decisions, s.reviewed, s.met, s.missed) == (3, 2, 2, 1, 1)
    assert s.sentence() == ("3 decisions · 2 took a breakthrough option (67%) · 2 reviewed: the realized benefit "
                            "met the prediction in 1 (50%), partly in 0, missed in 1")


def test_export_of_all_notes(db):
    note_with_options(db, "First?")
    note_with_options(db, "Second?")
    doc = strategy_notes_document(st.iter_notes(db, Filter(), TODAY), generated_on=TODAY)
    assert doc.startswith("# Strategy notes\n\n2 notes, exported 14 March 2026.")
    assert "## First?" in doc and "## Second?" in doc
    assert doc.count("| | Option | Kind | Predicted benefit | Cost | Risk | Realized benefit |") == 2


def test_preview_lists_options_for_narrow_panes(db):
    note = note_with_options(db, kinds=("incremental", "breakthrough"))
    st.decide(db, note.id, note.options[1].id, "", TODAY, TODAY)
    md = strategy_note_markdown(st.get(db, note.id), table=False)
    assert "- ✓ **Option 2** (breakthrough): predicted +10% revenue; cost 2 FTE; risk low" in md
    assert "|" not in md


def test_pipes_in_cells_do_not_break_the_table(db):
    note = st.save_note(db, StrategyNote(question="Q?"))
    st.save_option(db, Option(note_id=note.id, title="A | B", predicted_benefit="x\ny"))
    assert "| A \\| B | incremental | x y |" in strategy_note_markdown(st.get(db, note.id))

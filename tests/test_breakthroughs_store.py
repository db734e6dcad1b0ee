"""The breakthrough-events file in the store: records, links, trash, filters, ranking."""

from __future__ import annotations

from datetime import date

import pytest

from journal.store import breakthroughs as bt
from journal.store.breakthroughs import Breakthrough, Filter, InvalidBreakthrough


def make(db, title="Pricing by outcome", **fields) -> Breakthrough:
    fields.setdefault("happened_on", date(2026, 3, 2))
    return bt.save(db, Breakthrough(title=title, **fields))


def titles(events) -> list[str]:
    return [e.title for e in events]


def test_create_edit_and_read_back(db):
    event = make(db, situation="Staff proposed +5% and +8%.", breakthrough="Charge for outcomes.",
                 change_areas=("focus", "attitude"), role="caused", result="Third option on the table.",
                 tags=("pricing",), talking_point=True)
    got = bt.get(db, event.id)
    assert got == event
    assert got.change_areas == ("attitude", "focus")  # canonical order
    edited = bt.save(db, Breakthrough(**{**got.__dict__, "result": "Won the Halden renewal, +18% ARR."}))
    assert edited.id == event.id and edited.version > event.version
    stored = bt.get(db, event.id)
    assert stored.result == "Won the Halden renewal, +18% ARR."
    assert stored.change_areas == ("attitude", "focus")  # stored in canonical order


@pytest.mark.parametrize(
    "fields, field",
    [({"title": "  "}, "title"), ({"role": "watched"}, "role"), ({"change_areas": ("mood",)}, "change_areas")],
)
def test_invalid_events_are_refused_and_nothing_saved(db, fields, field):
    with pytest.raises(InvalidBreakthrough) as caught:
        bt.save(db, Breakthrough(happened_on=date(2026, 3, 2), **({"title": "T"} | fields)))
    assert field in caught.value.problems
    assert db["breakthroughs"].count == 0


def test_promoted_event_links_to_its_reflection(db):
    event = make(db, reflection_day=date(2026, 3, 2))
    make(db, title="Unrelated")
    assert titles(bt.from_reflection(db, date(2026, 3, 2))) == ["Pricing by outcome"]
    assert bt.get(db, event.id).reflection_day == date(2026, 3, 2)


def test_trash_restore_and_empty(db):
    keep = make(db, title="Keep")
    gone = make(db, title="Gone")
    bt.trash(db, gone.id)
    assert titles(bt.search(db, Filter())) == ["Keep", "Gone"][:1]
    assert titles(bt.trashed(db)) == ["Gone"]
    bt.restore(db, gone.id)
    assert sorted(titles(bt.search(db, Filter()))) == ["Gone", "Keep"]
    bt.trash(db, gone.id)
    assert bt.empty_trash(db) == 1
    assert bt.get(db, gone.id) is None
    assert bt.get(db, keep.id) is not None


def test_talking_point_toggle(db):
    event = make(db)
    bt.set_talking_point(db, event.id, True)
    assert bt.get(db, event.id).talking_point
    bt.set_talking_point(db, event.id, False)
    assert not bt.get(db, event.id).talking_point


@pytest.fixture
def sample(db):
    make(db, "Outcome pricing", happened_on=date(2026, 3, 2), change_areas=("focus",), role="caused",
         tags=("pricing", "strategy"), talking_point=True, breakthrough="Charge for outcomes, not seats.")
    make(db, "Blameless incident review", happened_on=date(2025, 11, 10), change_areas=("behavior",),
         role="participated", tags=("team",), result="Two real fixes; incidents down 40%.")
    make(db, "Hiring through mentors", happened_on=date(2025, 6, 1), change_areas=("skills", "attitude"),
         role="caused", tags=("hiring", "Team"), situation="Hiring was stuck; pricing talks elsewhere.")
    make(db, "Said no to the big deal", happened_on=date(2024, 2, 1), change_areas=("focus", "attitude"),
         role="caused", talking_point=True, result="Kept the roadmap; focus on the core.")
    return db


@pytest.mark.parametrize(
    "flt, expected",
    [
        (Filter(), ["Outcome pricing", "Blameless incident review", "Hiring through mentors", "Said no to the big deal"]),
        (Filter(text="pricing"), ["Outcome pricing", "Hiring through mentors"]),  # title beats situation
        (Filter(text="pric"), ["Outcome pricing", "Hiring through mentors"]),  # prefix while typing
        (Filter(text="fixes"), ["Blameless incident review"]),
        (Filter(tags=("team",)), ["Blameless incident review", "Hiring through mentors"]),  # tags ignore case
        (Filter(areas=("attitude",)), ["Hiring through mentors", "Said no to the big deal"]),
        (Filter(areas=("attitude", "focus")), ["Said no to the big deal"]),
        (Filter(role="participated"), ["Blameless incident review"]),
        (Filter(talking_points_only=True), ["Outcome pricing", "Said no to the big deal"]),
        (Filter(since=date(2025, 1, 1), until=date(2025, 12, 31)), ["Blameless incident review", "Hiring through mentors"]),
        (Filter(since=date(2025, 7, 1)), ["Outcome pricing", "Blameless incident review"]),
        (Filter(text="pricing", role="caused", areas=("focus",), talking_points_only=True, since=date(2026, 1, 1)),
         ["Outcome pricing"]),
        (Filter(text="pricing", by_relevance=False), ["Outcome pricing", "Hiring through mentors"]),
        (Filter(text="nothing-matches-this"), []),
    ],
)
def test_filters_alone_and_combined(sample, flt, expected):
    assert titles(bt.search(sample, flt)) == expected
    assert bt.count(sample, flt) == len(expected)


def test_ranking_puts_title_matches_first(db):
    make(db, "A note about the team", happened_on=date(2026, 3, 1), situation="Offsite planning in depth.")
    make(db, "Offsite", happened_on=date(2024, 1, 1))
    assert titles(bt.search(db, Filter(text="offsite"))) == ["Offsite", "A note about the team"]
    assert titles(bt.search(db, Filter(text="offsite", by_relevance=False))) == ["A note about the team", "Offsite"]


@pytest.mark.parametrize("text", ['"', "AND", "*", "-", "a OR", "NEAR(", "(((", "🙂", "ü", "''", "title:x"])
def test_odd_search_input_never_breaks(sample, text):
    bt.search(sample, Filter(text=text))  # no exception
    bt.count(sample, Filter(text=text))


def test_paging(db):
    for i in range(25):
        make(db, f"Event {i:02d}", happened_on=date(2026, 1, 1 + i))
    first = bt.search(db, Filter(), limit=10)
    second = bt.search(db, Filter(), limit=10, offset=10)
    assert titles(first)[0] == "Event 24" and titles(second)[0] == "Event 14"
    assert len(list(bt.iter_matching(db, Filter(), batch=7))) == 25


def test_marked_selection(sample):
    ids = tuple(e.id for e in bt.search(sample, Filter(role="caused")))[:2]
    assert len(bt.search(sample, Filter(ids=ids))) == 2
    assert bt.search(sample, Filter(ids=())) == []


def test_monthly_counts(sample):
    counts = bt.monthly_counts(sample, today=date(2026, 3, 14))
    assert len(counts) == 12
    assert counts[0] == (date(2025, 4, 1), 0)
    assert dict(counts)[date(2025, 6, 1)] == 1
    assert dict(counts)[date(2025, 11, 1)] == 1
    assert counts[-1] == (date(2026, 3, 1), 1)


def test_fts_index_follows_edits_and_trash(db):
    event = make(db, "Quiet insight")
    assert titles(bt.search(db, Filter(text="quiet"))) == ["Quiet insight"]
    bt.save(db, Breakthrough(**{**event.__dict__, "title": "Loud insight"}))
    assert bt.search(db, Filter(text="quiet")) == []
    bt.trash(db, event.id)
    assert bt.search(db, Filter(text="loud")) == []


def test_migration_from_foundation_schema(tmp_path):
    """A journal made before breakthroughs existed gains the table, keeping its reflections."""
    from journal.store import open_journal, reflections
    from journal.store.reflections import Reflection
    from journal.store.schema import migrations

    path = tmp_path / "old.db"
    db = open_journal(path)
    # Roll the file back to the foundation schema, as the first release left it.
    db.execute("DROP TABLE breakthroughs")
    db.execute("DROP TABLE breakthrough_tags")
    for suffix in ("", "_data", "_idx", "_docsize", "_config"):
        db.execute(f"DROP TABLE IF EXISTS breakthroughs_fts{suffix}")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_breakthroughs'")
    db.execute("PRAGMA user_version=1")
    reflections.save(db, Reflection(day=date(2026, 1, 1), body="from v1"))
    db.close()
    upgraded = open_journal(path)
    assert "m002_breakthroughs" in [m.name for m in migrations.applied(upgraded)]
    assert reflections.get(upgraded, date(2026, 1, 1)).body == "from v1"
    make(upgraded, "After upgrade")
    assert titles(bt.search(upgraded, Filter(text="upgrade"))) == ["After upgrade"]


def test_tag_table_follows_edits_and_deletes(db):
    event = make(db, tags=("alpha",))
    assert titles(bt.search(db, Filter(tags=("ALPHA",)))) == ["Pricing by outcome"]
    bt.save(db, Breakthrough(**{**event.__dict__, "tags": ("beta",)}))
    assert bt.search(db, Filter(tags=("alpha",))) == []
    assert titles(bt.search(db, Filter(tags=("beta",)))) == ["Pricing by outcome"]
    assert bt.all_tags(db) == ["beta"]
    bt.trash(db, event.id)
    bt.empty_trash(db)
    assert db.execute("SELECT count(*) FROM breakthrough_tags").fetchone()[0] == 0

"""Finding 3: re-importing our own --split export duplicated records (a field
with a trailing newline) or lost text (a '## Heading' inside a field). Export
--split then import, any number of times, must leave the journal as it was."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as hs

from adv_journal import fill, run
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st
from journal.store.breakthroughs import CHANGE_AREAS, ROLES, Breakthrough
from journal.store.reflections import Reflection

HOSTILE = ["# Title", "## Situation", "## Result", "### What moved me forward?", "## Prompts", "#", "##", "---",
           "\n", "\n\n", "\n\n\n", " ", "  ", "\t", "\r", "\r\n", "\u2028", "\x85", "\ufeff", "key: value",
           "- item", "[/]", "[b]bold[/b]", "[red]x[/]", "<!-- journal:body -->", "<!-- journal:end -->",
           "<!-- journal:end 2 -->", " 2 -->", "-->", "<!--", "|", "*", "**", "```", "'", '"', "...", "&a", "*a",
           "!!python/object:os.system", "null", "~", "true", "0x1", "2026-01-01", "é", "😀", "\u200b", "%", "@",
           "{a: 1}", "[1, 2]", "\\", "\x00", "\x1b[31m"]
fragment = hs.one_of(hs.sampled_from(HOSTILE), hs.text(hs.characters(blacklist_categories=("Cs",)), max_size=6))
hostile = hs.lists(fragment, max_size=7).map("".join)
line = hostile.filter(lambda s: s.strip() and len(s) <= 200)
days = hs.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
tags = hs.lists(hostile.filter(lambda s: s.strip()), max_size=3, unique_by=str.casefold)

reflection = hs.tuples(days, hostile, hs.lists(line, min_size=0, max_size=3, unique=True), hs.data(), tags)
event = hs.tuples(days, line, hostile, hostile, hostile, hs.sets(hs.sampled_from(CHANGE_AREAS)),
                  hs.sampled_from(ROLES), hs.booleans(), tags, hs.none() | days)
note = hs.tuples(line, hostile, tags, hs.lists(hs.tuples(line, hs.sampled_from(st.KINDS), hostile, hostile,
                                                         hostile, hostile), max_size=3),
                 hs.integers(-1, 2), hostile, hostile, hs.sampled_from(st.OUTCOMES), hostile, hs.booleans(), days)


def build(path, refls, events, notes) -> None:
    db = open_journal(path)
    for day, body, prompts, data, tag_list in refls:
        answers = [data.draw(hostile) for _ in prompts]
        reflections.save(db, Reflection(day=day, body=body or "x", prompts=prompts, answers=answers, tags=tag_list))
    for day, title, situation, realized, result, areas, role, talking, tag_list, linked in events:
        bt.save(db, Breakthrough(happened_on=day, title=title, situation=situation, breakthrough=realized,
                                 result=result, change_areas=tuple(areas), role=role, talking_point=talking,
                                 tags=tuple(tag_list), reflection_day=linked))
    for question, context, tag_list, options, chosen, why, realized, met, lesson, nudge, decided in notes:
        saved = st.save_note(db, st.StrategyNote(question=question, context=context, tags=tuple(tag_list)))
        ids = [st.save_option(db, st.Option(note_id=saved.id, title=t, kind=k, predicted_benefit=p, cost=c,
                                             risk=r, notes=n)).id for t, k, p, c, r, n in options]
        if nudge:
            st.dismiss_nudge(db, saved.id)
        if ids and chosen >= 0:
            option = ids[chosen % len(ids)]
            st.decide(db, saved.id, option, why, decided, decided + timedelta(days=30))
            if chosen == 2:
                st.review(db, saved.id, realized if realized.strip() else "none", met, lesson, decided + timedelta(days=31))
    db.close()


def unversioned(found: list) -> list:
    return [{k: v for k, v in record.items() if k != "version"} for record in found]


def records(path) -> list:
    result = run(path, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["records"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(refls=hs.lists(reflection, max_size=3, unique_by=lambda t: t[0]), events=hs.lists(event, max_size=3),
       notes=hs.lists(note, max_size=2))
def test_split_export_then_import_changes_nothing(tmp_path_factory, refls, events, notes):
    assume(refls or events or notes)  # an empty export is an empty folder: nothing to import
    folder = tmp_path_factory.mktemp("split")
    journal = folder / "journal.db"
    build(journal, refls, events, notes)
    before = records(journal)
    exported = run(journal, "export", "--split", folder / "out")
    assert exported.exit_code == 0, exported.output
    for _ in range(2):  # into the same journal: already there, so nothing changes
        result = run(journal, "import", folder / "out")
        assert result.exit_code == 0, result.output
        assert records(journal) == before
    fresh = folder / "fresh.db"  # into an empty journal: every field comes back
    result = run(fresh, "import", folder / "out")
    assert result.exit_code == 0, result.output
    # (but the version: each journal numbers its own writes, see store.revision)
    assert unversioned(records(fresh)) == unversioned(before)
    assert "Nothing new to add" in run(fresh, "import", folder / "out").stdout
    assert unversioned(records(fresh)) == unversioned(before)


def test_the_examples_from_the_report(tmp_path):
    """A trailing newline made a new record on every import; a heading inside a
    field cut off everything after it."""
    journal = fill(tmp_path / "journal.db")
    db = open_journal(journal)
    bt.save(db, Breakthrough(happened_on=date(2026, 1, 9), title="Heading inside",
                             situation="Before\n## Result\nstill the situation\n", result="Real result\n\n"))
    reflections.save(db, Reflection(day=date(2026, 1, 10), body="Body\n\n## Prompts\n\n### Fake\n\nnot an answer\n",
                                    prompts=["Real?"], answers=["\nanswer\n"]))
    db.close()
    before = records(journal)
    assert run(journal, "export", "--split", tmp_path / "out").exit_code == 0
    for _ in range(3):
        assert run(journal, "import", tmp_path / "out").exit_code == 0
    assert records(journal) == before


def test_split_files_stay_readable(tmp_path):
    journal = fill(tmp_path / "journal.db")
    assert run(journal, "export", "--split", tmp_path / "out").exit_code == 0
    text = (tmp_path / "out" / "2026-02-01-outcome-pricing.md").read_text()
    assert text.startswith("---\ndate: 2026-02-01\nkind: breakthrough\n")
    assert "## Situation\n" in text and "Two options." in text and "## Result\n" in text and "+18% ARR" in text
    day = (tmp_path / "out" / "2026-03-02.md").read_text()
    assert "# Board day\n\nIt went well." in day and "### What moved me forward?" in day and "The deck" in day

"""Export and import: formats, the no-clobber rule, bad files, and round trips."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from conftest import file_digest
from journal.cli import cli
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection

FIXTURES = Path(__file__).parent / "fixtures"


def run(db_path, *args, input=None):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args], input=input)


@pytest.fixture
def filled(db, db_path):
    prompts = ["What moved me forward?", "Ah-ha?"]
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="# Board day\n\nIt went well.", prompts=prompts,
                                    answers=["The deck", ""], tags=["board"]))
    reflections.save(db, Reflection(day=date(2025, 12, 31), body="Year end.", prompts=prompts))
    bt.save(db, Breakthrough(happened_on=date(2026, 2, 1), title="Outcome pricing / v2", situation="Two options.",
                             breakthrough="Create a third.", result="+18% ARR", change_areas=("focus",),
                             role="caused", tags=("pricing",), talking_point=True, reflection_day=date(2026, 3, 2)))
    note = st.save_note(db, st.StrategyNote(question="Grow 20%?", context="Board asks.\n\nTwo paragraphs.",
                                            tags=("growth",)))
    a = st.save_option(db, st.Option(note_id=note.id, title="Prices +5%", predicted_benefit="+5%"))
    st.save_option(db, st.Option(note_id=note.id, title="Outcomes", kind="breakthrough", predicted_benefit="+20%",
                                 cost="billing", risk="trust"))
    st.decide(db, note.id, a.id, "Quick", date(2026, 1, 5), date(2026, 4, 5))
    return db_path


def test_markdown_document_grouped_by_year_and_month(filled):
    result = run(filled, "export")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("## 2025") < out.index("### December 2025") < out.index("## 2026") < out.index("### March 2026")
    assert "#### 2026-03-02 · Reflection" in out and "**What moved me forward?**\n\nThe deck" in out
    assert "#### 2026-02-01 · Breakthrough: Outcome pricing / v2" in out
    assert "| | Option | Kind | Predicted benefit |" in out


def test_filters_apply_to_export(filled):
    out = run(filled, "export", "--kind", "breakthrough", "--talking-points").stdout
    assert "Outcome pricing" in out and "Reflection" not in out
    assert "Board day" not in run(filled, "export", "--on", "2025").stdout


def test_output_file_is_private_and_never_clobbered(filled, tmp_path):
    target = tmp_path / "out.md"
    assert run(filled, "export", "-o", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600
    target.write_text("mine")
    result = run(filled, "export", "-o", str(target))
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_text() == "mine"
    assert run(filled, "export", "-o", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("# Journal")


def test_split_names_frontmatter_and_no_clobber(filled, tmp_path):
    folder = tmp_path / "notes"
    assert run(filled, "export", "--split", str(folder)).exit_code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["2025-12-31.md", "2026-01-05-grow-20.md", "2026-02-01-outcome-pricing-v2.md", "2026-03-02.md"] \
        or names == sorted(["2025-12-31.md", f"{date.today()}-grow-20.md", "2026-02-01-outcome-pricing-v2.md",
                            "2026-03-02.md"])
    text = (folder / "2026-02-01-outcome-pricing-v2.md").read_text()
    assert text.startswith("---\ndate: 2026-02-01\nkind: breakthrough\nid: 1\ntags:\n- pricing\n")
    assert "## Result\n\n<!-- journal:result -->\n+18% ARR\n<!-- journal:end -->" in text  # exact, fenced
    before = {p.name: file_digest(p) for p in folder.iterdir()}
    result = run(filled, "export", "--split", str(folder))
    assert result.exit_code == 2 and "4 files" in result.output and "2026-03-02.md" in result.output
    assert {p.name: file_digest(p) for p in folder.iterdir()} == before


@pytest.mark.parametrize("title, expected", [
    ("../../etc/passwd", "etc-passwd"),
    ("a/b\\c", "a-b-c"),
    ("\x00\x1bcontrol\x07", "control"),
    ("....", "untitled"),
    ("Ünïcode café", "ünïcode-café"),
    ("x" * 300, "x" * 60),
])
def test_slugs_are_safe(title, expected):
    from journal.export import slugify

    assert slugify(title) == expected


def test_split_names_are_unique():
    from journal.export import split_name
    from journal.store.records import Record

    used: set[str] = set()
    event = Breakthrough(happened_on=date(2026, 1, 1), title="Same")
    names = [split_name(Record(date(2026, 1, 1), 1, i, "breakthrough", event, {}), used) for i in range(3)]
    assert names == ["2026-01-01-same.md", "2026-01-01-same-2.md", "2026-01-01-same-3.md"]


def unversioned(exported: str) -> dict:
    """An export without the records' versions: each journal numbers its own writes,
    so a version is only meaningful inside the journal that gave it."""
    data = json.loads(exported)
    data["records"] = [{k: v for k, v in r.items() if k != "version"} for r in data["records"]]
    return data


def test_json_round_trip_is_identical(filled, tmp_path):
    first = run(filled, "export", "--format", "json").stdout
    data = json.loads(first)
    assert data["format"] == "journal-export" and data["version"] == 1
    assert {r["kind"] for r in data["records"]} == {"reflection", "breakthrough", "strategy"}
    (tmp_path / "export.json").write_text(first)
    empty = tmp_path / "empty.db"
    result = run(empty, "import", str(tmp_path / "export.json"))
    assert result.exit_code == 0, result.output
    imported = run(empty, "export", "--format", "json").stdout
    assert unversioned(imported) == unversioned(first)
    again = run(empty, "import", str(tmp_path / "export.json"))
    assert "Nothing new to add" in again.stdout
    assert run(empty, "export", "--format", "json").stdout == imported


def test_split_round_trip_keeps_what_markdown_carries(filled, tmp_path):
    folder = tmp_path / "split"
    run(filled, "export", "--split", str(folder))
    empty = tmp_path / "empty.db"
    result = run(empty, "import", str(folder))
    assert result.exit_code == 0, result.output
    a, b = open_journal(filled), open_journal(empty)
    # Equal but for the version: each journal numbers its own writes (store.revision).
    same = lambda x, y: replace(x, version=0) == replace(y, version=0)  # noqa: E731
    assert same(reflections.get(b, date(2026, 3, 2)), reflections.get(a, date(2026, 3, 2)))
    assert same(bt.get(b, 1), bt.get(a, 1))
    na, nb = st.get(a, 1), st.get(b, 1)
    assert (nb.question, nb.context, nb.tags, nb.decision_why, nb.decided_on, nb.review_on) == \
        (na.question, na.context, na.tags, na.decision_why, na.decided_on, na.review_on)
    assert [(o.title, o.kind, o.predicted_benefit, o.cost, o.risk) for o in nb.options] == \
        [(o.title, o.kind, o.predicted_benefit, o.cost, o.risk) for o in na.options]
    assert nb.decided_option.title == na.decided_option.title
    assert "Nothing new to add" in run(empty, "import", str(folder)).stdout


def test_jrnl_fixture_made_by_jrnl(db_path):
    result = run(db_path, "import", str(FIXTURES / "jrnl" / "jrnl-export.json"), "--dry-run")
    assert result.stdout.startswith("Would add 3 reflections")
    assert not db_path.exists() or open_journal(db_path)["reflections"].count == 0
    run(db_path, "import", str(FIXTURES / "jrnl" / "jrnl-export.json"))
    db = open_journal(db_path)
    day = reflections.get(db, date(2026, 3, 2))
    assert "**08:30 · Board prep.**\n\nCut the deck from 31 slides to 9 @board @strategy" in day.body
    assert "**18:05 · Priya's question." in day.body
    assert day.tags == ["strategy", "board", "customers", "starred"]
    assert "naïve" in reflections.get(db, date(2026, 3, 4)).body
    assert "Nothing new to add" in run(db_path, "import", str(FIXTURES / "jrnl" / "jrnl-export.json")).stdout
    assert db["reflections"].count == 3


def test_dayone_uses_each_entrys_local_date(db_path):
    run(db_path, "import", str(FIXTURES / "dayone" / "Journal.json"))
    db = open_journal(db_path)
    assert [d.day for d in reflections.days_between(db, date(2026, 3, 1), date(2026, 3, 31))] == [
        date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    assert reflections.get(db, date(2026, 3, 3)).tags == ["starred"]
    assert "**18:10**\n\nCall with the West Coast team ran late." in reflections.get(db, date(2026, 3, 4)).body


def test_obsidian_daily_notes_folder(db_path, tmp_path):
    folder = tmp_path / "vault" / "Daily"
    folder.mkdir(parents=True)
    (folder / "2026-03-02.md").write_text("---\ntags: [work, board]\n---\n# Monday\n\nBoard went well.\n")
    (folder / "2026-03-03.md").write_text("No frontmatter here.\n")
    result = run(db_path, "import", str(tmp_path / "vault"))
    assert result.exit_code == 0, result.output
    db = open_journal(db_path)
    assert reflections.get(db, date(2026, 3, 2)).body == "# Monday\n\nBoard went well."
    assert reflections.get(db, date(2026, 3, 2)).tags == ["work", "board"]
    assert reflections.get(db, date(2026, 3, 3)).body == "No frontmatter here."


@pytest.mark.parametrize("name, content, words", [
    ("truncated.json", '{"entries": [{"title": "a", "date": "2026-', "not valid JSON (line 1"),
    ("shape.json", '{"pages": []}', "not an export we know"),
    ("list.json", "[1, 2, 3]", "not an export we know"),
    ("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a text file"),
    ("baddate.json", '{"entries": [{"title": "Ok", "body": "", "date": "2026-01-01", "time": "09:00"},'
                     ' {"title": "Broken", "body": "", "date": "2026-13-45", "time": "09:00"}]}',
     "entry 2 ('Broken'): date '2026-13-45' is not a date (YYYY-MM-DD)"),
    ("badzone.json", '{"metadata": {}, "entries": [{"uuid": "x", "creationDate": "2026-01-01T00:00:00Z", '
                     '"timeZone": "Mars/Olympus", "text": "hi"}]}', "the time zone 'Mars/Olympus' is unknown"),
    ("newer.json", '{"format": "journal-export", "version": 99, "records": []}', "newer version of journal"),
    ("ownbad.json", '{"format": "journal-export", "version": 1, "records": [{"kind": "breakthrough", '
                    '"title": "", "happened_on": "2026-01-01"}]}', "entry 1"),
])
def test_bad_files_exit_2_and_write_nothing(filled, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = file_digest(filled)
    result = run(filled, "import", str(path))
    assert result.exit_code == 2, result.output
    assert name in result.output and words in result.output and "Nothing was imported" in result.output
    assert "Traceback" not in result.output
    assert file_digest(filled) == before


def test_missing_source_and_empty_folder(db_path, tmp_path):
    assert run(db_path, "import", str(tmp_path / "nope.json")).exit_code == 2
    (tmp_path / "empty").mkdir()
    result = run(db_path, "import", str(tmp_path / "empty"))
    assert result.exit_code == 2 and "no Markdown" in result.output


def test_undated_markdown_file_is_named(db_path, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "ideas.md").write_text("Some ideas.")
    result = run(db_path, "import", str(tmp_path / "notes"))
    assert result.exit_code == 2 and "ideas.md: cannot tell which day" in result.output


# -- property tests ----------------------------------------------------------

text = hs.text(hs.characters(blacklist_categories=("Cs",)), max_size=60)
line = hs.text(hs.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda s: s.strip())
tag = hs.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
days = hs.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    refl=hs.lists(hs.tuples(days, text, hs.lists(text, max_size=3), hs.lists(tag, max_size=3, unique=True)),
                  max_size=5, unique_by=lambda t: t[0]),
    events=hs.lists(hs.tuples(days, line, text, hs.sampled_from(["caused", "participated"]), hs.booleans(),
                              hs.lists(tag, max_size=2, unique=True)), max_size=4),
)
def test_property_json_round_trip(tmp_path_factory, refl, events):
    folder = tmp_path_factory.mktemp("rt")
    source = folder / "a.db"
    db = open_journal(source)
    for day, body, answers, tags in refl:
        reflections.save(db, Reflection(day=day, body=body, prompts=[f"P{i}" for i in range(len(answers))],
                                        answers=answers, tags=tags))
    for day, title, situation, role, talking, tags in events:
        bt.save(db, Breakthrough(happened_on=day, title=title, situation=situation, role=role,
                                 talking_point=talking, tags=tuple(tags)))
    db.close()
    first = run(source, "export", "--format", "json").stdout
    (folder / "x.json").write_text(first)
    target = folder / "b.db"
    assert run(target, "import", str(folder / "x.json")).exit_code == 0
    assert unversioned(run(target, "export", "--format", "json").stdout) == unversioned(first)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=hs.one_of(
    hs.binary(max_size=200),
    hs.recursive(hs.none() | hs.booleans() | hs.integers() | hs.text(max_size=10),
                 lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=8), inner, max_size=4),
                 max_leaves=12).map(lambda v: json.dumps(v).encode()),
    hs.builds(lambda entries: json.dumps({"entries": entries}).encode(),
              hs.lists(hs.dictionaries(hs.sampled_from(["title", "body", "date", "time", "tags", "starred"]),
                                       hs.none() | hs.text(max_size=12) | hs.integers(), max_size=6), max_size=3)),
))
def test_property_random_import_files_never_traceback(tmp_path_factory, payload):
    folder = tmp_path_factory.mktemp("junk")
    db_path = folder / "j.db"
    open_journal(db_path).close()
    before = file_digest(db_path)
    (folder / "in.json").write_bytes(payload)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "import", str(folder / "in.json")])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert file_digest(db_path) == before

"""The benchmark scripts work (at a tiny N); their timings are not tested."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.store import open_journal

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

pytestmark = pytest.mark.slow


def test_corpus_writes_the_same_records_to_both_journals(tmp_path):
    from corpus import build

    out = build(60, tmp_path / "c")
    db = open_journal(out / "journal.db")
    # same-day entries are one reflection with a section each, as import makes them
    sections = sum(body.count("**") // 2 for (body,) in db.execute("SELECT body FROM reflections"))
    ours = sections + db["breakthroughs"].count + db["strategy_notes"].count
    entries = (out / "jrnl" / "journal.txt").read_text().count("\n[")
    assert ours == 60 and entries + 1 == 60
    assert (out / "jrnl" / "config" / "jrnl" / "jrnl.yaml").read_text().count(str(out / "jrnl" / "journal.txt")) == 1
    again = build(60, tmp_path / "d")  # seeded: the same text every time
    assert (again / "jrnl" / "journal.txt").read_text() == (out / "jrnl" / "journal.txt").read_text()


def test_the_whole_harness_runs_once(tmp_path):
    result = subprocess.run([sys.executable, str(BENCH / "run.py"), "--sizes", "40", "--runs", "1", "--app-runs", "1",
                             "--no-instructions", "--out", str(tmp_path / "r.md")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    table = (tmp_path / "r.md").read_text()
    for row in ("search 'antimatter'", "tag @hiring", "date range (2020)", "export to Markdown",
                "empty journal", "minimal Textual app", "autosave commit"):
        assert row in table


@pytest.mark.parametrize("script, args", [("filters.py", ["300", "1"]), ("strategy.py", ["30"]),
                                          ("startup.py", ["30", "1"])])
def test_other_scripts_run_once(script, args):
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "|" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_frame_instructions_counts_both_apps():
    result = subprocess.run([sys.executable, str(BENCH / "frame_instructions.py")], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    ratio = float(result.stdout.rsplit("ratio:", 1)[1])
    assert 0.5 < ratio < 3  # both apps reached their first frame and were counted


@pytest.mark.parametrize("ours, floor", [
    (["search", "--tag", "hiring", "--limit", "0"], ["tag", "DB", "hiring"]),
    (["search", "--from", "2020-01-01", "--to", "2024-12-31", "--limit", "0"], ["range", "DB", "2020-01-01",
                                                                                 "2024-12-31"]),
])
def test_listing_floors_print_what_journal_prints(tmp_path, ours, floor):
    """A floor is fair only if it writes the same bytes: the work it is timed against."""
    from corpus import build

    from journal.store import breakthroughs as bt

    db_path = build(300, tmp_path / "c") / "journal.db"
    db = open_journal(db_path)
    kept = bt.save(db, bt.Breakthrough(title="A \x1b[2J title", happened_on=__import__("datetime").date(2021, 5, 4),
                                       breakthrough="Seen \x07 whole", tags=("hiring",)))
    gone = bt.save(db, bt.Breakthrough(title="Deleted", happened_on=kept.happened_on, tags=("hiring",)))
    bt.trash(db, gone.id)
    db.close()
    env = {**__import__("os").environ, "NO_COLOR": "1"}
    mine = subprocess.run([sys.executable, "-m", "journal", "--db", str(db_path), *ours], capture_output=True,
                          env=env, check=True)
    bare = subprocess.run([sys.executable, str(BENCH / "floors.py"), *[str(db_path) if a == "DB" else a
                                                                      for a in floor]],
                          capture_output=True, env=env, check=True)
    assert mine.stdout.count(b"\n") > 10  # several records of each kind
    assert b"Deleted" not in mine.stdout and "␛".encode() in mine.stdout
    assert bare.stdout == mine.stdout


def test_export_floor_writes_what_journal_export_writes(tmp_path):
    """The export floor is timed against `journal export`: it must write the same document
    (year and month headings, each kind's facts, strategy notes' options, decision and review)."""
    import datetime

    from corpus import build

    from journal.store import breakthroughs as bt
    from journal.store import reflections as rf
    from journal.store import strategies as st

    db_path = build(300, tmp_path / "c") / "journal.db"
    db = open_journal(db_path)
    day = datetime.date(2021, 5, 4)
    rf.save(db, rf.Reflection(day=datetime.date(2021, 5, 3), body="  Body  ", prompts=["Why?", "What?"],
                              answers=["", "  Because.  "], tags=["hiring"]))
    rf.save(db, rf.Reflection(day=datetime.date(2021, 5, 2), prompts=["Why?"], answers=["Only an answer"]))
    bt.save(db, bt.Breakthrough(title="Full", happened_on=day, situation="S", breakthrough="B", result="R",
                                change_areas=("attitude", "skills"), role="participated", tags=("a", "b"),
                                talking_point=True, reflection_day=datetime.date(2021, 5, 3)))
    gone = bt.save(db, bt.Breakthrough(title="Deleted", happened_on=day, breakthrough="x"))
    bt.trash(db, gone.id)
    for name, review in (("Decided", False), ("Reviewed", True)):
        note = st.save_note(db, st.StrategyNote(question=f"{name} note?", context=" Why it matters ", tags=("t",)))
        first = st.save_option(db, st.Option(note_id=note.id, title="Keep | going", predicted_benefit="+5%",
                                             cost="low", risk="none"))
        st.save_option(db, st.Option(note_id=note.id, title="Leap", kind="breakthrough", position=1))
        st.decide(db, note.id, first.id, "Cheaper.", day, datetime.date(2021, 8, 1))
        if review:
            st.review(db, note.id, "+3%", "partly", "Smaller steps.", datetime.date(2021, 8, 2))
    db.close()
    mine = subprocess.run([sys.executable, "-m", "journal", "--db", str(db_path), "export"], capture_output=True,
                          check=True)
    bare = subprocess.run([sys.executable, str(BENCH / "floors.py"), "export", str(db_path)], capture_output=True,
                          check=True)
    for seen in (b"\n## 2021\n", b"### May 2021", b"Tuesday 4 May 2021 \xc2\xb7 participated", b"Keep \\| going",
                 b"##### Review, 2 August 2021", b"Review on 1 August 2021.", b"*From the reflection of 3 May 2021.*",
                 b"*No options yet.*", b"Only an answer"):
        assert seen in mine.stdout, seen
    assert b"Deleted" not in mine.stdout
    assert bare.stdout == mine.stdout

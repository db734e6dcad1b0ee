"""Issue 13: export's output, byte for byte, on a seeded journal with every kind of
record (strategy notes with options, decisions and reviews; a record with an odd
stored value). The golden files were written by the export of 54d4f8e, before
export read options a page at a time and loaded less: faster, not different.

To rewrite them after an intended change: JOURNAL_WRITE_GOLDEN=1 pytest this file.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.cli import cli
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection
from journal.store.strategies import Option, StrategyNote

GOLDEN = Path(__file__).parent / "fixtures" / "export"
AREAS = ("attitude", "behavior", "skills", "focus")


def seed(path: Path) -> None:
    db = open_journal(path)
    for i in range(40):
        day = date(2024, 1, 1) + timedelta(days=i * 9)
        reflections.save(db, Reflection(day=day, body=f"Day {i}: a | pipe, *stars* and ``` a fence.\n\nSecond.",
                                        prompts=["What went well?", "What next?"],
                                        answers=[f"Answer {i}" if i % 2 else "", "Then this."],
                                        tags=[f"t{i % 3}", "team"] if i % 4 else []))
        bt.save(db, Breakthrough(happened_on=day, title=f"Event {i}: a title", situation="It was tense.",
                                 breakthrough=f"Asked again {i}.", result="Agreed." if i % 2 else "",
                                 change_areas=AREAS[: i % 5], role="caused" if i % 3 else "participated",
                                 tags=(f"t{i % 3}",) if i % 2 else (), talking_point=i % 3 == 0,
                                 reflection_day=day if i % 5 == 0 else None))
        if i % 3 == 0:
            note = st.save_note(db, StrategyNote(question=f"Question {i}: which way?", context=f"Context {i}.",
                                                 tags=("plan",) if i % 2 else ()))
            options = [st.save_option(db, Option(note_id=note.id, title=f"Option {k} | {i}",
                                                 kind=("incremental", "breakthrough")[k % 2],
                                                 predicted_benefit=f"benefit {k}", cost="low" if k else "",
                                                 risk="some", notes=f"notes {k}", position=k))
                       for k in range(0 if i == 3 else 1 + i % 4)]
            if options and i % 2 == 0:
                st.decide(db, note.id, options[0].id, "Because.", day, day + timedelta(days=30))
                if i % 4 == 0:
                    st.review(db, note.id, "More than hoped.", "met", "Ask early.", day + timedelta(days=31))
    # Stamps fixed, so that the output does not depend on the day the test runs.
    for table in ("reflections", "breakthroughs", "strategy_notes", "strategy_options"):
        db.execute(f"UPDATE {table} SET created_at = '2024-0' || (1 + id % 9) || '-1' || (id % 10) || "
                   "'T09:00:00+00:00', updated_at = '2024-10-01T10:00:00+00:00'")
    db.execute("UPDATE breakthroughs SET role = 'boss' WHERE id = 7")  # odd: written with what can be read
    db.conn.commit()
    db.close()


def split_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture
def journal(db_path):
    seed(db_path)
    return db_path


def check(name: str, got: bytes) -> None:
    golden = GOLDEN / name
    if os.environ.get("JOURNAL_WRITE_GOLDEN"):
        golden.write_bytes(got)
    assert got == golden.read_bytes(), f"export's output changed: {name}"


@pytest.mark.parametrize("args,name,status", [
    ([], "journal.md", 1),  # the odd record is named: exit 1
    (["--format", "json"], "journal.json", 0),  # written as stored
    (["--kind", "strategy"], "strategy.md", 0),
    (["--from", "2024-03-01", "--to", "2024-06-30"], "spring.md", 0),
])
def test_export_writes_what_it_wrote_before(journal, args, name, status):
    result = CliRunner().invoke(cli, ["--db", str(journal), "export", *args])
    assert result.exit_code == status, result.output
    check(name, result.stdout_bytes)


def test_export_split_writes_what_it_wrote_before(journal, tmp_path):
    out = tmp_path / "split"
    result = CliRunner().invoke(cli, ["--db", str(journal), "export", "--split", str(out)])
    assert result.exit_code == 1, result.output
    check("split.sha256", (split_digest(out) + f" {len(list(out.iterdir()))} files\n").encode())

"""Shared by the adversarial tests: a small journal of every kind, the CLI, and
raw SQL that bypasses the store (the values an older version may have left)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from journal.cli import cli
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st
from journal.store.breakthroughs import Breakthrough
from journal.store.reflections import Reflection

PROMPTS = ["What moved me forward?", "Ah-ha?"]


def run(db_path: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(db_path), *map(str, args)], input=input)


def run_process(db_path: Path, *args: str, timeout: float = 10, **kwargs) -> subprocess.CompletedProcess:
    """`journal ARGS` in its own interpreter (for FIFOs, signals, real stdout)."""
    env = {**os.environ, "JOURNAL_BACKUPS": "0"}
    return subprocess.run([sys.executable, "-m", "journal", "--db", str(db_path), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env, **kwargs)


def fill(path: Path) -> Path:
    """One reflection, one breakthrough and one decided strategy note."""
    db = open_journal(path)
    reflections.save(db, Reflection(day=date(2026, 3, 2), body="# Board day\n\nIt went well.", prompts=PROMPTS,
                                    answers=["The deck", ""], tags=["board"]))
    bt.save(db, Breakthrough(happened_on=date(2026, 2, 1), title="Outcome pricing", situation="Two options.",
                             breakthrough="Create a third.", result="+18% ARR", change_areas=("focus",),
                             tags=("pricing",), talking_point=True, reflection_day=date(2026, 3, 2)))
    note = st.save_note(db, st.StrategyNote(question="Grow 20%?", context="Board asks.", tags=("growth",)))
    first = st.save_option(db, st.Option(note_id=note.id, title="Prices +5%", predicted_benefit="+5%"))
    st.save_option(db, st.Option(note_id=note.id, title="Outcomes", kind="breakthrough"))
    st.decide(db, note.id, first.id, "Quick", date(2026, 1, 5), date(2026, 4, 5))
    db.close()
    return path


def exported(db_path: Path) -> dict:
    result = run(db_path, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def records_of(db_path: Path) -> list[dict]:
    return exported(db_path)["records"]


def raw_sql(path: Path, sql: str, params: list | tuple = ()) -> None:
    """Write straight into the file, past every check of the store."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()

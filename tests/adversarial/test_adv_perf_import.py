"""Hostile tester, issue 13: import now writes new days by executemany in batches.
The journal it leaves must be the one the per-record import (86e338b) left, a bad
entry anywhere writes nothing, and kill -9 leaves the journal as before or complete."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.cli import cli
from journal.store import open_journal, reflections
from journal.store.reflections import Reflection

ROOT = Path(__file__).parents[2]


def _jrnl(path: Path, entries: list[dict]) -> Path:
    path.write_text(json.dumps({"tags": {}, "entries": entries}), encoding="utf-8")
    return path


def _state(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT day, body, tags, prompts, answers FROM reflections ORDER BY day").fetchall()
        tags = conn.execute("SELECT r.day, t.tag FROM reflection_tags t JOIN reflections r ON r.id = t.reflection_id "
                            "ORDER BY 1, 2").fetchall()
        found = conn.execute("SELECT r.day FROM reflections_fts f JOIN reflections r ON r.id = f.rowid "
                             "WHERE reflections_fts MATCH 'zebra' ORDER BY 1").fetchall()
        imports = conn.execute("SELECT source, source_key, kind, record_key FROM imports ORDER BY 2").fetchall()
        versions = conn.execute("SELECT count(DISTINCT version) = count(*) FROM reflections").fetchone()
        return [rows, tags, found, imports, versions]
    finally:
        conn.close()


def _old_import(db_path: Path, source: Path) -> None:
    """The import of 86e338b, run from a copy of that tree."""
    tree = db_path.parent.parent / "old-tree"
    if not tree.exists():
        tree.mkdir()
        archive = subprocess.run(["git", "archive", "86e338b", "src"], capture_output=True, check=True, cwd=ROOT).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    code = "import sys; from journal.cli import cli; cli(sys.argv[1:])"
    result = subprocess.run([sys.executable, "-c", code, "--db", str(db_path), "import", str(source)],
                            capture_output=True, text=True, env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin"})
    assert result.returncode == 0, result.stderr


entry = st.fixed_dictionaries({
    "date": st.dates(date(2025, 1, 1), date(2025, 1, 12)).map(date.isoformat),
    "time": st.sampled_from(["", "09:00", "21:30"]),
    "title": st.sampled_from(["", "Zebra crossing", "Réunion ‮", "[b]x[/b]"]),
    "body": st.text(st.sampled_from(list("ab zé\n#*")), max_size=20),
    "tags": st.lists(st.sampled_from(["@team", "@Team", "@lead"]), max_size=2),
    "starred": st.booleans(),
})


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(entries=st.lists(entry, max_size=12), stored=st.sets(st.integers(0, 11), max_size=4))
def test_batched_import_leaves_what_the_per_record_import_left(tmp_path_factory, entries, stored):
    folder = tmp_path_factory.mktemp("imp")
    source = _jrnl(folder / "jrnl.json", entries)
    paths = []
    for name in ("old", "new"):
        path = folder / name / "journal.db"
        db = open_journal(path)
        for i in sorted(stored):
            reflections.save(db, Reflection(day=date(2025, 1, 1) + timedelta(days=i), body=f"Stored {i} zebra",
                                            tags=["lead"]))
        if name == "old":  # as the old tree knows it: schema 6 (m007 only adds index prefixes)
            db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_search_prefixes'")
            db.conn.execute("PRAGMA user_version = 6")
        db.close()
        paths.append(path)
    _old_import(paths[0], source)
    result = CliRunner().invoke(cli, ["--db", str(paths[1]), "import", str(source)])
    assert result.exit_code == 0, result.output
    assert _state(paths[1]) == _state(paths[0])


def test_a_bad_entry_at_the_end_of_a_large_import_writes_nothing(db_path, tmp_path):
    db = open_journal(db_path)
    reflections.save(db, Reflection(day=date(2025, 1, 1), body="Before"))
    db.close()
    before = _state(db_path)
    entries = [{"date": (date(2000, 1, 1) + timedelta(days=i)).isoformat(), "time": "09:00", "title": f"E{i}",
                "body": "zebra", "tags": [], "starred": False} for i in range(5000)]
    entries.insert(2500, {"date": "2010-02-30", "time": "09:00", "title": "bad", "body": "", "tags": []})
    result = CliRunner().invoke(cli, ["--db", str(db_path), "import", str(_jrnl(tmp_path / "bad.json", entries))])
    assert result.exit_code != 0
    assert _state(db_path) == before


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_kill_during_a_large_import_leaves_before_or_all(db_path, tmp_path, fraction):
    db = open_journal(db_path)
    reflections.save(db, Reflection(day=date(2025, 1, 1), body="Before"))
    db.close()
    entries = [{"date": (date(1960, 1, 1) + timedelta(days=i)).isoformat(), "time": "09:00", "title": f"E{i}",
                "body": "zebra " * 20, "tags": ["@t"], "starred": False} for i in range(20000)]
    source = _jrnl(tmp_path / "big.json", entries)
    started = time.monotonic()
    full = subprocess.run([sys.executable, "-m", "journal", "--db", str(tmp_path / "timing.db"), "import",
                           str(source)], capture_output=True)
    assert full.returncode == 0
    took = time.monotonic() - started
    child = subprocess.Popen([sys.executable, "-m", "journal", "--db", str(db_path), "import", str(source)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(took * fraction)
    child.send_signal(signal.SIGKILL)
    child.wait()
    conn = sqlite3.connect(db_path)
    count = conn.execute("SELECT count(*) FROM reflections").fetchone()[0]
    imported = conn.execute("SELECT count(*) FROM imports").fetchone()[0]
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
    assert (count, imported) in ((1, 0), (20001, 20000))

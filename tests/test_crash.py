"""Crash and concurrency proofs for the store: SIGKILL at random moments, and two
processes writing at once. Every write acknowledged to the writer is on disk,
whole; nothing half-written is ever visible; SQLite and FTS5 checks pass."""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store import strategies as st
from journal.store.doctor import search_indexes

CHILD = Path(__file__).with_name("writer_child.py")
SHARED_DAY = date(2030, 1, 1)
ACK = re.compile(r"^ack (\w+) (.+) ([0-9a-f]{64})$")

pytestmark = pytest.mark.slow


def spawn(path: Path, prefix: int, count: int, wait_for_go: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(prefix), str(count), *(["--wait-for-go"] if wait_for_go else [])],
        stdin=subprocess.PIPE if wait_for_go else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def acks_in(output: str) -> list[tuple[str, str, str]]:
    """Whole ack lines only: one cut short by the kill was never acknowledged."""
    return [m.groups() for line in output.splitlines() if (m := ACK.match(line))]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def check_journal(path: Path, acks: list[tuple[str, str, str]]) -> None:
    db = open_journal(path)  # runs quick_check
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert search_indexes(path).ok, search_indexes(path).text
        shared = reflections.get(db, SHARED_DAY)
        for kind, key, digest in acks:
            if kind == "reflection":
                stored = reflections.get(db, date.fromisoformat(key))
                assert stored is not None and sha(stored.body) == digest, key
            elif kind == "breakthrough":
                stored = bt.get(db, int(key))
                assert stored is not None and sha(stored.situation) == digest, key
            elif kind == "strategy":
                stored = st.get(db, int(key))
                assert stored is not None and sha(stored.context) == digest, key
            else:
                assert shared is not None and key in shared.body.split("\n\n"), key
        # Nothing half-written anywhere, acknowledged or not:
        for note_id, question in db.execute("SELECT id, question FROM strategy_notes").fetchall():
            wanted = int(re.search(r"with (\d) options", question).group(1))
            assert len(st.get(db, note_id).options) == wanted, question
        for table, mirror, column in (("breakthroughs", "breakthrough_tags", "breakthrough_id"),
                                      ("reflections", "reflection_tags", "reflection_id")):
            for row_id, tags in db.execute(f"SELECT id, tags FROM {table}").fetchall():
                mirrored = {t for (t,) in db.execute(f"SELECT tag FROM {mirror} WHERE {column} = ?", [row_id])}
                assert mirrored == set(json.loads(tags)), (table, row_id)
    finally:
        db.close()


def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path):
    path = tmp_path / "journal.db"
    open_journal(path).close()
    rng = random.Random(20261121)
    acks: list[tuple[str, str, str]] = []
    killed_while_writing = 0
    for run in range(200):
        child = spawn(path, run, 2000)
        if run % 4 == 0:  # any moment, opening the journal included
            time.sleep(rng.uniform(0.0, 0.3))
        else:  # mid-write: a random moment once it is writing
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.12))
        child.kill()
        out, _ = child.communicate()
        found = acks_in(out)
        acks += found
        killed_while_writing += bool(found)
    assert killed_while_writing > 140 and len(acks) > 2000  # the kills really hit writes
    check_journal(path, acks)


def test_two_processes_write_1000_records_each_at_once(tmp_path):
    path = tmp_path / "journal.db"
    open_journal(path).close()
    children = [spawn(path, prefix, 1000, wait_for_go=True) for prefix in (1, 2)]
    for child in children:
        assert child.stdout.readline().strip() == "ready"
    for child in children:  # both start together
        child.stdin.write("go\n")
        child.stdin.flush()
    acks = []
    for child in children:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err
        assert "locked" not in err
        acks += acks_in(out)
    assert len(acks) == 2000
    check_journal(path, acks)
    db = open_journal(path)
    appended = reflections.get(db, SHARED_DAY).body.split("\n\n")
    assert len(appended) == 500  # 250 appends each to one shared day: none lost to the race
    db.close()

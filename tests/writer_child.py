"""A child process for the crash and concurrency tests: writes records of every
kind through the store and reports each one on stdout only after its commit
returned ("ack KIND KEY SHA256").

    python writer_child.py JOURNAL PREFIX COUNT [--wait-for-go]   (COUNT <= 2000)

Kinds in turn: a reflection (its own day), a breakthrough, a strategy note
with 1-3 options written in one transaction, and an append to one shared day.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, timedelta
from pathlib import Path

from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections, write_transaction
from journal.store import strategies as st

SHARED_DAY = date(2030, 1, 1)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def day_for(prefix: str, i: int) -> date:
    # Distinct days per (prefix, i) for i < 2000; prefixes are small integers.
    return date(2000, 1, 1) + timedelta(days=int(prefix) * 2000 + i)


def write_one(db, prefix: str, i: int) -> tuple[str, str, str]:
    words = f"{prefix}-{i} " + "steady words " * (i % 40 + 5)
    kind = i % 4
    if kind == 0:
        day = day_for(prefix, i)
        reflections.save(db, reflections.Reflection(day, body=words, tags=[f"t{prefix}"]))
        return "reflection", day.isoformat(), sha(words)
    if kind == 1:
        event = bt.save(db, bt.Breakthrough(day_for(prefix, i), title=f"event {prefix}-{i}", situation=words,
                                            result="measurable", tags=("crash", f"p{prefix}")))
        return "breakthrough", str(event.id), sha(words)
    if kind == 2:
        n = i % 3 + 1
        with write_transaction(db):  # the note and all its options, or nothing
            note = st.save_note(db, st.StrategyNote(question=f"note {prefix}-{i} with {n} options", context=words))
            for k in range(n):
                st.save_option(db, st.Option(note_id=note.id, title=f"option {k}", kind="incremental"))
        return "strategy", str(note.id), sha(words)
    marker = f"append {prefix}-{i}"
    reflections.append(db, SHARED_DAY, marker)
    return "append", marker, sha(marker)


def main() -> None:
    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    db = open_journal(path)
    print("ready", flush=True)
    if "--wait-for-go" in sys.argv:
        sys.stdin.readline()
    assert count <= 2000
    for i in range(count):
        kind, key, digest = write_one(db, prefix, i)
        print(f"ack {kind} {key} {digest}", flush=True)
    db.close()


if __name__ == "__main__":
    main()

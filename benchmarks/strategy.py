"""Time the strategy screen's queries with N notes (3 options each).

    python benchmarks/strategy.py [N=5000]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from journal.store import open_journal, write_transaction  # noqa: E402
from journal.store import strategies as st  # noqa: E402
from journal.store.strategies import Filter  # noqa: E402

TODAY = date(2026, 11, 21)


def build(n: int, path: Path) -> None:
    rng = random.Random(3)
    db = open_journal(path)
    stamp = "2026-01-01T09:00:00+00:00"
    with write_transaction(db):
        for i in range(n):
            note_id = db["strategy_notes"].insert({"question": f"Decision {i} about pricing and hiring?",
                                                   "context": "Context " * 20, "tags": '["growth"]' if i % 5 else "[]",
                                                   "created_at": stamp, "updated_at": stamp}).last_pk
            first = None
            for j in range(3):
                option_id = db["strategy_options"].insert({
                    "note_id": note_id, "position": j, "title": f"Option {j}",
                    "kind": "breakthrough" if j == 2 else "incremental", "predicted_benefit": "+5%",
                    "created_at": stamp, "updated_at": stamp}).last_pk
                first = first or option_id
            if rng.random() < 0.6:
                decided = TODAY - timedelta(days=rng.randrange(400))
                db.execute("UPDATE strategy_notes SET decided_option_id = ?, decided_on = ?, review_on = ? WHERE id = ?",
                           [first, decided.isoformat(), (decided + timedelta(days=90)).isoformat(), note_id])
    db.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.db"
        build(n, path)
        db = open_journal(path)
        cases = {
            "list page + count": lambda: (st.list_notes(db, Filter(), TODAY), st.count(db, Filter(), TODAY)),
            "status decided": lambda: (st.list_notes(db, Filter(status="decided"), TODAY),
                                       st.count(db, Filter(status="decided"), TODAY)),
            "text 'pricing'": lambda: (st.list_notes(db, Filter(text="pricing"), TODAY),
                                       st.count(db, Filter(text="pricing"), TODAY)),
            "tag": lambda: (st.list_notes(db, Filter(tag="growth"), TODAY), st.count(db, Filter(tag="growth"), TODAY)),
            "reviews due (header)": lambda: st.count_due(db, TODAY),
            "summary line": lambda: st.summary(db),
        }
        print(f"| query with {n:,} notes | median of 5 | min-max |\n|---|---|---|")
        for name, run in cases.items():
            times = []
            for _ in range(6):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            times = times[1:]
            print(f"| {name} | {statistics.median(times) * 1000:.1f} ms | {min(times) * 1000:.1f}-{max(times) * 1000:.1f} ms |")


if __name__ == "__main__":
    main()

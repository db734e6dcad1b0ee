"""Time the breakthrough review's queries (one page + the count) at N events.

    python benchmarks/filters.py [N=100000] [RUNS=5]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_breakthroughs  # noqa: E402

from journal.store import breakthroughs as bt  # noqa: E402
from journal.store import open_journal  # noqa: E402
from journal.store.breakthroughs import Filter  # noqa: E402

CASES = {
    "no filter": Filter(),
    "text 'pricing'": Filter(text="pricing"),
    "text prefix 'pri'": Filter(text="pri"),
    "text, newest first": Filter(text="pricing", by_relevance=False),
    "tag": Filter(tags=("hiring",)),
    "change area": Filter(areas=("focus",)),
    "role + talking points": Filter(role="caused", talking_points_only=True),
    "date range (2025)": Filter(since=date(2025, 1, 1), until=date(2025, 12, 31)),
    "all combined": Filter(text="pricing", tags=("team",), areas=("focus",), role="caused",
                           since=date(2020, 1, 1)),
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        path = build_breakthroughs(n, Path(tmp) / "bt.db")
        db = open_journal(path)
        print(f"| filter at {n:,} events | page of 200 + count, median | min-max | matches |\n|---|---|---|---|")
        for name, flt in CASES.items():
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                bt.search(db, flt)
                total = bt.count(db, flt)
                times.append(time.perf_counter() - start)
            times = times[1:]
            print(f"| {name} | {statistics.median(times) * 1000:.0f} ms | "
                  f"{min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms | {total:,} |")


if __name__ == "__main__":
    main()

"""Autosave inside the app, on a copy of a journal.

    python benchmarks/autosave.py JOURNAL.db [SAVES=300]

Types into today's reflection; after each keystroke the autosave hands the
text to the writer thread. Reports the commit latency in the writer (hand-over
to commit returned, p50/p99) and how long the UI thread spent handing over,
which is all a keystroke can ever wait for.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from journal.app import JournalApp  # noqa: E402
from journal.store import open_journal  # noqa: E402


async def measure(path: Path, saves: int) -> tuple[list[float], list[float]]:
    app = JournalApp(open_journal(path), autosave_delay=3600)
    commits: list[float] = []
    handovers: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        for i in range(saves):
            await pilot.press("x" if i % 2 else "y")
            start = time.perf_counter()
            future = screen.hand_over()
            handovers.append(time.perf_counter() - start)
            future.result()
            commits.append(time.perf_counter() - start)
            await pilot.pause()
    return commits, handovers


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * p) - 1)] * 1000


def main() -> None:
    source = Path(sys.argv[1])
    saves = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(source, copy)
        commits, handovers = asyncio.run(measure(copy, saves))
    print(f"| autosave commit in the writer thread ({saves} saves) | p50 {statistics.median(commits) * 1000:.1f} ms "
          f"| p99 {pct(commits, 0.99):.1f} ms | max {max(commits) * 1000:.1f} ms |")
    print(f"| UI thread time per save (what typing can wait for) | p50 {statistics.median(handovers) * 1000:.2f} ms "
          f"| p99 {pct(handovers, 0.99):.2f} ms | max {max(handovers) * 1000:.2f} ms |")


if __name__ == "__main__":
    main()

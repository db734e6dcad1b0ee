"""Autosave commit latency inside the app, on a copy of a journal.

    python benchmarks/autosave.py JOURNAL.db [SAVES=300]

Types into today's reflection and times each save from the moment it is
handed over to the moment the commit returned (p50/p99), and the longest
time a keystroke waited while saves were going on.
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
    keys: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        for i in range(saves):
            start = time.perf_counter()
            await pilot.press("x" if i % 2 else "y")
            keys.append(time.perf_counter() - start)
            start = time.perf_counter()
            screen.flush()
            commits.append(time.perf_counter() - start)
    return commits, keys


def main() -> None:
    source = Path(sys.argv[1])
    saves = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(source, copy)
        commits, keys = asyncio.run(measure(copy, saves))
    commits.sort()
    p50 = statistics.median(commits) * 1000
    p99 = commits[int(len(commits) * 0.99) - 1] * 1000
    print(f"| autosave commit ({saves} saves) | p50 {p50:.1f} ms | p99 {p99:.1f} ms | max {commits[-1] * 1000:.1f} ms |")


if __name__ == "__main__":
    main()

"""Time to first frame of `journal` in a pseudo-terminal, empty journal vs a large one.

    python benchmarks/startup.py [N=100000] [RUNS=5]

Whole-process wall time from exec to the first paint of the day title, median and
range of RUNS runs after one warm-up, alternating the two journals.
"""

from __future__ import annotations

import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build as build_corpus  # noqa: E402


def build(n: int, path: Path) -> Path:
    """startup.py's journals: the corpus's journal.db (an empty one for n == 0)."""
    if n == 0:
        from journal.store import open_journal

        open_journal(path).close()
        return path
    return build_corpus(n, path.parent / path.stem) / "journal.db"


def first_frame_seconds(db_path: Path) -> float:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "JOURNAL_DB": str(db_path)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "journal"], stdin=slave, stdout=slave, stderr=slave,
                            env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while b"today" not in seen:
            seen = seen[-200:] + os.read(master, 65536)
        return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        empty = build(0, Path(tmp) / "empty.db")
        t0 = time.perf_counter()
        large = build(n, Path(tmp) / "large.db")
        print(f"built {n} reflections in {time.perf_counter() - t0:.1f} s "
              f"({large.stat().st_size / 1e6:.0f} MB)")
        first_frame_seconds(empty), first_frame_seconds(large)  # warm-up
        times: dict[str, list[float]] = {"empty": [], f"{n:,}": []}
        for _ in range(runs):
            times["empty"].append(first_frame_seconds(empty))
            times[f"{n:,}"].append(first_frame_seconds(large))
    print("| journal | first frame, median | min-max |\n|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} s | {min(values):.3f}-{max(values):.3f} s |")
    ratio = statistics.median(times[f"{n:,}"]) / statistics.median(times["empty"])
    print(f"\nratio {n:,} / empty: {ratio:.2f}")


if __name__ == "__main__":
    main()

"""Key-to-frame latency of the app's screens, in a real terminal (a pty).

    python benchmarks/tui.py                        # empty, 100k and the full corpus
    python benchmarks/tui.py --journals full=/tmp/full.db --runs 1
    python benchmarks/tui.py --only F3 Days         # the actions whose label holds a word

Runs the app (`journal --db COPY`) in a 120x36 pseudo-terminal, waits for the
first frame and for the start-up work to finish (CPU idle), then sends each
action's key bytes and times from the write to the last byte of the screen
update: the end of the last output before QUIET_S pass with neither output nor
CPU (a worker still querying keeps the measurement open). Cursors do not blink
in the measured app (a blink is a frame every 0.5 s): the switch is set when
Textual's Input and TextArea are first imported, so memory at the first frame
is the app's own. Each journal is copied first: the app writes beside it (WAL,
daily backup). Prints a Markdown table with the targets and pass/miss.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import compile_bytecode  # noqa: E402

PY = sys.executable
QUIET_S = 0.15  # no output for this long: the frame is complete
# python -c LAUNCH: the app, with cursor blinking off once Input/TextArea are imported.
LAUNCH = """
import importlib.machinery, sys
NO_BLINK = {"textual.widgets._input": "Input", "textual.widgets._text_area": "TextArea"}
class NoBlink:
    def find_spec(self, name, path=None, target=None):
        if name not in NO_BLINK:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            getattr(module, NO_BLINK[name]).cursor_blink._default = False
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, NoBlink())
sys.argv = ["journal", *sys.argv[1:]]
from journal.launch import main
sys.exit(main())
"""
TIMEOUT_S = 20.0

KEYS = {
    "f3": b"\x1bOR", "f4": b"\x1bOS", "ctrl+l": b"\x0c", "ctrl+f": b"\x06", "escape": b"\x1b",
    "down": b"\x1b[B", "up": b"\x1b[A", "pagedown": b"\x1b[6~", "pageup": b"\x1b[5~",
    "alt+left": b"\x1b[1;3D", "alt+right": b"\x1b[1;3C", "backspace": b"\x7f", "enter": b"\r",
}
TARGET_KEY_MS = 50  # p95, every keystroke
TARGET_OPEN_MS = 150  # opening a screen
TARGET_MEMORY = 1.3  # RSS after every screen / at the first frame


@dataclass
class Samples:
    last_ms: list[float] = field(default_factory=list)  # key to the end of the last update
    first_ms: list[float] = field(default_factory=list)  # key to the first byte of output

    def add(self, times: tuple[float, float]) -> None:
        self.first_ms.append(times[0] * 1000)
        self.last_ms.append(times[1] * 1000)

    def p(self, q: float, first: bool = False) -> float:
        s = sorted(self.first_ms if first else self.last_ms)
        return s[min(len(s) - 1, round(q * (len(s) - 1)))]


class Terminal:
    def __init__(self, db: Path, env: dict) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.proc = subprocess.Popen([PY, "-c", LAUNCH, "--db", str(db)], stdin=slave, stdout=slave,
                                     stderr=slave, env={**env, "TERM": "xterm-256color"}, start_new_session=True)
        os.close(slave)
        self.screen = b""

    def read_until_quiet(self, start: float, quiet: float = QUIET_S) -> tuple[float, float]:
        """Seconds from start to the first output and to the end of the last, once
        neither output nor CPU time has come for `quiet` seconds (0 when nothing came)."""
        first = last = None
        deadline = time.perf_counter() + TIMEOUT_S
        ticks = self.cpu_ticks()
        while time.perf_counter() < deadline:
            if select.select([self.master], [], [], quiet)[0]:
                self.screen = (self.screen + os.read(self.master, 1 << 20))[-20000:]
                last = time.perf_counter()
                first = first or last
                continue
            now = self.cpu_ticks()
            if now - ticks <= 1:  # 10 ms of CPU at most in the window: idle
                break
            ticks = now
        return (first or start) - start, (last or start) - start

    def wait_for(self, marker: bytes) -> None:
        deadline = time.perf_counter() + TIMEOUT_S
        while marker not in self.screen and time.perf_counter() < deadline:
            if select.select([self.master], [], [], 0.1)[0]:
                self.screen = (self.screen + os.read(self.master, 1 << 20))[-20000:]

    def cpu_ticks(self) -> int:
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def drain(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if select.select([self.master], [], [], left)[0]:
                self.screen = (self.screen + os.read(self.master, 1 << 20))[-20000:]

    def wait_idle(self, still: float = 0.5) -> None:
        """Until the app spends (almost) no CPU for `still` seconds: start-up checks,
        the daily backup, workers. A cursor blink costs well under a tick."""
        deadline = time.perf_counter() + 300
        before = self.cpu_ticks()
        while time.perf_counter() < deadline:
            self.drain(still)
            now = self.cpu_ticks()
            if now - before <= 1:
                return
            before = now

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

    def press(self, key: str) -> tuple[float, float]:
        data = KEYS.get(key, key.encode())
        start = time.perf_counter()
        os.write(self.master, data)
        return self.read_until_quiet(start)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


# (label, setup keys (not timed), timed keys, kind): kind "open" for first-open times.
ACTIONS = [
    ("open Days (ctrl+l)", [], ["ctrl+l"], "open"),
    ("paging Days (pgdn/pgup)", [], ["pageup"] * 6 + ["pagedown"] * 6, "key"),
    ("back to writing", [], ["escape"], None),
    ("switching days (alt+←/→)", [], ["alt+left"] * 8 + ["alt+right"] * 8, "key"),
    ("open F3 breakthroughs", [], ["f3"], "open"),
    ("moving in F3's list", [], ["down"] * 15 + ["pagedown"] * 3, "key"),
    ("filtering F3 (typing 'team')", ["f"], list("team"), "key"),
    ("filtering F3 (one letter 'a')", ["backspace"] * 4, ["a"], "key"),
    ("open F4 strategy", ["escape", "escape"], ["f4"], "open"),
    ("moving in F4's list", [], ["down"] * 15, "key"),
    ("filtering F4 (typing 'price')", ["f"], list("price"), "key"),
    ("open Search (empty query)", ["escape"], ["ctrl+f"], "open"),
    ("typing in Search ('team')", [], list("team"), "key"),
    ("return to F3", ["escape"], ["f3"], "key"),
    ("return to F4", [], ["f4"], "key"),
    ("return to Days", [], ["ctrl+l"], "key"),
]


def measure(db: Path, env: dict, actions: list = ACTIONS) -> tuple[dict[str, Samples], float, float]:
    started = time.perf_counter()
    term = Terminal(db, env)
    try:
        term.wait_for(b"today")
        first_frame = time.perf_counter() - started  # to the first frame's text, from the spawn
        term.wait_idle()
        first_rss = term.rss_mb()
        results: dict[str, Samples] = {"first frame (spawn to text)": Samples()}
        results["first frame (spawn to text)"].add((first_frame, first_frame))
        for label, setup, timed, _ in actions:
            for key in setup:
                term.press(key)
            term.wait_idle(0.3)
            samples = results.setdefault(label, Samples())
            for key in timed:
                samples.add(term.press(key))
                term.wait_idle(0.2)  # a keystroke's own work is done before the next
        term.wait_idle()
        return results, first_rss, term.rss_mb()
    finally:
        term.close()


def empty_journal(folder: Path) -> Path:
    path = folder / "empty.db"
    subprocess.run([PY, "-m", "journal", "--db", str(path), "where"], check=True, capture_output=True)
    return path


def table(name: str, runs: list[tuple[dict[str, Samples], float, float]]) -> list[str]:
    merged: dict[str, Samples] = {}
    for results, _, _ in runs:
        for label, samples in results.items():
            merged.setdefault(label, Samples()).last_ms += samples.last_ms
            merged[label].first_ms += samples.first_ms
    kinds = {label: kind for label, _, _, kind in ACTIONS}
    kinds["first frame (spawn to text)"] = "first"
    lines = [f"### {name}", "", "| action | p50 ms | p95 ms | max ms | first output p95 ms | target | |",
             "|---|---|---|---|---|---|---|"]
    for label, s in merged.items():
        kind = kinds[label]
        if kind is None:
            continue
        if kind == "first":  # no target of its own here: README's start-up table has them
            lines.append(f"| {label} | {s.p(0.5):.0f} | {s.p(0.95):.0f} | {max(s.last_ms):.0f} | | – | |")
            continue
        target = TARGET_OPEN_MS if kind == "open" else TARGET_KEY_MS
        value = s.p(0.5) if kind == "open" else s.p(0.95)
        verdict = "pass" if value <= target else "MISS"
        what = "open (median)" if kind == "open" else "p95"
        lines.append(f"| {label} | {s.p(0.5):.0f} | {s.p(0.95):.0f} | {max(s.last_ms):.0f} | "
                     f"{s.p(0.95, first=True):.0f} | {what} ≤ {target} | {verdict} |")
    first = statistics.median(r[1] for r in runs)
    after = statistics.median(r[2] for r in runs)
    verdict = "pass" if after <= TARGET_MEMORY * first else "MISS"
    lines += ["", f"RSS: {first:.0f} MB at the first frame, {after:.0f} MB after every screen "
                  f"({after / first:.2f}×; target ≤ {TARGET_MEMORY}×: {verdict})", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--journals", nargs="+", default=["empty", "100k=/work/corpus/journal.db",
                                                           "full=/work/corpus-full/journal.db"],
                        help="NAME=PATH (copied first) or 'empty'")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", metavar="WORD",
                        help="only the actions whose label holds one of these (each runs its own setup keys "
                             "from where the previous one left: a return needs its open)")
    args = parser.parse_args()
    compile_bytecode()  # as installed: not our modules compiled from source on every start
    actions = [a for a in ACTIONS if not args.only or any(w in a[0] for w in args.only)]
    lines = ["## Key to frame, in a pty (120x36)", "",
             f"From writing the key bytes to the last byte of the update, when {QUIET_S * 1000:.0f} ms pass "
             f"with neither output nor CPU (cursor blinking off); the verdict is on that. 'first output': "
             f"to the first byte the key caused. {args.runs} run(s) per journal, each action's keys pooled; "
             f"{os.cpu_count()} cores shared with other work: p95 over few keys is noisy. Escape waits "
             f"~100 ms in Textual for a longer sequence (not timed here).", ""]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"),
               "XDG_CONFIG_HOME": str(folder / "config")}
        for spec in args.journals:
            name, _, source = spec.partition("=")
            if name == "empty":
                db = empty_journal(folder)
            else:
                db = folder / f"{name}.db"
                shutil.copyfile(source, db)
            runs = []
            for _ in range(args.runs):
                runs.append(measure(db, env, actions))
                print(f"{name}: run {len(runs)} done", file=sys.stderr)
            lines += table(name, runs)
            for path in folder.glob(f"{db.stem}*"):
                if path.is_file():
                    path.unlink()
            shutil.rmtree(folder / "backups", ignore_errors=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

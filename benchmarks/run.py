"""Every measurement in one run, ours against jrnl, at 1,000, 10,000 and 100,000 records.

    pip install -e '.[bench]'          # jrnl 4.6, for comparison only
    python benchmarks/run.py           # writes benchmarks/results.md
    python benchmarks/run.py --sizes 1000 --runs 1    # a quick check

Whole-process wall time and peak RSS (os.wait4), one warm-up then RUNS runs,
alternating ours and jrnl; median and min-max; ratios in the same run.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import SEARCH_WORD, TAG_WORD, build  # noqa: E402

PY = sys.executable


def jrnl_binary() -> str | None:
    found = shutil.which("jrnl", path=str(Path(PY).parent)) or shutil.which("jrnl")
    return found


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    def add(self, seconds: float, rss_kb: int) -> None:
        self.seconds.append(seconds)
        self.rss_mb.append(rss_kb / 1024)

    def cell(self) -> str:
        if not self.seconds:
            return "–"
        s = self.seconds
        return f"{statistics.median(s):.3f} s ({min(s):.3f}-{max(s):.3f})"

    def mem(self) -> str:
        return f"{statistics.median(self.rss_mb):.0f} MB" if self.rss_mb else "–"

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


TIME = shutil.which("time") or "/usr/bin/time"


def run_once(cmd: list[str], env: dict, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Wall time and peak RSS (KB). RSS comes from GNU time: a child forked from this
    process would inherit our own (large) high-water mark in ru_maxrss."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%M", "-o", report.name, *cmd], env=env, stdout=stdout,
                              stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
        return elapsed, int(report.read().strip().splitlines()[-1])


def first_frame(cmd: list[str], env: dict, marker: bytes, settle: float = 0.0) -> tuple[float, int]:
    """Time from exec to the first paint containing `marker`, and peak RSS (KB) after
    `settle` seconds open, read from /proc (VmHWM belongs to the exec'd image)."""
    import select

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": "xterm-256color"},
                            start_new_session=True)
    os.close(slave)
    seen = b""
    peak = 0
    try:
        while marker not in seen:
            seen = seen[-400:] + os.read(master, 65536)
        elapsed = time.perf_counter() - start
        deadline = time.perf_counter() + settle
        while time.perf_counter() < deadline:  # keep draining so the app is never blocked on output
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 65536)
        with open(f"/proc/{proc.pid}/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    return elapsed, peak


def measure(pairs, runs: int) -> dict[str, tuple[Sample, Sample]]:
    """pairs: name -> (our callable, jrnl callable or None). One warm-up, then alternate."""
    results = {name: (Sample(), Sample()) for name in pairs}
    for name, (ours, theirs) in pairs.items():
        ours()
        if theirs:
            theirs()
        for _ in range(runs):
            results[name][0].add(*ours())
            if theirs:
                results[name][1].add(*theirs())
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    # A first frame takes a second to measure and varies more than the commands on a
    # shared machine: more runs for its ratios.
    parser.add_argument("--app-runs", type=int, default=15)
    parser.add_argument("--no-instructions", action="store_true",
                        help="Skip counting the first frame's instructions with callgrind (about a minute).")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    jrnl = jrnl_binary()
    lines = ["# Benchmarks: journal against jrnl", "",
             f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; jrnl {'4.6' if jrnl else 'not installed'}.",
             f"Wall time of the whole process (median of {args.runs} after a warm-up, min-max; the app: "
             f"median of {args.app_runs}), peak RSS.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            out = Path(tmp) / f"n{n}"
            t0 = time.perf_counter()
            build(n, out)
            print(f"corpus {n:,}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            db = out / "journal.db"
            env = {**os.environ, "JOURNAL_DB": str(db), "XDG_CONFIG_HOME": str(out / "jrnl" / "config"),
                   "HOME": str(out)}
            ours = [PY, "-m", "journal"]
            pairs = {
                f"search '{SEARCH_WORD}' (all matches)": (
                    lambda: run_once([*ours, "search", SEARCH_WORD, "--limit", "0"], env),
                    (lambda: run_once([jrnl, "-contains", SEARCH_WORD], env)) if jrnl else None),
                f"tag @{TAG_WORD}": (
                    lambda: run_once([*ours, "search", "--tag", TAG_WORD, "--limit", "0"], env),
                    (lambda: run_once([jrnl, f"@{TAG_WORD}"], env)) if jrnl else None),
                "date range (2020)": (
                    lambda: run_once([*ours, "search", "--from", "2020-01-01", "--to", "2020-12-31", "--limit", "0"], env),
                    (lambda: run_once([jrnl, "-from", "2020-01-01", "-to", "2020-12-31"], env)) if jrnl else None),
                "export to Markdown": (
                    lambda: run_once([*ours, "export"], env),
                    (lambda: run_once([jrnl, "--export", "md"], env)) if jrnl else None),
            }
            if jrnl:
                with open(out / "jrnl.json", "w") as handle:
                    subprocess.run([jrnl, "--export", "json"], env=env, stdout=handle, check=True)

                def import_jrnl():
                    fresh = out / "import.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
                    return run_once([*ours, "--db", str(fresh), "import", str(out / "jrnl.json")], env)

                pairs["import jrnl's JSON export"] = (import_jrnl, None)
            results = measure(pairs, args.runs)
            lines += [f"## {n:,} records", "", "| measurement | journal | peak RSS | jrnl | peak RSS | jrnl / journal |",
                      "|---|---|---|---|---|---|"]
            for name, (a, b) in results.items():
                ratio = f"{b.median / a.median:.1f}×" if b.seconds else "–"
                lines.append(f"| {name} | {a.cell()} | {a.mem()} | {b.cell()} | {b.mem()} | {ratio} |")
            lines.append("")
            if n == max(args.sizes):
                lines += tui_section(out, env, n, args.app_runs, instructions=not args.no_instructions)
            print("\n".join(lines[-12:]), file=sys.stderr)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


def compile_bytecode() -> None:
    """Byte-compile journal as an install does. An editable install under
    PYTHONDONTWRITEBYTECODE=1 (set on some machines, this one included) would
    otherwise compile every module of ours on every start, while textual's came
    compiled from pip: a cost no installed journal pays."""
    import journal

    subprocess.run([PY, "-m", "compileall", "-q", str(Path(journal.__file__).parent)], check=True)


def instruction_lines(empty: Path, big: Path, n: int) -> list[str]:
    """The first frame in instructions (callgrind): the same count on every run, where
    wall time on a shared machine varies by a third. Left out without valgrind."""
    import frame_instructions as fi

    if not fi.available():
        return ["(instructions to the first frame: valgrind is not installed)", ""]
    e, b, m = fi.journal_instructions(empty), fi.journal_instructions(big), fi.minimal_instructions()
    return ["| instructions to the first frame (callgrind) | millions |", "|---|---|",
            f"| empty journal | {e / 1e6:,.0f} |", f"| {n:,} records | {b / 1e6:,.0f} |",
            f"| minimal Textual app | {m / 1e6:,.0f} |", "",
            f"- instructions: {n:,} records / empty {b / e:.3f}×, / minimal Textual app {b / m:.3f}×", ""]


def tui_section(out: Path, env: dict, n: int, runs: int, instructions: bool = True) -> list[str]:
    compile_bytecode()
    empty = out / "empty.db"
    subprocess.run([PY, "-m", "journal", "--db", str(empty), "where"], check=True, capture_output=True)
    big = out / "journal.db"
    frames = {"empty journal": Sample(), f"{n:,} records": Sample(), "minimal Textual app": Sample()}
    commands = {
        "empty journal": ([PY, "-m", "journal", "--db", str(empty)], b"today"),
        f"{n:,} records": ([PY, "-m", "journal", "--db", str(big)], b"today"),
        "minimal Textual app": ([PY, str(HERE / "minimal_app.py")], b"item 19"),
    }
    for _ in range(runs + 1):
        for name, (cmd, marker) in commands.items():
            frames[name].add(*first_frame(cmd, env, marker, settle=1.0))
    for sample in frames.values():  # drop the warm-up
        del sample.seconds[0], sample.rss_mb[0]
    e, b, m = (frames[k] for k in commands)
    lines = ["## The app", "", "| time to first frame | median (min-max) | peak RSS (open 1 s) |", "|---|---|---|"]
    lines += [f"| {name} | {s.cell()} | {s.mem()} |" for name, s in frames.items()]
    lines += ["", f"- {n:,} records / empty: time {b.median / e.median:.2f}× (target ≤ 1.1), "
                  f"memory {statistics.median(b.rss_mb) / statistics.median(e.rss_mb):.2f}× (target ≤ 1.2)",
              f"- {n:,} records / minimal Textual app: {b.median / m.median:.2f}× (target ≤ 1.3)", ""]
    if instructions:
        lines += instruction_lines(empty, big, n)
    result = subprocess.run([PY, str(HERE / "autosave.py"), str(big)], capture_output=True, text=True, check=True)
    lines += [result.stdout.strip(), ""]
    return lines


if __name__ == "__main__":
    main()

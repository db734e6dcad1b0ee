"""Each command against its floor (benchmarks/floors.py): whole-process wall time and
peak RSS (os.wait4), one warm-up then RUNS runs alternating ours and the floor, medians.

    python benchmarks/commands.py CORPUS_DIR [--runs 5] [--only write export ...]

CORPUS_DIR holds journal.db (benchmarks/corpus.py) and, for import, jrnl.json (jrnl's
JSON export of the same corpus). Nothing in CORPUS_DIR is written: every command
that writes works on a copy in a temporary folder. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import TAG_WORD  # noqa: E402
from run import Sample, compile_bytecode  # noqa: E402

PY = sys.executable
OURS = [PY, "-m", "journal"]
FLOOR = [PY, str(HERE / "floors.py")]
TARGET = 1.5  # ours / floor, every command (issue 13)


def run_once(cmd: list[str], env: dict | None = None, allowed: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one process, from os.wait4 (the child's own
    high-water mark: exec gives it a fresh address space)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in allowed:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def cases(corpus: Path, work: Path) -> dict[str, tuple[Callable[[], list[str]], Callable[[], list[str]]]]:
    """name -> (our command, the floor's command); each callable prepares a clean start."""
    db = work / "journal.db"
    shutil.copyfile(corpus / "journal.db", db)
    template = work / "empty-template.db"
    subprocess.run([*OURS, "--db", str(template), "write", "x"], check=True, capture_output=True)
    subprocess.run([PY, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM reflections');"
                    "c.commit(); c.execute('PRAGMA wal_checkpoint(TRUNCATE)')", str(template)], check=True)
    empty = work / "empty.db"
    shutil.copyfile(template, empty)

    def fresh_copy(name: str) -> Path:
        target = _fresh(work / name)
        shutil.copyfile(template, target)
        return target

    def split_dir(name: str) -> Path:
        shutil.rmtree(work / name, ignore_errors=True)
        return work / name

    found = {
        "write (this corpus)": (lambda: [*OURS, "--db", str(db), "write", "A quick capture."],
                         lambda: [*FLOOR, "write", str(db), "A quick capture."]),
        "write (empty journal)": (lambda: [*OURS, "--db", str(empty), "write", "A quick capture."],
                                  lambda: [*FLOOR, "write", str(empty), "A quick capture."]),
        "export": (lambda: [*OURS, "--db", str(db), "export"], lambda: [*FLOOR, "export", str(db)]),
        "export --split": (lambda: [*OURS, "--db", str(db), "export", "--split", str(split_dir("split-ours"))],
                           lambda: [*FLOOR, "split", str(db), str(split_dir("split-floor"))]),
        "backup": (lambda: [*OURS, "--db", str(db), "backup", str(_fresh(work / "backup-ours.db"))],
                   lambda: [*FLOOR, "backup", str(db), str(_fresh(work / "backup-floor.db"))]),
        "doctor": (lambda: [*OURS, "--db", str(db), "doctor"], lambda: [*FLOOR, "doctor", str(db)]),
        f"tag @{TAG_WORD}": (lambda: [*OURS, "--db", str(db), "search", "--tag", TAG_WORD, "--limit", "0"],
                             lambda: [*FLOOR, "tag", str(db), TAG_WORD]),
        "date range (2020)": (lambda: [*OURS, "--db", str(db), "search", "--from", "2020-01-01", "--to",
                                       "2020-12-31", "--limit", "0"],
                              lambda: [*FLOOR, "range", str(db), "2020-01-01", "2020-12-31"]),
        # Every match of a common word (more than 10,000: newest first), as its floor prints it.
        "search team --limit 0": (lambda: [*OURS, "--db", str(db), "search", "team", "--limit", "0"],
                                  lambda: [*FLOOR, "search", str(db), "team"]),
    }
    if (corpus / "jrnl.json").exists():
        source = str(corpus / "jrnl.json")
        found["import jrnl JSON"] = (lambda: [*OURS, "--db", str(fresh_copy("import-ours.db")), "import", source],
                                     lambda: [*FLOOR, "import", str(fresh_copy("import-floor.db")), source])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="Names (or the start of names) of the cases to run.")
    args = parser.parse_args()
    compile_bytecode()  # as installed: not our modules compiled from source on every start
    lines = [f"| command ({args.corpus}) | journal | peak RSS | floor | peak RSS | journal / floor | target |",
             "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="commands-", dir="/tmp") as tmp:
        found = cases(args.corpus, Path(tmp))
        empty_write: Sample | None = None
        corpus_write: Sample | None = None
        for name, (ours, floor) in found.items():
            if args.only and not any(name.startswith(o) for o in args.only):
                continue
            a, b = Sample(), Sample()
            run_once(ours(), allowed=(0, 1)), run_once(floor())  # warm-up (ours: 1 says "found something")
            for _ in range(args.runs):
                a.add(*run_once(ours(), allowed=(0, 1)))
                b.add(*run_once(floor()))
            ratio = a.median / b.median
            target = "≤ 4× (bare open + insert)" if name.startswith("write") else f"≤ {TARGET}×"
            mark = "" if ratio <= (4 if name.startswith("write") else TARGET) else " ✗"
            lines.append(f"| {name} | {a.cell()} | {a.mem()} | {b.cell()} | {b.mem()} | {ratio:.2f}×{mark} | {target} |")
            if name == "write (empty journal)":
                empty_write = a
            print(lines[-1], file=sys.stderr)
            if name == "write (this corpus)":
                corpus_write = a
        if empty_write is not None and corpus_write is not None:
            lines += ["", f"- write at this corpus / at an empty journal: "
                          f"{corpus_write.median / empty_write.median:.2f}× (target ≤ 1.5×)"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()

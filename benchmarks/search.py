"""`journal search` against its floor, at the corpus given on the command line.

    python benchmarks/search.py /work/corpus-full/journal.db          # 5 runs each
    python benchmarks/search.py CORPUS --runs 3 --queries a team

The floor is a bare python + sqlite3 process that runs the same SQL (the page's
one statement, and the bounded count for a page) and prints the same lines,
cutting the same snippets. The corpus is copied first (it is read-only, and an
older file is upgraded on the first run). Whole-process wall time, median of
RUNS after one warm-up, ours and the floor alternating; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
from run import compile_bytecode, run_once  # noqa: E402

from journal.store import search as searching  # noqa: E402
from journal.store.fts import query_words  # noqa: E402

PY = sys.executable

FLOOR = r'''
import json, re, sqlite3, sys
spec = json.load(open(sys.argv[1]))
conn = sqlite3.connect(f"file:{spec['db']}?mode=ro", uri=True)
pattern = re.compile(spec["pattern"], re.IGNORECASE) if spec["pattern"] else None
controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
def visible(t):
    return controls.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20
                        else ("\u2421" if ord(m.group()) == 0x7F else "\ufffd"), t)
def cut(text):
    found = pattern.search(text)
    start = max(0, found.start() - 40) if found else 0
    if start:
        start = text.find(" ", start, found.start() if found else None) + 1 or start
    window = text[start:start + 120]
    if start + 120 < len(text):
        window = window.rsplit(" ", 1)[0] + "…"
    return pattern.sub(lambda m: "\x02" + m.group(0) + "\x03", ("…" if start else "") + window)
def clean(s):
    s = " ".join(s.split())
    for junk, sep in (('", "', " · "), ('["', ""), ('"]', ""), ("[]", "")):
        s = s.replace(junk, sep)
    return re.sub(r"(?:\s*·\s*)+", " · ", s.replace('\\"', '"')).strip(" ·")
lines, n = [], 0
for kind, key, day, score, title, document in conn.execute(spec["sql"], spec["params"]):
    if kind == "reflection":
        title = next((l.strip().lstrip("#").strip() for l in (title or "").splitlines() if l.strip()), "") or "Reflection"
        if len(title) > 70:
            title = title[:69].rsplit(" ", 1)[0] + "…"
    snippet = clean(cut(document or "") if pattern else (document or ""))
    lines.append(f"{day}  {kind:<12}  {visible(title or '')}")
    lines.append("            " + visible(snippet.replace("\x02", "").replace("\x03", "")))
    n += 1
    if len(lines) >= 2000:
        sys.stdout.write("\n".join(lines) + "\n"); lines.clear()
if lines:
    sys.stdout.write("\n".join(lines) + "\n")
if spec["count_sql"]:
    total = conn.execute(spec["count_sql"], spec["count_params"]).fetchone()[0]
    print(f"{n} of {total} matches", file=sys.stderr)
'''


def rare_word(db: Path) -> str:
    """A word in a handful of records, and no longer word starting with it (the last
    word of a search is also a prefix). fts5vocab in the temp schema: nothing written."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'breakthroughs_fts', 'row')")
    for (term,) in conn.execute("SELECT term FROM temp.vocab WHERE doc BETWEEN 3 AND 20 AND length(term) > 4 "
                                "AND term NOT GLOB '*[0-9]*' LIMIT 200").fetchall():
        if 1 <= searching.count(conn, searching.SearchFilter(text=term), cap=101) <= 100:
            conn.close()
            return term
    conn.close()
    return "zebra"


def floor_spec(db: Path, text: str, limit: int, folder: Path) -> Path:
    flt = searching.SearchFilter(text=text)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    order, _ = searching.listing_order(conn, flt, "best")  # the rule: more than 10,000 are listed newest first
    conn.close()
    sql, params = searching.page_sql(flt, order, limit if limit else -1)
    counted = searching.count_sql(flt, cap=max(searching.COUNT_CAP, limit + 1)) if limit else None
    pattern = searching.word_pattern(tuple(query_words(text)))
    spec = {"db": str(db), "sql": sql, "params": params, "pattern": pattern.pattern if pattern else None,
            "count_sql": counted[0] if counted else None, "count_params": counted[1] if counted else None}
    path = folder / f"spec-{abs(hash((text, limit)))}.json"
    path.write_text(json.dumps(spec))
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", nargs="+", default=None, help="default: a, an, team, a rare word")
    args = parser.parse_args()
    compile_bytecode()  # as installed: not our modules compiled from source on every start
    folder = Path(tempfile.mkdtemp(prefix="journal-bench-search-"))
    try:
        db = folder / "journal.db"
        shutil.copyfile(args.corpus, db)
        env = {**os.environ, "NO_COLOR": "1"}
        journal = [PY, "-m", "journal", "--db", str(db), "search"]
        run_once([*journal, "x"], env)  # upgrades an older file once, outside the timings
        queries = args.queries or ["a", "an", "team", rare_word(db)]
        floor_script = folder / "floor.py"
        floor_script.write_text(FLOOR)
        rows = []
        for text in queries:
            for limit in (20, 0):
                spec = floor_spec(db, text, limit, folder)
                ours_cmd = [*journal, text, "--limit", str(limit)]
                floor_cmd = [PY, str(floor_script), str(spec)]
                ours_out = subprocess.run(ours_cmd, env=env, capture_output=True, text=True).stdout
                floor_out = subprocess.run(floor_cmd, env=env, capture_output=True, text=True).stdout
                same = "" if ours_out == floor_out else " (output differs!)"
                ours, floor = [], []
                for _ in range(args.runs):
                    ours.append(run_once(ours_cmd, env))
                    floor.append(run_once(floor_cmd, env))
                o = statistics.median(s for s, _ in ours)
                f = statistics.median(s for s, _ in floor)
                mem = statistics.median(kb for _, kb in ours) / 1024
                hits = ours_out.count("\n") // 2
                rows.append(f"| `search {text}` | {'page of 20' if limit else '--limit 0'} | {hits:,} | "
                            f"{f:.3f} s | {o:.3f} s | {o / f:.2f}×{same} | {mem:.0f} MB |")
                print(rows[-1], file=sys.stderr, flush=True)
        print(f"`journal search` against its floor, {args.corpus} (median of {args.runs} runs)\n")
        print("| command | page | lines | floor | journal | ratio | journal peak RSS |")
        print("|---|---|---:|---:|---:|---:|---:|")
        print("\n".join(rows))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

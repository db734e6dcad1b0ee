"""Deterministic corpus of reflections, written straight into a journal file.

    python benchmarks/corpus.py 100000 /tmp/bench-100k.db
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from journal.store import open_journal, write_transaction  # noqa: E402
from journal.store.settings import DEFAULT_PROMPTS  # noqa: E402

WORDS = (
    "team board customer strategy decision breakthrough pricing hiring offsite coaching option "
    "result focus attitude behavior skills trust meeting product roadmap incident review quarter "
    "goal commitment purpose question insight risk benefit market replace extend create choose "
    "listen feedback growth revenue churn partner investor culture clarity priority"
).split()
TAGS = ["team", "strategy", "hiring", "board", "coaching", "product", "customers", "1:1"]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def build(n: int, path: Path, seed: int = 2026, end: date = date(2026, 11, 21)) -> Path:
    """n reflections on n consecutive days ending at `end` (older than ten years when n is large)."""
    rng = random.Random(seed)
    db = open_journal(path)
    prompts = json.dumps(DEFAULT_PROMPTS)
    stamp = "2026-11-21T09:00:00+00:00"

    def rows():
        for i in range(n):
            day = end - timedelta(days=i)
            answers = [paragraph(rng, rng.randint(5, 30)) if rng.random() < 0.4 else "" for _ in DEFAULT_PROMPTS]
            yield {
                "day": day.isoformat(),
                "body": "\n\n".join(paragraph(rng, rng.randint(15, 60)) for _ in range(rng.randint(1, 4))),
                "prompts": prompts,
                "answers": json.dumps(answers),
                "tags": json.dumps(rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.2 else []),
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }

    with write_transaction(db):
        db["reflections"].insert_all(rows(), batch_size=2000)
    db.close()
    return path


def build_breakthroughs(n: int, path: Path, seed: int = 7, end: date = date(2026, 11, 21)) -> Path:
    """n breakthrough events spread over the ten years before `end`."""
    from journal.store.breakthroughs import CHANGE_AREAS

    rng = random.Random(seed)
    db = open_journal(path)
    stamp = "2026-11-21T09:00:00+00:00"

    def rows():
        for _ in range(n):
            day = end - timedelta(days=rng.randrange(3650))
            areas = rng.sample(CHANGE_AREAS, rng.randint(1, 2))
            yield {
                "happened_on": day.isoformat(),
                "title": paragraph(rng, rng.randint(3, 8)).rstrip("."),
                "situation": paragraph(rng, rng.randint(10, 40)),
                "breakthrough": paragraph(rng, rng.randint(10, 50)),
                **{area: int(area in areas) for area in CHANGE_AREAS},
                "role": rng.choice(["caused", "participated"]),
                "result": paragraph(rng, rng.randint(5, 30)),
                "tags": json.dumps(rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.2 else []),
                "talking_point": int(rng.random() < 0.1),
                "created_at": stamp,
                "updated_at": stamp,
                "version": 1,
            }

    with write_transaction(db):
        db["breakthroughs"].insert_all(rows(), batch_size=2000)
    db.close()
    return path


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    build(count, target)
    print(f"{count} reflections written to {target}")

"""A deterministic corpus, written both into our journal and into a jrnl journal.

    python benchmarks/corpus.py N OUT_DIR

N records over ten years: mostly reflections, some breakthroughs and strategy
notes; 50 to 300 words each; about a fifth tagged. OUT_DIR gets journal.db, and
for the same content jrnl/journal.txt with jrnl/config/jrnl/jrnl.yaml (point
XDG_CONFIG_HOME at OUT_DIR/jrnl/config so nothing of the user's is touched).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from journal.store import open_journal, write_transaction  # noqa: E402
from journal.store.breakthroughs import CHANGE_AREAS  # noqa: E402
from journal.store.settings import DEFAULT_PROMPTS  # noqa: E402

END = date(2026, 11, 21)
SEARCH_WORD = "antimatter"  # in about 2% of records
TAGS = ["team", "strategy", "hiring", "board", "coaching", "product", "customers", "pricing"]
TAG_WORD = "hiring"
COMMON = ("the a to of and in that we it is for on was with as I my our this they be at by not "
          "but what all were when there can more if no out so up about into than them time only new "
          "team customer board decision option growth market plan people week review result focus").split()


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    letters = "abcdefghijklmnoprstuvwy"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 10))))
    return sorted(words)


@dataclass
class Item:
    kind: str
    day: date
    minute: int
    title: str
    body: str
    tags: list[str]


def items(n: int, seed: int = 2026):
    """The records, in date order, identical for both journals."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    span = 3650

    def sentence() -> str:
        words = [rng.choice(COMMON) if rng.random() < 0.45 else rng.choice(vocab[: int(rng.paretovariate(1.2) * 40) % len(vocab) + 1])
                 for _ in range(rng.randint(6, 18))]
        return " ".join(words).capitalize() + "."

    days = sorted(END - timedelta(days=rng.randrange(span)) for _ in range(n))
    for day in days:
        roll = rng.random()
        kind = "reflection" if roll < 0.85 else ("breakthrough" if roll < 0.97 else "strategy")
        words_wanted = rng.randint(50, 300)
        sentences = []
        while sum(len(s.split()) for s in sentences) < words_wanted:
            sentences.append(sentence())
        if rng.random() < 0.02:
            sentences[rng.randrange(len(sentences))] += f" The {SEARCH_WORD} option came up."
        tags = rng.sample(TAGS, rng.randint(1, 2)) if rng.random() < 0.2 else []
        title = sentences[0]
        body = " ".join(sentences[1:])
        yield Item(kind, day, rng.randrange(7 * 60, 22 * 60), title, body, tags)


def build(n: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    db = open_journal(out / "journal.db")
    prompts = json.dumps(DEFAULT_PROMPTS)
    jrnl_dir = out / "jrnl"
    (jrnl_dir / "config" / "jrnl").mkdir(parents=True, exist_ok=True)
    days: dict[date, list[str]] = {}
    day_tags: dict[date, list[str]] = {}
    day_stamp: dict[date, str] = {}
    breakthroughs, notes = [], []
    with open(jrnl_dir / "journal.txt", "w", encoding="utf-8") as jrnl_file:
        for item in items(n):
            stamp = datetime.combine(item.day, datetime.min.time()) + timedelta(minutes=item.minute)
            iso = stamp.isoformat() + "+00:00"
            tag_text = " ".join(f"@{t}" for t in item.tags)
            # jrnl: one entry per record, the same words and tags
            jrnl_file.write(f"[{stamp:%Y-%m-%d %I:%M:%S %p}] {item.title}\n{item.body}"
                            + (f" {tag_text}" if tag_text else "") + "\n\n")
            if item.kind == "reflection":
                # several entries on one day make one reflection, a section each (as import does)
                days.setdefault(item.day, []).append(f"**{stamp:%H:%M} · {item.title}**\n\n{item.body}")
                day_tags.setdefault(item.day, [])
                day_tags[item.day] += [t for t in item.tags if t not in day_tags[item.day]]
                day_stamp.setdefault(item.day, iso)
            elif item.kind == "strategy":
                notes.append({"question": item.title, "context": item.body, "tags": json.dumps(item.tags),
                              "created_at": iso, "updated_at": iso})
            else:
                area = CHANGE_AREAS[item.minute % 4]
                breakthroughs.append({"happened_on": item.day.isoformat(), "title": item.title[:120],
                                      "situation": "", "breakthrough": item.body, "result": "",
                                      **{a: int(a == area) for a in CHANGE_AREAS}, "role": "caused",
                                      "tags": json.dumps(item.tags), "talking_point": int(item.minute % 10 == 0),
                                      "created_at": iso, "updated_at": iso, "version": 1})
    reflections = [{"day": day.isoformat(), "body": "\n\n".join(sections), "prompts": prompts,
                    "answers": json.dumps([""] * len(DEFAULT_PROMPTS)), "tags": json.dumps(day_tags[day]),
                    "created_at": day_stamp[day], "updated_at": day_stamp[day], "version": 1}
                   for day, sections in days.items()]
    (jrnl_dir / "config" / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {jrnl_dir / 'journal.txt'}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n")
    with write_transaction(db):
        db["reflections"].insert_all(reflections, batch_size=2000)
        db["breakthroughs"].insert_all(breakthroughs, batch_size=2000)
        db["strategy_notes"].insert_all(notes, batch_size=2000)
    db.close()
    return out


def build_breakthroughs(n: int, path: Path, seed: int = 7, end: date = END) -> Path:
    """n breakthrough events only (for benchmarks/filters.py)."""
    rng = random.Random(seed)
    db = open_journal(path)
    stamp = "2026-11-21T09:00:00+00:00"
    words = _vocabulary(rng, 2000)

    def text(k: int) -> str:
        return " ".join(rng.choice(words) if rng.random() < 0.6 else rng.choice(COMMON) for _ in range(k))

    def rows():
        for _ in range(n):
            day = end - timedelta(days=rng.randrange(3650))
            areas = rng.sample(CHANGE_AREAS, rng.randint(1, 2))
            yield {
                "happened_on": day.isoformat(), "title": text(rng.randint(3, 8)),
                "situation": text(rng.randint(10, 40)),
                "breakthrough": text(rng.randint(10, 50)) + (" pricing" if rng.random() < 0.03 else ""),
                **{area: int(area in areas) for area in CHANGE_AREAS},
                "role": rng.choice(["caused", "participated"]), "result": text(rng.randint(5, 30)),
                "tags": json.dumps(rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.2 else []),
                "talking_point": int(rng.random() < 0.1), "created_at": stamp, "updated_at": stamp, "version": 1,
            }

    with write_transaction(db):
        db["breakthroughs"].insert_all(rows(), batch_size=2000)
    db.close()
    return path


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    build(count, target)
    print(f"{count} records written to {target}/journal.db and {target}/jrnl/journal.txt")

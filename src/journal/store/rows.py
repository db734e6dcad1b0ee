"""What a record's stored values may be: strict checks for what comes in (import),
tolerant reading for what is already in the file (the app, export).

A row may hold anything an older version or another program wrote there.
Reading never fails on it: an odd value becomes a safe one (a bad date None,
a list that is not a list [], a number among texts its text). problems()
names what is odd, in words: import refuses the record, export reports it.
No textual, no sqlite-utils here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # SQLite's whole numbers
_SURROGATE = re.compile("[\ud800-\udfff]")

# -- tolerant reading ------------------------------------------------------------


def text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def day(value: object) -> date | None:
    """A YYYY-MM-DD date, else None (fromisoformat alone also takes 20260101 and 2026-W01-1)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return None


def day_or(value: object, default: date) -> date:
    found = day(value)
    return default if found is None else found


def texts(value: object) -> list[str]:
    """A JSON list of texts (as stored) or a list: anything else is [], an item that is not text its text."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return []
    if not isinstance(value, list):
        return []
    return [v if isinstance(v, str) else text(v) for v in value]


def flag(value: object) -> bool:
    return value == 1  # True == 1 too; 'x', 7 or NULL read as not set


def choice(value: object, allowed: tuple[str, ...], default: str | None) -> str | None:
    return value if value in allowed else default


def whole(value: object, default: int = 0) -> int:
    if type(value) is int:  # not bool, not a float SQLite made of a too-large number
        return value
    return default


def whole_or_none(value: object) -> int | None:
    return value if type(value) is int else None


# -- strict checks -----------------------------------------------------------------
# Each check returns None when the value is fine, else what is wrong with it.

Check = Callable[[object], "str | None"]


def show(value: object) -> str:
    """The value as the user wrote it, short: 'garbage', 5, [1, null]."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        shown = repr(value)
    if isinstance(value, str):
        shown = "'" + shown[1:-1] + "'"
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _is_text(value: object) -> bool:
    return isinstance(value, str) and (value.isascii() or not _SURROGATE.search(value))


def check_text(value: object) -> str | None:
    if value is None or _is_text(value):
        return None
    if isinstance(value, str):
        return "holds an unpaired surrogate (\\ud800-\\udfff), which is not text"
    return "must be text"


def check_texts(value: object) -> str | None:
    if isinstance(value, list) and all(_is_text(v) for v in value):
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "holds an unpaired surrogate (\\ud800-\\udfff), which is not text"
    return "must be a list of texts"


def check_day(value: object) -> str | None:
    return None if day(value) is not None else "is not a date (YYYY-MM-DD)"


def check_optional_day(value: object) -> str | None:
    return None if value is None else check_day(value)


def check_stamp(value: object) -> str | None:
    """A time as the store writes it: 2026-03-14T09:00:00+01:00 (None: now)."""
    if value is None:
        return None
    if isinstance(value, str) and day(value[:10]) is not None:
        try:
            datetime.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "is not a date and time (YYYY-MM-DDTHH:MM:SS+HH:MM)"


def check_whole(value: object) -> str | None:
    if value is None or (type(value) is int and INT64_MIN <= value <= INT64_MAX):
        return None
    if type(value) is int:
        return "is outside the whole numbers SQLite keeps (±9,223,372,036,854,775,807)"
    return "must be a whole number"


def check_count(value: object) -> str | None:
    problem = check_whole(value)
    return problem or (None if value is None or value >= 0 else "must not be negative")


def check_flag(value: object) -> str | None:
    return None if value is None or value is True or value is False or (type(value) is int and value in (0, 1)) \
        else "must be 0 or 1 (or true or false)"


def one_of(allowed: tuple[str, ...], optional: bool = True) -> Check:
    def check(value: object) -> str | None:
        if (value is None and optional) or (isinstance(value, str) and value in allowed):
            return None
        return "must be " + " or ".join(allowed)

    return check


def field_problems(row: Mapping, checks: Mapping[str, Check], required: tuple[str, ...] = ()) -> list[str]:
    """'name VALUE what is wrong' for each field that fails its check."""
    found = []
    for name, check in checks.items():
        if name not in row or row[name] is None:
            if name in required:
                found.append(f"{name} is missing")
            continue
        problem = check(row[name])
        if problem:
            found.append(f"{name} {show(row[name])} {problem}")
    return found


# -- each kind's rows ------------------------------------------------------------------
# Imports hand these a record as our JSON export writes it (lists decoded);
# export hands them a stored row through records.json_row.


def _kinds():
    from journal.store import breakthroughs as bt
    from journal.store import strategies as st

    return bt, st


COMMON = {"id": check_whole, "created_at": check_stamp, "updated_at": check_stamp, "version": check_count}


def reflection_problems(row: Mapping) -> list[str]:
    found = field_problems(row, {"day": check_day, "body": check_text, "prompts": check_texts,
                                 "answers": check_texts, "tags": check_texts, **COMMON}, required=("day",))
    prompts, answers = row.get("prompts") or [], row.get("answers") or []
    if not found and len(answers) > len(prompts):
        found.append(f"answers has {len(answers)} answers for {len(prompts)} prompts; each answer needs its prompt")
    return found


def breakthrough_problems(row: Mapping) -> list[str]:
    bt, _ = _kinds()
    checks = {"happened_on": check_day, "title": check_text, "situation": check_text, "breakthrough": check_text,
              "result": check_text, "role": one_of(bt.ROLES), "tags": check_texts, "talking_point": check_flag,
              "reflection_day": check_optional_day, "deleted_at": check_stamp, **COMMON,
              **{area: check_flag for area in bt.CHANGE_AREAS}}
    found = field_problems(row, checks, required=("happened_on", "title"))
    if not found:  # the rules the editor applies, in its words
        event = bt.Breakthrough(date.min, title=row["title"], role=row.get("role") or "caused")
        found += [f"{name}: {sentence}" for name, sentence in bt.validate(event).items()]
    return found


def option_problems(option: object) -> list[str]:
    _, st = _kinds()
    if not isinstance(option, Mapping):
        return [f"{show(option)} is not an option (title, kind, predicted_benefit…)"]
    checks = {"title": check_text, "kind": one_of(st.KINDS), "predicted_benefit": check_text, "cost": check_text,
              "risk": check_text, "notes": check_text, "position": check_whole, "chosen": check_flag,
              "id": check_whole, "created_at": check_stamp, "updated_at": check_stamp}
    found = field_problems(option, checks, required=("title",))
    if not found and not option["title"].strip():
        found.append("title: Give the option a name.")
    return found


def strategy_problems(row: Mapping) -> list[str]:
    _, st = _kinds()
    checks = {"question": check_text, "context": check_text, "tags": check_texts, "nudge_dismissed": check_flag,
              "decided_option_id": check_whole, "decision_why": check_text, "decided_on": check_optional_day,
              "review_on": check_optional_day, "reviewed_on": check_optional_day, "realized_benefit": check_text,
              "met_prediction": one_of(st.OUTCOMES), "lesson": check_text, "deleted_at": check_stamp, **COMMON}
    found = field_problems(row, checks, required=("question",))
    options = row.get("options")
    if options is None:
        options = []
    if not isinstance(options, list):
        return found + [f"options {show(options)} must be a list of options"]
    for index, option in enumerate(options):
        found += [f"options, option {index + 1}: {p}" for p in option_problems(option)]
    if found:
        return found
    if not row["question"].strip():
        found.append("question: Write the decision or question this note is about.")
    decided = row.get("decided_option_id")
    chosen = [o for o in options if o.get("chosen")]
    if decided is not None and not any(o.get("id") == decided for o in options):
        found.append(f"decided_option_id {decided} is not one of the note's options")
    if len(chosen) > 1:
        found.append("options: only one option can be the chosen one")
    decided_on, review_on = day(row.get("decided_on")), day(row.get("review_on"))
    if decided_on and review_on and review_on < decided_on:
        found.append(f"review_on {show(row['review_on'])}: The review date comes after the decision "
                     f"({row['decided_on']}).")
    if row.get("reviewed_on") and decided is None and not chosen:
        found.append("reviewed_on: Record the decision before reviewing it.")
    return found


PROBLEMS = {"reflection": reflection_problems, "breakthrough": breakthrough_problems,
            "strategy": strategy_problems}


def problems(kind: str, row: Mapping) -> list[str]:
    """What is wrong with a record's values, a phrase per field; [] when nothing is."""
    return PROBLEMS[kind](row)

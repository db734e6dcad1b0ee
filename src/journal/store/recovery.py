"""Recovery copies: unsaved text kept safe when a save cannot succeed.

When the app must leave (quit, SIGTERM, SIGHUP, a crash) and a save could not
reach the journal (the file is locked, the disk is full, it became
read-only), every unsaved change is written here as JSON: 0600, in a
`recovery` folder (0700) beside the journal, never in /tmp. Each item is one
save as the app would have made it: the record as typed and the base it
started from, so merging it back is an ordinary three-way merge with what
the journal holds by then. The app offers that at the next start;
`journal recover` does it from the shell.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMAT = "journal-recovery"
FOLDER = "recovery"


class RecoveryError(Exception):
    """A sentence for the user."""


# -- records <-> JSON ------------------------------------------------------------


def encode(value: Any) -> Any:
    """Dataclasses, dates, tuples and lists as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(cls: type, data: Any) -> Any:
    """The inverse of encode() for a dataclass `cls`, guided by its field types.
    Raises ValueError naming the field when a value is not of its type (a copy
    edited by hand must not put a number where text belongs)."""
    if not isinstance(data, dict):
        raise ValueError(f"a {cls.__name__.lower()} is not a set of fields")
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            try:
                values[f.name] = _decode_value(hints[f.name], data[f.name])
            except (TypeError, ValueError) as error:
                raise ValueError(f"the field {f.name!r}: {error}") from error
    return cls(**values)


def _decode_value(hint: Any, value: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise ValueError(f"{value!r} cannot be read")
        return _decode_value(options[0], value)
    if hint is date:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date")
        return date.fromisoformat(value)
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise ValueError(f"{value!r} is not a list")
        inner = args[0] if args else Any
        items = [_decode_value(inner, v) for v in value]
        return tuple(items) if origin is tuple else items
    if dataclasses.is_dataclass(hint):
        return decode(hint, value)  # type: ignore[arg-type]
    if hint in (str, int, bool) and (type(value) is not hint):
        raise ValueError(f"{value!r} is not {'text' if hint is str else 'a ' + hint.__name__}")
    return value


# -- the kinds of save a copy can hold ---------------------------------------------


def _reflection(db: Database, item: dict) -> object:
    from journal.store import reflections
    from journal.store.revision import Base

    return reflections.save_merging(db, decode(reflections.Reflection, item["record"]),
                                    Base(decode(reflections.Reflection, item["base"])))


def _breakthrough(db: Database, item: dict) -> object:
    from journal.store import breakthroughs as bt
    from journal.store.revision import Base

    return bt.save_merging(db, decode(bt.Breakthrough, item["record"]), Base(decode(bt.Breakthrough, item["base"])),
                           final=True)


def _strategy_note(db: Database, item: dict) -> object:
    from journal.store import strategies as st
    from journal.store.revision import Base

    return st.save_note_merging(db, decode(st.StrategyNote, item["record"]),
                                Base(decode(st.StrategyNote, item["base"])))


def _option(db: Database, item: dict) -> object:
    from journal.store import strategies as st

    return st.save_option_merging(db, decode(st.Option, item["record"]), decode(st.Option, item["base"]))


# Each call's arguments, as the store function takes them (checked before it runs).
CALL_ARGS: dict[str, tuple[type, ...]] = {
    "decide": (int, int, str, date, date),  # note, option, why, decided on, review on
    "review": (int, str, str, str, date),  # note, realized benefit, met?, lesson, reviewed on
    "set_prompts": (list,),
}


def _call(db: Database, item: dict) -> object:
    """A save that is one store call with plain arguments (a decision, a review, prompts)."""
    from journal.store import settings
    from journal.store import strategies as st

    calls: dict[str, Callable[..., object]] = {"decide": st.decide, "review": st.review,
                                               "set_prompts": settings.set_prompts}
    name, raw = item.get("call"), item.get("args")
    if name not in calls or not isinstance(raw, list) or len(raw) != len(CALL_ARGS[name]):
        raise ValueError(f"the change {name!r} is not one this journal knows")
    args = [date.fromisoformat(a["date"]) if isinstance(a, dict) and set(a) == {"date"} else a for a in raw]
    for value, kind in zip(args, CALL_ARGS[name]):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ValueError(f"{value!r} is not a {kind.__name__}")
    if name == "set_prompts" and not all(isinstance(p, str) for p in args[0]):
        raise ValueError("the prompts are not all text")
    return calls[name](db, *args)


APPLY: dict[str, Callable[[Database, dict], object]] = {
    "reflection": _reflection, "breakthrough": _breakthrough, "strategy_note": _strategy_note,
    "option": _option, "call": _call,
}


def record_item(kind: str, label: str, record: object, base: object) -> dict:
    return {"kind": kind, "label": label, "record": encode(record), "base": encode(base)}


def call_item(call: str, label: str, *args: object) -> dict:
    return {"kind": "call", "label": label, "call": call,
            "args": [{"date": a.isoformat()} if isinstance(a, date) else a for a in args]}


# -- copies on disk --------------------------------------------------------------


@dataclass(frozen=True)
class Copy:
    path: Path
    saved_at: str
    reason: str
    items: list[dict]
    broken: str = ""  # why the file cannot be read (it is listed, never skipped silently)

    @property
    def labels(self) -> list[str]:
        return [str(item.get("label", "a change")) if isinstance(item, dict) else "a change" for item in self.items]


def folder_for(journal: Path) -> Path:
    return journal.parent / FOLDER


def write_copy(journal: Path, items: list[dict], reason: str) -> Path:
    """Keep `items` in a new recovery copy beside the journal (or, if that folder
    cannot be written, in the user's data folder). Raises RecoveryError."""
    from journal.files import ExportError, write_private_text
    from journal.paths import data_dir

    now = datetime.now().astimezone()
    text = json.dumps({"format": FORMAT, "journal": str(journal.resolve()), "saved_at": now.isoformat(timespec="seconds"),
                       "reason": reason, "items": items}, ensure_ascii=False, indent=1)
    name = f"{journal.stem}-{now:%Y%m%d-%H%M%S}-{os.getpid()}.json"
    problems = []
    for folder in dict.fromkeys([folder_for(journal), data_dir() / FOLDER]):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_private_text(folder / name, text)
            return folder / name
        except (OSError, ExportError) as error:
            problems.append(f"{folder}: {getattr(error, 'strerror', None) or error}")
    raise RecoveryError("No recovery copy could be written (" + "; ".join(problems) + ").")


def list_copies(journal: Path) -> list[Copy]:
    """This journal's recovery copies, oldest first (unreadable files are skipped)."""
    from journal.paths import data_dir

    found = []
    target = str(journal.resolve())
    beside = folder_for(journal)
    for folder in dict.fromkeys([beside, data_dir() / FOLDER]):
        try:
            paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
        except OSError:  # a folder we may not read is not ours to list
            continue
        for path in paths:
            # Beside the journal, a copy named for it is its copy even if the folder moved.
            ours = folder == beside and path.name.startswith(f"{journal.stem}-")
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                if ours:
                    found.append(Copy(path, "", "", [], broken=f"it cannot be read ({error})"))
                continue
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                continue
            if data.get("journal") != target and not ours:
                continue
            items = data.get("items")
            found.append(Copy(path, str(data.get("saved_at", "")), str(data.get("reason", "")),
                              items if isinstance(items, list) else [],
                              "" if isinstance(items, list) else "its list of changes is missing"))
    return sorted(found, key=lambda c: c.saved_at)


def apply_copy(db: Database, copy: Copy) -> list[str]:
    """Merge every item back through the ordinary merging saves, then remove the
    copy. Returns what was merged ([] if it was merged back already, by another
    window or `journal recover`). A failure leaves the copy in place and the
    journal as it was, and raises RecoveryError with a sentence."""
    import hashlib

    from journal.store.db import now_iso, write_transaction
    from journal.store.failures import JournalError

    if copy.broken:
        raise RecoveryError(f"{copy.path} {copy.broken}; it was left as it is. Open it in an editor to "
                            "copy your text out, or fix it, then run journal recover --apply again.")
    try:
        key = hashlib.sha256(copy.path.read_bytes()).hexdigest()
    except OSError:
        return []  # merged back and removed meanwhile
    merged: list[str] = []
    with write_transaction(db):
        # Remembered in the journal itself, in the same transaction: merged back once.
        if db.execute("SELECT 1 FROM imports WHERE source = 'recovery' AND source_key = ?", [key]).fetchone():
            merged = []
        else:
            for index, item in enumerate(copy.items):
                apply = APPLY.get(str(item.get("kind"))) if isinstance(item, dict) else None
                if apply is None:
                    raise RecoveryError(f"{copy.path.name}, change {index + 1}: not a change this journal knows; "
                                        "nothing was merged back and the copy was left as it is.")
                try:
                    apply(db, item)
                except (JournalError, sqlite3.Error):
                    raise
                except Exception as error:
                    raise RecoveryError(f"{copy.path.name}, change {index + 1} ({item.get('label', '')}): "
                                        f"{error}. Nothing was merged back and the copy was left as it is.") from error
            db.execute("INSERT INTO imports (source, source_key, kind, record_key, imported_at) "
                       "VALUES ('recovery', ?, 'recovery', ?, ?)", [key, copy.path.name, now_iso()])
            merged = copy.labels
    copy.path.unlink(missing_ok=True)
    return merged


def discard_copy(copy: Copy) -> None:
    copy.path.unlink(missing_ok=True)

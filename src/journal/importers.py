"""Bring records in: our JSON export, jrnl's and Day One's JSON exports, and a
folder of Markdown files (our --split output or an Obsidian daily-notes folder).

Reading builds a plan without touching the journal; applying it is one
transaction. An entry already imported (the `imports` table) is skipped, so
importing the same file twice adds nothing. No textual here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from sqlite_utils import Database

from journal.export import JSON_FORMAT, JSON_VERSION
from journal.store import breakthroughs as bt
from journal.store import reflections as rf
from journal.store import settings as settings_store
from journal.store import strategies as st
from journal.store.db import now_iso, write_transaction
from journal.store.tags import parse_tags

MAX_JSON_BYTES = 512 * 1024 * 1024
DAILY_NOTE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ _-].*)?\.md$", re.IGNORECASE)


class ImportProblem(ValueError):
    """The file cannot be imported; str() names the file (and entry) and says why."""


@dataclass
class Section:
    """One source entry that becomes part of a day's reflection."""

    key: str
    day: date
    heading: str
    text: str
    tags: list[str]


@dataclass
class Plan:
    source: str  # journal-json | jrnl | dayone | markdown
    path: Path
    sections: list[Section] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # our own JSON/Markdown records, kind in row["kind"]
    settings: dict = field(default_factory=dict)
    # filled in by resolve()
    new_days: set[date] = field(default_factory=set)
    merged_days: set[date] = field(default_factory=set)
    new_records: dict[str, int] = field(default_factory=lambda: {"reflection": 0, "breakthrough": 0, "strategy": 0})
    already: int = 0

    def summary(self, dry_run: bool) -> str:
        verb = "Would add" if dry_run else "Added"
        parts = []
        reflections = len(self.new_days) + self.new_records["reflection"]
        if reflections:
            parts.append(f"{reflections} reflection{'s' if reflections != 1 else ''}")
        if self.merged_days:
            parts.append(f"text to {len(self.merged_days)} existing reflection{'s' if len(self.merged_days) != 1 else ''}")
        for kind, noun in (("breakthrough", "breakthrough"), ("strategy", "strategy note")):
            if self.new_records[kind]:
                parts.append(f"{self.new_records[kind]} {noun}{'s' if self.new_records[kind] != 1 else ''}")
        text = f"{verb} {', '.join(parts)}" if parts else ("Nothing new to add" if not dry_run else "Would add nothing")
        text += f" from {self.path.name} ({self.source})."
        if self.already:
            text += f" {self.already} entr{'ies were' if self.already != 1 else 'y was'} already imported."
        return text


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


# -- reading -----------------------------------------------------------------

def read(path: Path) -> Plan:
    """Work out what the file or folder holds. Raises ImportProblem."""
    if not path.exists():
        raise ImportProblem(f"{path} does not exist.")
    if path.is_dir():
        return _read_markdown_folder(path)
    if path.suffix.lower() == ".md":
        return _read_markdown_files(path.parent, [path])
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ImportProblem(f"{path.name} is larger than 512 MB; split it first.")
        raw = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"Cannot read {path}: {error.strerror}.") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(f"{path.name} is not a text file (byte {error.start} is not UTF-8); "
                            "import a JSON export or a folder of Markdown files.") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: "
                            f"{error.msg}). Is the file complete?") from error
    if isinstance(data, dict) and data.get("format") == JSON_FORMAT:
        return _read_own_json(path, data)
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        entries = data["entries"]
        if "metadata" in data or any(isinstance(e, dict) and "creationDate" in e for e in entries):
            return _read_dayone(path, entries)
        return _read_jrnl(path, entries)
    raise ImportProblem(f"{path.name} is JSON, but not an export we know: expected jrnl's or Day One's "
                        "(an object with \"entries\") or journal's own (\"format\": \"journal-export\").")


def _entry_problem(path: Path, index: int, entry: object, message: str) -> ImportProblem:
    title = entry.get("title") if isinstance(entry, dict) else None
    label = f"entry {index + 1}" + (f" ('{str(title)[:40]}')" if title else "")
    return ImportProblem(f"{path.name}, {label}: {message}")


def _clean_tags(tags: object) -> list[str]:
    if not isinstance(tags, list):
        return []
    return parse_tags(" ".join(str(t).lstrip("@#") for t in tags))


def _read_jrnl(path: Path, entries: list) -> Plan:
    plan = Plan("jrnl", path)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _entry_problem(path, index, entry, "is not an object with title, body, date and time.")
        try:
            day = date.fromisoformat(str(entry.get("date", "")))
        except ValueError as error:
            raise _entry_problem(path, index, entry, f"the date '{entry.get('date')}' is not YYYY-MM-DD.") from error
        time = str(entry.get("time", "") or "")
        if time and not re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", time):
            raise _entry_problem(path, index, entry, f"the time '{time}' is not HH:MM.")
        title = str(entry.get("title", "") or "").strip()
        body = str(entry.get("body", "") or "").strip()
        tags = _clean_tags(entry.get("tags"))
        if entry.get("starred"):
            tags.append("starred")
        heading = " · ".join(p for p in (time, title) if p)
        plan.sections.append(Section(_key("jrnl", day, time, title, body), day, heading, body, tags))
    return plan


def _read_dayone(path: Path, entries: list) -> Plan:
    plan = Plan("dayone", path)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _entry_problem(path, index, entry, "is not an object with uuid, creationDate and text.")
        created = str(entry.get("creationDate", ""))
        try:
            moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError as error:
            raise _entry_problem(path, index, entry, f"creationDate '{created}' is not an ISO date and time.") from error
        zone = entry.get("timeZone")
        if zone:
            try:
                moment = moment.astimezone(ZoneInfo(str(zone)))
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise _entry_problem(path, index, entry, f"the time zone '{zone}' is unknown.") from error
        text = str(entry.get("text", "") or "").strip()
        tags = _clean_tags(entry.get("tags"))
        if entry.get("starred"):
            tags.append("starred")
        uuid = str(entry.get("uuid") or _key(created, text))
        plan.sections.append(Section(_key("dayone", uuid), moment.date(), moment.strftime("%H:%M"), text, tags))
    return plan


def _read_own_json(path: Path, data: dict) -> Plan:
    version = data.get("version")
    if not isinstance(version, int) or version > JSON_VERSION:
        raise ImportProblem(f"{path.name} was exported by a newer version of journal (format version {version}); "
                            "upgrade journal to import it.")
    records = data.get("records")
    if not isinstance(records, list):
        raise ImportProblem(f"{path.name}: \"records\" is missing or not a list.")
    plan = Plan("journal-json", path, settings=data.get("settings") or {})
    for index, record in enumerate(records):
        if not isinstance(record, dict) or record.get("kind") not in ("reflection", "breakthrough", "strategy"):
            raise _entry_problem(path, index, record, "has no known kind (reflection, breakthrough or strategy).")
        try:
            _check_row(record)
        except (KeyError, ValueError, TypeError) as error:
            raise _entry_problem(path, index, record, f"is incomplete or malformed ({error}).") from error
        plan.rows.append(record)
    return plan


def _check_row(row: dict) -> None:
    """Enough to be sure applying will not fail half-way."""
    if row["kind"] == "reflection":
        date.fromisoformat(row["day"])
        assert isinstance(row["body"], str) and isinstance(row["answers"], list) and isinstance(row["prompts"], list)
    elif row["kind"] == "breakthrough":
        date.fromisoformat(row["happened_on"])
        if not str(row["title"]).strip():
            raise ValueError("a breakthrough needs a title")
        if row["role"] not in bt.ROLES:
            raise ValueError(f"role '{row['role']}'")
    else:
        if not str(row["question"]).strip():
            raise ValueError("a strategy note needs a question")
        for option in row.get("options", []):
            if option["kind"] not in st.KINDS:
                raise ValueError(f"option kind '{option['kind']}'")
    for key in ("created_at", "updated_at"):
        if key in row and row[key] is not None:
            datetime.fromisoformat(row[key])


def _split_front(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    parts = text.split("\n---", 1)
    if len(parts) < 2:
        return {}, text
    front = yaml.safe_load(parts[0][3:]) or {}
    if not isinstance(front, dict):
        raise ValueError("the frontmatter is not a set of key: value pairs")
    return front, parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""


def _as_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _sections(body: str) -> dict[str, str]:
    """'## Heading' -> text, for our own split files."""
    found: dict[str, str] = {}
    for chunk in re.split(r"^## ", "\n" + body, flags=re.MULTILINE)[1:]:
        heading, _, text = chunk.partition("\n")
        found[heading.strip()] = text.strip()
    return found


def _read_markdown_folder(folder: Path) -> Plan:
    files = sorted(p for p in folder.rglob("*.md") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise ImportProblem(f"{folder} holds no Markdown (.md) files.")
    return _read_markdown_files(folder, files)


def _read_markdown_files(folder: Path, files: list[Path]) -> Plan:
    plan = Plan("markdown", folder if len(files) > 1 else files[0])
    for path in files:
        name = path.relative_to(folder)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportProblem(f"{name} is not UTF-8 text.") from error
        try:
            front, body = _split_front(text)
        except (yaml.YAMLError, ValueError) as error:
            raise ImportProblem(f"{name}: the frontmatter cannot be read ({str(error).splitlines()[0]}).") from error
        kind = front.get("kind")
        try:
            if kind in ("breakthrough", "strategy") or (kind == "reflection" and "prompts" in front):
                plan.rows.append(_row_from_split(kind, front, body))
                continue
            match = DAILY_NOTE.match(path.name)
            day = _as_date(front.get("date")) or (date.fromisoformat(match[1]) if match else None)
        except (ValueError, TypeError, KeyError) as error:
            raise ImportProblem(f"{name}: {error}.") from error
        if day is None:
            raise ImportProblem(f"{name}: cannot tell which day it belongs to; name it YYYY-MM-DD.md "
                                "or give it a 'date:' in its frontmatter.")
        tags = _clean_tags(front.get("tags") if isinstance(front.get("tags"), list) else
                           str(front.get("tags") or "").split())
        plan.sections.append(Section(_key("markdown", name, body), day, "", body.strip(), tags))
    return plan


def _row_from_split(kind: str, front: dict, body: str) -> dict:
    """Our own --split file back into a row (every field Markdown carries)."""
    common = {"kind": kind, "id": front.get("id"), "tags": [str(t) for t in front.get("tags") or []],
              "created_at": front.get("created_at"), "updated_at": front.get("updated_at")}
    if kind == "reflection":
        prompts = [str(p) for p in front.get("prompts") or []]
        text, answers = body.strip(), ["" for _ in prompts]
        marker = "\n## Prompts\n"
        if prompts and (("\n" + text).rfind(marker) >= 0):
            cut = ("\n" + text).rfind(marker)
            head, tail = ("\n" + text)[:cut].strip(), ("\n" + text)[cut + len(marker):]
            found = {h.strip(): t.strip() for h, _, t in
                     (c.partition("\n") for c in re.split(r"^### ", "\n" + tail, flags=re.MULTILINE)[1:])}
            answers = [found.get(p, "") for p in prompts]
            text = head
        return common | {"day": _as_date(front["date"]).isoformat(), "body": text, "prompts": prompts,
                         "answers": answers, "version": 1}
    if kind == "breakthrough":
        parts = _sections(body)
        areas = [a for a in bt.CHANGE_AREAS if a in (front.get("change_areas") or [])]
        reflection_day = _as_date(front.get("reflection_day"))
        return common | {
            "happened_on": _as_date(front["date"]).isoformat(), "title": str(front["title"]),
            "situation": parts.get("Situation", ""), "breakthrough": parts.get("Breakthrough", ""),
            "result": parts.get("Result", ""), **{a: int(a in areas) for a in bt.CHANGE_AREAS},
            "role": front.get("role") or "caused", "talking_point": int(bool(front.get("talking_point"))),
            "reflection_day": reflection_day.isoformat() if reflection_day else None, "version": 1,
            "deleted_at": None,
        }
    options = []
    for position, option in enumerate(front.get("options") or []):
        options.append({"title": str(option["title"]), "kind": option.get("kind", "incremental"),
                        "predicted_benefit": option.get("predicted_benefit") or "", "cost": option.get("cost") or "",
                        "risk": option.get("risk") or "", "notes": option.get("notes") or "",
                        "position": position, "chosen": bool(option.get("chosen"))})
    dates = {k: (_as_date(front.get(k)).isoformat() if front.get(k) else None)
             for k in ("decided_on", "review_on", "reviewed_on")}
    return common | dates | {
        "question": str(front["question"]), "context": _context_from(body),
        "options": options, "decision_why": front.get("decision_why") or "",
        "realized_benefit": front.get("realized_benefit") or "", "met_prediction": front.get("met_prediction"),
        "lesson": front.get("lesson") or "", "nudge_dismissed": int(bool(front.get("nudge_dismissed"))),
        "version": 1, "deleted_at": None,
    }


def _context_from(body: str) -> str:
    """The context paragraph(s) of a rendered note: after the status line, before the options."""
    lines = body.strip().split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    text = "\n".join(lines).strip()
    blocks = text.split("\n\n")
    blocks = blocks[1:]  # the status line
    context = []
    for block in blocks:
        if block.startswith("|") or block.startswith("- ") or block.startswith("*No options") or block.startswith("##"):
            break
        context.append(block)
    return "\n\n".join(context)


# -- planning against the journal, and applying ------------------------------

def resolve(db: Database, plan: Plan) -> Plan:
    """Count what is new and what was already imported (reads only)."""
    seen = {r[0] for r in db.execute("SELECT source_key FROM imports WHERE source = ?", [plan.source])}
    fresh = []
    for section in plan.sections:
        if section.key in seen:
            plan.already += 1
            continue
        seen.add(section.key)
        fresh.append(section)
        if rf.get(db, section.day) is None and section.day not in plan.merged_days:
            plan.new_days.add(section.day)
        elif section.day not in plan.new_days:
            plan.merged_days.add(section.day)
    plan.sections = fresh
    rows = []
    for row in plan.rows:
        if _row_present(db, row):
            plan.already += 1
            continue
        rows.append(row)
        plan.new_records[row["kind"]] += 1
    plan.rows = rows
    return plan


def _json_list(value: object) -> str:
    return json.dumps(value if isinstance(value, list) else json.loads(value or "[]"), ensure_ascii=False)


def _row_present(db: Database, row: dict) -> bool:
    """The same record is already in the journal (same id or day, same content)."""
    if row["kind"] == "reflection":
        existing = rf.get(db, date.fromisoformat(row["day"]))
        return existing is not None and (existing.body, list(existing.answers), list(existing.tags)) == (
            row["body"], list(row["answers"]), list(row["tags"]))
    if row["kind"] == "breakthrough":
        existing = db.execute("SELECT title, happened_on, breakthrough, result FROM breakthroughs WHERE id = ?",
                              [row.get("id")]).fetchone()
        return existing is not None and tuple(existing) == (row["title"], row["happened_on"], row["breakthrough"],
                                                             row["result"])
    existing = db.execute("SELECT question, context FROM strategy_notes WHERE id = ?", [row.get("id")]).fetchone()
    return existing is not None and tuple(existing) == (row["question"], row["context"])


def apply(db: Database, plan: Plan) -> None:
    """Write the plan in one transaction: all of it, or nothing."""
    stamp = now_iso()
    with write_transaction(db):
        if plan.settings.get("prompts") and db.execute("SELECT 1 FROM settings WHERE key = 'prompts'").fetchone() is None \
                and db["reflections"].count == 0:
            settings_store.set_prompts(db, [str(p) for p in plan.settings["prompts"]])
        by_day: dict[date, list[Section]] = {}
        for section in plan.sections:
            by_day.setdefault(section.day, []).append(section)
        for day, sections in by_day.items():
            _merge_sections(db, day, sections, plan)
            for section in sections:
                db["imports"].insert({"source": plan.source, "source_key": section.key, "kind": "reflection",
                                      "record_key": day.isoformat(), "imported_at": stamp})
        for row in plan.rows:
            _insert_row(db, row)


def _merge_sections(db: Database, day: date, sections: list[Section], plan: Plan) -> None:
    current = rf.load(db, day)
    several = len(sections) > 1 or current.id is not None or plan.source in ("jrnl", "dayone")
    parts = []
    for section in sections:
        if several and section.heading:
            # bold, not a heading: it sits inside the day's own structure
            parts.append(f"**{section.heading}**\n\n{section.text}".strip())
        else:
            parts.append(section.text)
    addition = "\n\n".join(p for p in parts if p.strip())
    body = current.body.rstrip()
    body = f"{body}\n\n{addition}" if body and addition else (body or addition)
    tags = list(current.tags)
    for section in sections:
        for tag in section.tags:
            if tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag)
    rf.save(db, replace(current, body=body, tags=tags))


def _insert_row(db: Database, row: dict) -> None:
    row = dict(row)
    kind = row.pop("kind")
    stamp = now_iso()
    row["created_at"] = row.get("created_at") or stamp
    row["updated_at"] = row.get("updated_at") or stamp
    if kind == "reflection":
        day = date.fromisoformat(row["day"])
        if rf.get(db, day) is not None:  # a different text for that day: keep both
            _merge_sections(db, day, [Section("", day, "Imported", row["body"], list(row["tags"]))],
                            Plan("journal-json", Path("")))
            return
        record = {k: row.get(k) for k in ("id", "day", "body", "created_at", "updated_at", "version")}
        record |= {"prompts": _json_list(row["prompts"]), "answers": _json_list(row["answers"]),
                   "tags": _json_list(row["tags"]), "version": row.get("version") or 1}
        if record["id"] is None or db.execute("SELECT 1 FROM reflections WHERE id = ?", [record["id"]]).fetchone():
            record.pop("id")
        db["reflections"].insert(record)
    elif kind == "breakthrough":
        columns = ["id", "happened_on", "title", "situation", "breakthrough", *bt.CHANGE_AREAS, "role", "result",
                   "talking_point", "reflection_day", "created_at", "updated_at", "version", "deleted_at"]
        record = {k: row.get(k) for k in columns} | {"tags": _json_list(row["tags"])}
        record["version"] = record["version"] or 1
        for area in bt.CHANGE_AREAS:
            record[area] = int(record[area] or 0)
        record["talking_point"] = int(record["talking_point"] or 0)
        if record["id"] is None or db.execute("SELECT 1 FROM breakthroughs WHERE id = ?", [record["id"]]).fetchone():
            record.pop("id")
        db["breakthroughs"].insert(record)
    else:
        options = row.pop("options", [])
        columns = ["id", "question", "context", "nudge_dismissed", "decision_why", "decided_on", "review_on",
                   "reviewed_on", "realized_benefit", "met_prediction", "lesson", "created_at", "updated_at",
                   "version", "deleted_at"]
        record = {k: row.get(k) for k in columns} | {"tags": _json_list(row["tags"])}
        for key, default in (("context", ""), ("decision_why", ""), ("realized_benefit", ""), ("lesson", ""),
                             ("nudge_dismissed", 0), ("version", 1)):
            record[key] = record[key] if record[key] is not None else default
        if record["id"] is None or db.execute("SELECT 1 FROM strategy_notes WHERE id = ?", [record["id"]]).fetchone():
            record.pop("id")
        note_id = db["strategy_notes"].insert(record).last_pk
        decided = row.get("decided_option_id")
        for position, option in enumerate(options):
            option_row = {k: option.get(k) for k in ("id", "title", "kind", "predicted_benefit", "cost", "risk",
                                                      "notes", "created_at", "updated_at")}
            option_row |= {"note_id": note_id, "position": option.get("position", position),
                           "created_at": option.get("created_at") or stamp,
                           "updated_at": option.get("updated_at") or stamp}
            for key in ("predicted_benefit", "cost", "risk", "notes"):
                option_row[key] = option_row[key] or ""
            if option_row["id"] is None or db.execute("SELECT 1 FROM strategy_options WHERE id = ?",
                                                      [option_row["id"]]).fetchone():
                option_row.pop("id")
            option_id = db["strategy_options"].insert(option_row).last_pk
            if option.get("chosen") or (decided is not None and option.get("id") == decided):
                decided_now = option_id
                db.execute("UPDATE strategy_notes SET decided_option_id = ? WHERE id = ?", [decided_now, note_id])

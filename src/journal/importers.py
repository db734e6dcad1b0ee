"""Bring records in: our JSON export, jrnl's and Day One's JSON exports, and a
folder of Markdown files (our --split output or an Obsidian daily-notes folder).

Reading builds a plan without touching the journal, and checks every field of
every entry by the store's own rules (store/rows.py): one bad entry refuses
the whole import with a sentence naming the file, the entry and the field.
Only regular files are read (a FIFO would wait forever), JSON that nests or
counts beyond reason and YAML aliases are refused (markdown_files).

Applying resolves what is already there and writes the rest in one BEGIN
IMMEDIATE transaction, so two imports of one file at once add it once. An
entry already imported (the `imports` table, or the same record under the
same id) is skipped: importing the same file twice adds nothing. No textual here.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlite_utils import Database

from journal import markdown_files as mf
from journal.export import JSON_FORMAT, JSON_VERSION
from journal.store import breakthroughs as bt
from journal.store import reflections as rf
from journal.store import rows
from journal.store import settings as settings_store
from journal.store import strategies as st
from journal.store.revision import next_stamp
from journal.store.db import now_iso, write_transaction
from journal.store.tags import parse_tags

MAX_FILE_BYTES = 512 * 1024 * 1024
DAILY_NOTE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ _-].*)?\.md$", re.IGNORECASE)
RECORD_SOURCE = "journal"  # the imports-table source of our own records, from JSON or split files
KINDS = ("reflection", "breakthrough", "strategy")


class ImportProblem(ValueError):
    """The file cannot be imported; str() names the file (and entry) and says why."""

    def __str__(self) -> str:
        # A lone surrogate from the file would make printing the sentence fail.
        return super().__str__().encode("utf-8", "backslashreplace").decode("utf-8")


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
    """What a source holds. Its sections and rows may be read as they are consumed
    (a JSON export is parsed an entry at a time), once: apply() checks and writes
    them in batches, so no import holds the whole file."""

    source: str  # journal-json | jrnl | dayone | markdown
    path: Path
    sections: Iterable[Section] = field(default_factory=list)
    rows: Iterable[dict] = field(default_factory=list)  # our own JSON/Markdown records, kind in row["kind"]
    settings: dict = field(default_factory=dict)
    grouped: bool = False  # sections already in order of days (read whole): see _days()
    # counted by apply()
    new_days: int = 0
    merged_days: int = 0
    new_records: dict[str, int] = field(default_factory=lambda: {"reflection": 0, "breakthrough": 0, "strategy": 0})
    already: int = 0

    def summary(self, dry_run: bool) -> str:
        verb = "Would add" if dry_run else "Added"
        parts = []
        reflections = self.new_days + self.new_records["reflection"]
        if reflections:
            parts.append(f"{reflections} reflection{'s' if reflections != 1 else ''}")
        if self.merged_days:
            parts.append(f"text to {self.merged_days} existing reflection{'s' if self.merged_days != 1 else ''}")
        for kind, noun in (("breakthrough", "breakthrough"), ("strategy", "strategy note")):
            if self.new_records[kind]:
                parts.append(f"{self.new_records[kind]} {noun}{'s' if self.new_records[kind] != 1 else ''}")
        text = f"{verb} {', '.join(parts)}" if parts else ("Nothing new to add" if not dry_run else "Would add nothing")
        text += f" from {self.path.name} ({self.source})."
        if self.already:
            text += f" {self.already} entr{'ies were' if self.already != 1 else 'y was'} already imported."
        return text


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


# -- reading files ---------------------------------------------------------------

def _open_regular(path: Path, name: object):
    """The file open for reading in binary: regular files only (checked on the open
    file, which O_NONBLOCK keeps a FIFO from blocking)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise ImportProblem(f"Cannot read {name}: {error.strerror}.") from error
    handle = open(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        handle.close()
        raise ImportProblem(f"{name} is not a regular file (a pipe, a device or a socket); import a file "
                            "or a folder of Markdown files.")
    return handle


def _read_text(path: Path, name: object, markdown: bool) -> str:
    """The file's text: regular files only, up to 512 MB (read whole: a JSON export
    is streamed instead, whatever its size), UTF-8."""
    with _open_regular(path, name) as handle:
        info = os.fstat(handle.fileno())
        if info.st_size > MAX_FILE_BYTES:
            raise ImportProblem(f"{name} is larger than 512 MB; split it first.")
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise ImportProblem(f"Cannot read {name}: {error.strerror}.") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if markdown:
            raise ImportProblem(f"{name} is not UTF-8 text (byte {error.start}).") from error
        raise ImportProblem(f"{name} is not a text file (byte {error.start} is not UTF-8); "
                            "import a JSON export or a folder of Markdown files.") from error


_JRNL_TEXT = re.compile(r"^\[\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}", re.MULTILINE)


def _load_json(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        start = text.lstrip()[:1]
        if _JRNL_TEXT.search(text[:4096]):
            raise ImportProblem(f"{name} looks like a jrnl journal in its own text format, which journal does not "
                                "read yet. Export it from jrnl first: jrnl --export json > jrnl.json, then import "
                                "jrnl.json.") from error
        if start not in ("{", "["):
            raise ImportProblem(f"{name} is not a JSON export (it does not start with {{ or [). Import a JSON export "
                                "(journal's, jrnl's or Day One's) or a folder of Markdown files.") from error
        raise ImportProblem(f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
                            f"{error.msg}). Is the file complete?") from error
    except RecursionError as error:
        raise ImportProblem(f"{name} is nested too deeply (lists or objects inside each other thousands of "
                            "times); it is not an export.") from error
    except ValueError as error:  # Python refuses integers over 4,300 digits
        raise ImportProblem(f"{name} holds a number with more than 4,300 digits; it is not an export.") from error


def read(path: Path) -> Plan:
    """Work out what the file or folder holds. Each entry is checked as it is read
    (by apply(), for a JSON export read as a stream): ImportProblem names the first
    bad one, here or from apply()."""
    plan = _read(path)
    plan.sections = (s for s in plan.sections if _has_text(s))
    return plan


def _has_text(section: Section) -> bool:
    # An entry without text (a photo only) adds nothing to a day: not even a heading.
    # (A jrnl entry can be all title: its heading is its text.)
    return bool(section.text.strip() or re.search(r"[^\W\d_]", section.heading))


def _read(path: Path) -> Plan:
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise ImportProblem(f"{path} does not exist.") from error
    except OSError as error:
        raise ImportProblem(f"Cannot read {path}: {error.strerror}.") from error
    if stat.S_ISDIR(info.st_mode):
        return _read_markdown_folder(path)
    if path.suffix.lower() == ".md":
        return _read_markdown_files(path.parent, [path])
    return _stream_json_export(path) or _read_whole(path)


def _read_whole(path: Path) -> Plan:
    """A JSON file read and parsed whole: the shapes the stream does not take, and
    every broken file (its sentence says where)."""
    text = _read_text(path, path.name, markdown=False)
    if not text.strip():
        raise ImportProblem(f"{path.name} is empty; there is nothing to import.")
    data = _load_json(text, path.name)
    if isinstance(data, dict) and data.get("format") == JSON_FORMAT:
        return _read_own_json(path, data)
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        entries = data["entries"]
        if "metadata" in data or any(isinstance(e, dict) and "creationDate" in e for e in entries):
            return _read_dayone(path, entries)
        return _read_jrnl(path, entries)
    raise ImportProblem(f"{path.name} is JSON, but not an export we know: expected jrnl's or Day One's "
                        "(an object with \"entries\") or journal's own (\"format\": \"journal-export\").")


# -- JSON exports read as a stream -----------------------------------------------

class _Restart(Exception):
    """The stream met what it does not take (another shape, broken JSON, a day
    that comes back): the file is read whole instead, which says what is wrong."""


CHUNK = 1 << 20  # bytes read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*")
_JSON = json.JSONDecoder()


class JsonStream:
    """JSON values read one at a time from a file (json.JSONDecoder.raw_decode over
    a buffer refilled CHUNK bytes at a time): an export of 1,000,000 entries never
    sits in memory whole. Anything unexpected raises _Restart."""

    def __init__(self, handle, chunk: int = CHUNK) -> None:
        self.handle, self.chunk = handle, chunk
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buffer, self.pos, self.ended = "", 0, False

    def _more(self) -> bool:
        """Read on; False at the end of the file."""
        if self.ended:
            return False
        try:
            data = self.handle.read(self.chunk)
            self.ended = not data
            text = self.decoder.decode(data, final=self.ended)
        except (OSError, UnicodeDecodeError) as error:
            raise _Restart from error
        self.buffer, self.pos = self.buffer[self.pos:] + text, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise _Restart
        self.pos += 1

    def value(self) -> object:
        self.peek()
        while True:
            try:
                value, end = _JSON.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self._more():
                    continue  # cut by the buffer's end, most likely
                raise _Restart from error
            except (RecursionError, ValueError) as error:
                raise _Restart from error
            if _NUMBER_GOES_ON.match(self.buffer, end).end() == len(self.buffer) and self._more():
                continue  # what was read may go on in the next chunk: a number ("0" of "0.5")
            self.pos = end
            return value

    def items(self) -> Iterator[object]:
        """The values of the list that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() != ",":
                break
            self.pos += 1
        self.take("]")


# The keys that decide what an export is: met after its list, they could change that.
DECIDING = ("format", "metadata", "entries", "records")


def _stream_json_export(path: Path) -> Plan | None:
    """jrnl's, Day One's or our own JSON export, read an entry at a time: an object
    whose keys before its "entries" (or "records") list say what it is. None for
    anything else (the file is then read whole, as before)."""
    handle = _open_regular(path, path.name)
    stream = JsonStream(handle)
    try:
        head: dict = {}
        stream.take("{")
        while stream.peek() == '"':
            key = stream.value()
            stream.take(":")
            if key in ("entries", "records") and stream.peek() == "[":
                return _plan_from_stream(path, handle, stream, head, str(key))
            head[key] = stream.value()
            if stream.peek() != ",":
                break
            stream.pos += 1
        raise _Restart  # no list of entries: a small or an odd file
    except _Restart:
        handle.close()
        return None
    except BaseException:
        handle.close()
        raise


def _plan_from_stream(path: Path, handle, stream: JsonStream, head: dict, key: str) -> Plan:
    entries = stream.items()
    first = list(islice(entries, 1))
    if key == "records":
        if head.get("format") != JSON_FORMAT:
            raise _Restart
        return _read_own_json(path, head, _finish(handle, stream, first, entries))
    if head.get("format") == JSON_FORMAT:
        raise _Restart
    if "metadata" in head or (first and isinstance(first[0], dict) and "creationDate" in first[0]):
        return _read_dayone(path, _finish(handle, stream, first, entries))
    return _read_jrnl(path, _jrnl_only(_finish(handle, stream, first, entries)))


def _jrnl_only(entries: Iterator[object]) -> Iterator[object]:
    """A Day One entry after the first means the file is Day One's (json.load's rule)."""
    for entry in entries:
        if isinstance(entry, dict) and "creationDate" in entry:
            raise _Restart
        yield entry


def _finish(handle, stream: JsonStream, first: list, entries: Iterator[object]) -> Iterator[object]:
    """The entries, then the rest of the object: what would make json.load read it
    otherwise (a deciding key again, more text after it) restarts the import."""
    try:
        yield from first
        yield from entries
        while stream.peek() == ",":
            stream.pos += 1
            key = stream.value()
            stream.take(":")
            stream.value()
            if key in DECIDING or not isinstance(key, str):
                raise _Restart
        stream.take("}")
        if stream.peek() != "":
            raise _Restart
    finally:
        handle.close()


def _entry_problem(path: Path, index: int, entry: object, message: str) -> ImportProblem:
    title = None
    if isinstance(entry, dict):
        title = next((entry[k] for k in ("title", "question", "day") if isinstance(entry.get(k), str)), None)
    label = f"entry {index + 1}" + (f" ('{mf.one_line(title)[:40]}')" if title and title.strip() else "")
    return ImportProblem(f"{path.name}, {label}: {message}.")


def _check(entry: dict, checks: dict, required: tuple[str, ...] = ()) -> str | None:
    """The first field of `entry` that fails its check, as a phrase."""
    found = rows.field_problems(entry, checks, required)
    return found[0] if found else None


def _clean_tags(tags: object) -> list[str]:
    if not isinstance(tags, list):
        return []
    return parse_tags(" ".join(t.lstrip("@#") for t in tags))


# -- jrnl and Day One ------------------------------------------------------------

JRNL_FIELDS = {"date": rows.check_day, "time": rows.check_text, "title": rows.check_text, "body": rows.check_text,
               "tags": rows.check_texts, "starred": rows.check_flag}


def _read_jrnl(path: Path, entries: Iterable) -> Plan:
    return Plan("jrnl", path, sections=_jrnl_sections(path, entries))


def _jrnl_sections(path: Path, entries: Iterable) -> Iterator[Section]:
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _entry_problem(path, index, entry, "is not an object with title, body, date and time")
        problem = _check(entry, JRNL_FIELDS, required=("date",))
        time = entry.get("time") or ""
        if not problem and time and not re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", time):
            problem = f"the time '{time}' is not HH:MM"
        if problem:
            raise _entry_problem(path, index, entry, problem)
        day = date.fromisoformat(entry["date"])
        title = (entry.get("title") or "").strip()
        body = (entry.get("body") or "").strip()
        tags = _clean_tags(entry.get("tags"))
        if entry.get("starred"):
            tags.append("starred")
        heading = " · ".join(p for p in (time, title) if p)
        yield Section(_key("jrnl", day, time, title, body), day, heading, body, tags)


DAYONE_FIELDS = {"uuid": rows.check_text, "creationDate": rows.check_text, "timeZone": rows.check_text,
                 "text": rows.check_text, "tags": rows.check_texts, "starred": rows.check_flag}


def _read_dayone(path: Path, entries: Iterable) -> Plan:
    return Plan("dayone", path, sections=_dayone_sections(path, entries))


def _dayone_sections(path: Path, entries: Iterable) -> Iterator[Section]:
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _entry_problem(path, index, entry, "is not an object with uuid, creationDate and text")
        problem = _check(entry, DAYONE_FIELDS)
        if problem:
            raise _entry_problem(path, index, entry, problem)
        created = entry.get("creationDate") or ""
        try:
            moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError as error:
            raise _entry_problem(path, index, entry, f"creationDate '{created}' is not an ISO date and time") \
                from error
        zone = entry.get("timeZone")
        if zone:
            try:
                moment = moment.astimezone(ZoneInfo(zone))
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise _entry_problem(path, index, entry, f"the time zone '{zone}' is unknown") from error
        text = (entry.get("text") or "").strip()
        tags = _clean_tags(entry.get("tags"))
        if entry.get("starred"):
            tags.append("starred")
        uuid = entry.get("uuid") or _key(created, text)
        yield Section(_key("dayone", uuid), moment.date(), moment.strftime("%H:%M"), text, tags)


# -- our own JSON ------------------------------------------------------------------

def _read_own_json(path: Path, data: dict, records: Iterable | None = None) -> Plan:
    """records: streamed, when not in data."""
    version = data.get("version")
    if type(version) is not int or version > JSON_VERSION:
        raise ImportProblem(f"{path.name} was exported by a newer version of journal (format version "
                            f"{rows.show(version)}); upgrade journal to import it.")
    if records is None:
        records = data.get("records")
        if not isinstance(records, list):
            raise ImportProblem(f"{path.name}: \"records\" is missing or not a list.")
    settings = data.get("settings") or {}
    problem = "is not an object" if not isinstance(settings, dict) else \
        _check(settings, {"prompts": rows.check_texts})
    if problem:
        raise ImportProblem(f"{path.name}: the settings {problem}.")
    return Plan("journal-json", path, settings=settings, rows=_own_rows(path, records))


def _own_rows(path: Path, records: Iterable) -> Iterator[dict]:
    for index, record in enumerate(records):
        if not isinstance(record, dict) or record.get("kind") not in KINDS:
            raise _entry_problem(path, index, record, "has no known kind (reflection, breakthrough or strategy)")
        problems = rows.problems(record["kind"], record)
        if problems:
            raise _entry_problem(path, index, record, problems[0])
        yield record


# -- Markdown folders: our --split files, Obsidian daily notes ------------------------

def _read_markdown_folder(folder: Path) -> Plan:
    # rglob does not follow links to folders (no loops); links to files are read, FIFOs skipped
    files = sorted(p for p in folder.rglob("*.md") if not p.name.startswith(".") and p.is_file())
    if not files:
        raise ImportProblem(f"{folder} holds no Markdown (.md) files.")
    return _read_markdown_files(folder, files)


def _frontmatter(text: str, name: Path) -> tuple[dict, str, bool]:
    """(fields, body, exact): exact when the file is our split format 2, whose
    text is kept byte for byte; other files get their line ends made \\n."""
    try:
        if text.startswith("---\n"):
            front, body = mf.read_frontmatter(text)
            if front.get("journal_format") == mf.FORMAT:
                return front, body, True
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        front, body = mf.read_frontmatter(text)
    except mf.FrontmatterError as error:
        raise ImportProblem(f"{name}: {error}.") from error
    return front, body, False


def _read_markdown_files(folder: Path, files: list[Path]) -> Plan:
    sections: list[Section] = []
    records: list[dict] = []
    for path in files:
        name = path.relative_to(folder)
        front, body, exact = _frontmatter(_read_text(path, name, markdown=True), name)
        kind = front.get("kind")
        if exact or kind in ("breakthrough", "strategy") or (kind == "reflection" and "prompts" in front):
            if kind not in KINDS:
                raise ImportProblem(f"{name}: kind {rows.show(kind)} must be reflection, breakthrough or strategy.")
            try:
                row = _row_from_split(kind, front, body, exact)
            except (mf.FrontmatterError, ValueError) as error:
                raise ImportProblem(f"{name}: {error}.") from error
            problems = rows.problems(kind, row)
            if problems:
                raise ImportProblem(f"{name}: {problems[0]}.")
            records.append(row)
            continue
        sections.append(_obsidian_note(path.name, name, front, body))
    return Plan("markdown", folder if len(files) > 1 else files[0], sections=sections, rows=records)


def _obsidian_note(filename: str, name: Path, front: dict, body: str) -> Section:
    stated, tags = front.get("date"), front.get("tags")
    problem = None
    if stated is not None and (not isinstance(stated, str) or rows.day(stated[:10]) is None):
        problem = f"date {rows.show(stated)} is not a date (YYYY-MM-DD)"
    elif tags is not None and not isinstance(tags, str) and rows.check_texts(tags):
        problem = f"tags {rows.show(tags)} {rows.check_texts(tags)}"
    if problem:
        raise ImportProblem(f"{name}: {problem}.")
    match = DAILY_NOTE.match(filename)
    day = rows.day(stated[:10]) if stated else (rows.day(match[1]) if match else None)
    if day is None:
        raise ImportProblem(f"{name}: cannot tell which day it belongs to; name it YYYY-MM-DD.md "
                            "or give it a 'date:' in its frontmatter.")
    tag_list = _clean_tags(tags.split() if isinstance(tags, str) else tags)
    return Section(_key("markdown", name, body), day, "", body.strip(), tag_list)


def _row_from_split(kind: str, front: dict, body: str, exact: bool) -> dict:
    """Our own --split file back into a record, for rows.problems() to check."""
    fence = front.get("fence")
    tag = f" {fence}" if type(fence) is int else ""
    common = {"kind": kind, "id": front.get("id"), "tags": front.get("tags") or [],
              "created_at": front.get("created_at"), "updated_at": front.get("updated_at"),
              "version": front.get("version") if exact else None}
    if kind == "reflection":
        prompts = front.get("prompts") or []
        count = len(prompts) if isinstance(prompts, list) else 0
        if exact:
            texts = mf.read_fenced(body, ["body", *(f"answer-{i + 1}" for i in range(count))], tag)
            text, answers = texts.get("body", ""), [texts.get(f"answer-{i + 1}", "") for i in range(count)]
        else:
            text, answers = _legacy_reflection(body, prompts if count else [])
        return common | {"day": front.get("date"), "body": text, "prompts": prompts, "answers": answers}
    if kind == "breakthrough":
        names = ("situation", "breakthrough", "result")
        if exact:
            texts = mf.read_fenced(body, names, tag)
        else:
            sections = _sections(body)
            texts = {n: sections.get(n.capitalize(), "") for n in names}
        return common | {"happened_on": front.get("date"), "title": front.get("title"),
                         **{n: texts.get(n, "") for n in names}, **_areas(front.get("change_areas")),
                         "role": front.get("role") or "caused", "talking_point": front.get("talking_point"),
                         "reflection_day": front.get("reflection_day"), "deleted_at": None}
    options = front.get("options") or []
    context = mf.read_fenced(body, ["context"], tag).get("context", "") if exact else _context_from(body)
    return common | {
        "question": front.get("question"), "context": context, "options": options,
        **{k: front.get(k) for k in ("decided_on", "review_on", "reviewed_on", "decision_why",
                                     "realized_benefit", "met_prediction", "lesson", "nudge_dismissed")},
        "deleted_at": None,
    }


def _areas(areas: object) -> dict:
    """change_areas: [focus, ...] as the store's 0/1 columns; refuses what is not one."""
    problem = rows.check_texts(areas) if areas is not None else None
    if not problem:
        problem = bt.validate(bt.Breakthrough(date.min, title="-", change_areas=tuple(areas or ()))).get(
            "change_areas")
    if problem:
        raise ValueError(f"change_areas {rows.show(areas)}: {problem}")
    return {area: int(area in (areas or ())) for area in bt.CHANGE_AREAS}


def _sections(body: str) -> dict[str, str]:
    """'## Heading' -> text, for split files version 1 wrote (before fences)."""
    found: dict[str, str] = {}
    for chunk in re.split(r"^## ", "\n" + body, flags=re.MULTILINE)[1:]:
        heading, _, text = chunk.partition("\n")
        found[heading.strip()] = text.strip()
    return found


def _legacy_reflection(body: str, prompts: list) -> tuple[str, list[str]]:
    """Body and answers of a reflection file version 1 wrote (before fences)."""
    text, answers = body.strip(), ["" for _ in prompts]
    marker = "\n## Prompts\n"
    cut = ("\n" + text).rfind(marker)
    if prompts and cut >= 0:
        head, tail = ("\n" + text)[:cut].strip(), ("\n" + text)[cut + len(marker):]
        found = {h.strip(): t.strip() for h, _, t in
                 (c.partition("\n") for c in re.split(r"^### ", "\n" + tail, flags=re.MULTILINE)[1:])}
        answers = [found.get(p, "") if isinstance(p, str) else "" for p in prompts]
        text = head
    return text, answers


def _context_from(body: str) -> str:
    """The context paragraph(s) of a note version 1 wrote: after the status line, before the options."""
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

def _json_list(value: list) -> str:
    return json.dumps(value, ensure_ascii=False)


def _columns(row: dict) -> dict:
    """A checked record's content as the store keeps it, defaults filled in."""
    text = {k: row.get(k) or "" for k in {"reflection": ("body",), "breakthrough": (
        "title", "situation", "breakthrough", "result"), "strategy": (
        "question", "context", "decision_why", "realized_benefit", "lesson")}[row["kind"]]}
    lists = {"tags": _json_list(row.get("tags") or [])}
    if row["kind"] == "reflection":
        return {"day": row["day"], **text, "prompts": _json_list(row.get("prompts") or []),
                "answers": _json_list(row.get("answers") or []), **lists}
    if row["kind"] == "breakthrough":
        return {"happened_on": row["happened_on"], **text, **{a: int(row.get(a) or 0) for a in bt.CHANGE_AREAS},
                "role": row.get("role") or "caused", **lists, "talking_point": int(row.get("talking_point") or 0),
                "reflection_day": row.get("reflection_day")}
    return {**text, **lists, "nudge_dismissed": int(row.get("nudge_dismissed") or 0),
            **{k: row.get(k) for k in ("decided_on", "review_on", "reviewed_on", "met_prediction")}}


OPTION_TEXTS = ("predicted_benefit", "cost", "risk", "notes")


def _options(row: dict) -> list[dict]:
    """A note's options as stored, in order, each with whether it is the decided one."""
    decided = row.get("decided_option_id")
    options = []
    for index, option in enumerate(row.get("options") or []):
        chosen = bool(option.get("chosen")) or (decided is not None and option.get("id") == decided)
        options.append({"title": option["title"], "kind": option.get("kind") or "incremental",
                        **{k: option.get(k) or "" for k in OPTION_TEXTS},
                        "position": index if option.get("position") is None else option["position"],
                        "chosen": chosen})
    return options


@dataclass(frozen=True)
class Incoming:
    """A checked record of ours, as it will be stored."""

    row: dict
    columns: dict
    options: list[dict]
    key: str  # in the imports table: the record as it came (its id too: two events may say the same)

    @classmethod
    def of(cls, row: dict) -> Incoming:
        columns, options = _columns(row), _options(row) if row["kind"] == "strategy" else []
        content = json.dumps([row.get("id"), list(columns.values()), options], ensure_ascii=False)
        return cls(row, columns, options, _key(row["kind"], content))


def _same_record_stored(db: Database, incoming: Incoming) -> bool:
    """The record is already in the journal: the same day (reflections) or id, the same content."""
    row, columns = incoming.row, incoming.columns
    names = ", ".join(columns)
    if row["kind"] == "reflection":
        found = db.execute(f"SELECT {names} FROM reflections WHERE day = ?", [row["day"]]).fetchone()
        return found is not None and list(found) == list(columns.values())
    if row.get("id") is None:
        return False
    table = "breakthroughs" if row["kind"] == "breakthrough" else "strategy_notes"
    found = db.execute(f"SELECT {names} FROM {table} WHERE id = ?", [row["id"]]).fetchone()
    if found is None or list(found) != list(columns.values()):
        return False
    if row["kind"] == "breakthrough":
        return True
    stored = db.execute(f"SELECT title, kind, {', '.join(OPTION_TEXTS)}, position, "
                        "id IS (SELECT decided_option_id FROM strategy_notes WHERE id = ?) "
                        "FROM strategy_options WHERE note_id = ? ORDER BY position, id", [row["id"], row["id"]])
    mine = sorted(incoming.options, key=lambda o: o["position"])
    return [list(o) for o in stored] == [[o["title"], o["kind"], *(o[k] for k in OPTION_TEXTS), o["position"],
                                          int(o["chosen"])] for o in mine]


def resolve(db: Database, plan: Plan) -> Plan:
    """Count what is new and what was already imported (--dry-run): apply() in a
    transaction that is rolled back, so the counts are exactly what it would add."""
    return apply(db, plan, dry_run=True)


class _DryRun(Exception):
    """Leaves apply()'s transaction, rolling it back."""


def apply(db: Database, plan: Plan, dry_run: bool = False) -> Plan:
    """Check and write in one transaction: all of it, or nothing (a bad entry met
    half-way rolls back what was written). BEGIN IMMEDIATE makes a second import of
    the same file wait, then find it all there. Entries are checked and written
    BATCH at a time, each batch looking up only its own keys and days, so memory
    stays that of a batch, whatever the file's size."""
    try:
        return _apply(db, plan, dry_run)
    except _Restart:  # the stream met what its shape did not promise: read it whole
        return _apply(db, _restarted(plan), dry_run)


def _restarted(plan: Plan) -> Plan:
    whole = _read_whole(plan.path)
    by_day: dict[date, list[Section]] = {}
    for section in whole.sections:
        if _has_text(section):
            by_day.setdefault(section.day, []).append(section)
    whole.sections = [section for sections in by_day.values() for section in sections]
    whole.grouped = True
    return whole


def _apply(db: Database, plan: Plan, dry_run: bool) -> Plan:
    stamp = now_iso()
    try:
        with write_transaction(db):
            prompts = plan.settings.get("prompts")
            if prompts and db.execute("SELECT 1 FROM settings WHERE key = 'prompts'").fetchone() is None \
                    and db["reflections"].count == 0:
                settings_store.set_prompts(db, list(prompts))
            for days in _day_batches(_days(plan.sections, plan.grouped)):
                _apply_days(db, plan, days, stamp)
            for batch in _batches(iter(plan.rows), BATCH):
                _apply_rows(db, plan, batch, stamp)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return plan


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def _day_batches(days: Iterator[tuple[date, list[Section]]]) -> Iterator[list[tuple[date, list[Section]]]]:
    """Whole days, up to BATCH sections a batch (or one day, however many it holds)."""
    batch: list[tuple[date, list[Section]]] = []
    size = 0
    for day in days:
        batch.append(day)
        size += len(day[1])
        if size >= BATCH:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _days(sections: Iterable[Section], grouped: bool = False) -> Iterator[tuple[date, list[Section]]]:
    """Each day's sections together, in the order the days first come: a day's
    entries are next to each other in a file sorted by date (either way), as
    exports are. A day that comes back later restarts the import on the file
    read whole, grouped in memory (the order of first appearance, as before)."""
    day: date | None = None
    group: list[Section] = []
    rising: bool | None = None
    for section in sections:
        if section.day != day:
            if day is not None:
                yield day, group
                if rising is None:
                    rising = section.day > day
                elif (section.day > day) != rising and not grouped:
                    raise _Restart
            day, group = section.day, []
        group.append(section)
    if day is not None:
        yield day, group


def _in_chunks(db: Database, sql: str, first: list, values: list) -> set:
    """The first column of `sql` (... IN ({marks})) for values, 500 at a time."""
    found: set = set()
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        found.update(r[0] for r in db.execute(sql.format(marks=", ".join("?" * len(chunk))), [*first, *chunk]))
    return found


def _apply_days(db: Database, plan: Plan, days: list[tuple[date, list[Section]]], stamp: str) -> None:
    """A batch of days' sections: skip those imported already, merge into the days
    the journal has, insert the others; one imports row per section written."""
    seen = _in_chunks(db, "SELECT source_key FROM imports WHERE source = ? AND source_key IN ({marks})",
                      [plan.source], [s.key for _, sections in days for s in sections])
    stored = _in_chunks(db, "SELECT day FROM reflections WHERE day IN ({marks})", [],
                        [day.isoformat() for day, _ in days])
    new_days: dict[date, list[Section]] = {}
    written: list[Section] = []
    for day, sections in days:
        fresh = []
        for section in sections:
            if section.key in seen:
                plan.already += 1
                continue
            seen.add(section.key)
            fresh.append(section)
        if not fresh:
            continue
        written += fresh
        if day.isoformat() in stored:
            plan.merged_days += 1
            _merge_sections(db, day, fresh, plan)
        else:
            plan.new_days += 1
            new_days[day] = fresh
    _insert_new_days(db, new_days, plan)
    _insert_many(db, "imports", [{"source": plan.source, "source_key": section.key, "kind": "reflection",
                                  "record_key": section.day.isoformat(), "imported_at": stamp}
                                 for section in written])


def _apply_rows(db: Database, plan: Plan, batch: list[dict], stamp: str) -> None:
    """A batch of our own records: skip those imported already or stored as they are."""
    incoming = [Incoming.of(row) for row in batch]
    known = _in_chunks(db, "SELECT source_key FROM imports WHERE source = ? AND source_key IN ({marks})",
                       [RECORD_SOURCE], [i.key for i in incoming])
    fresh = []
    for one in incoming:
        if one.key in known or _same_record_stored(db, one):
            plan.already += 1
            continue
        known.add(one.key)
        fresh.append(one)
        plan.new_records[one.row["kind"]] += 1
    for one in fresh:
        record_key = _insert_row(db, one, stamp)
        db.execute("INSERT OR IGNORE INTO imports (source, source_key, kind, record_key, imported_at) "
                   "VALUES (?, ?, ?, ?, ?)", [RECORD_SOURCE, one.key, one.row["kind"], record_key, stamp])


def _merged(current: rf.Reflection, sections: list[Section], plan: Plan) -> rf.Reflection:
    """The day's reflection with the sections added after its text, and their tags."""
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
    return replace(current, body=body, tags=tags)


def _merge_sections(db: Database, day: date, sections: list[Section], plan: Plan) -> None:
    rf.save(db, _merged(rf.load(db, day), sections, plan))


BATCH = 1000  # rows per executemany: memory bounded, statements per batch, not per record


def _insert_new_days(db: Database, by_day: dict[date, list[Section]], plan: Plan) -> None:
    """Reflections for days the journal has none of, as rf.save would store them (the
    current prompt set, a revision each, in order), written by executemany in batches."""
    if not by_day:
        return
    prompts = settings_store.get_prompts(db)
    prompts_json, answers_json = json.dumps(prompts, ensure_ascii=False), json.dumps([""] * len(prompts))
    days = list(by_day.items())
    for start in range(0, len(days), BATCH):
        batch = [_merged(rf.Reflection(day=day, prompts=prompts, answers=[]), sections, plan)
                 for day, sections in days[start:start + BATCH]]
        batch = [r for r in batch if not r.is_empty]  # rf.save stores no row for an empty day
        if not batch:
            continue
        # Every save takes the next revision (store.revision): here the batch's, in one statement.
        last = db.execute("UPDATE journal_state SET revision = revision + ? RETURNING revision",
                          [len(batch)]).fetchall()[0][0]
        at = now_iso()
        _insert_many(db, "reflections", [
            {"day": r.day.isoformat(), "body": r.body, "prompts": prompts_json, "answers": answers_json,
             "tags": json.dumps(r.tags, ensure_ascii=False), "updated_at": at, "version": last - len(batch) + i + 1,
             "created_at": at} for i, r in enumerate(batch)])


def _insert_many(db: Database, table: str, records: list[dict]) -> None:
    """Rows of the same columns, BATCH to an executemany."""
    if not records:
        return
    names, marks = ", ".join(records[0]), ", ".join("?" * len(records[0]))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    for start in range(0, len(records), BATCH):
        db.conn.executemany(sql, [list(r.values()) for r in records[start:start + BATCH]])


def _insert(db: Database, table: str, record: dict) -> int:
    """One INSERT (sqlite-utils' insert() runs seven statements a row: a third of an import)."""
    names, marks = ", ".join(record), ", ".join("?" * len(record))
    return db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(record.values())).lastrowid


def _free_id(db: Database, table: str, wanted: object) -> object:
    """Keep the record's id unless another record has it."""
    if wanted is None or db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [wanted]).fetchone():
        return None
    return wanted


def _insert_row(db: Database, incoming: Incoming, stamp: str) -> str:
    """Write one checked record; returns what identifies it in the journal (day or id)."""
    row, columns = incoming.row, incoming.columns
    kind = row["kind"]
    # The version is this journal's next revision: a version is only ever compared
    # within one journal (store.revision), whatever the exported file said.
    stamps = {"created_at": row.get("created_at") or stamp, "updated_at": row.get("updated_at") or stamp,
              "version": next_stamp(db).revision}
    if kind == "reflection":
        day = date.fromisoformat(row["day"])
        if rf.get(db, day) is not None:  # a different text for that day: keep both
            answered = [f"**{p}**\n\n{a}" for p, a in zip(row.get("prompts") or [], row.get("answers") or [])
                        if a.strip()]
            text = "\n\n".join(t for t in [columns["body"].strip(), *answered] if t)
            _merge_sections(db, day, [Section("", day, "Imported", text, list(row.get("tags") or []))],
                            Plan("journal-json", Path("")))
            return row["day"]
        record = {"id": _free_id(db, "reflections", row.get("id"))} | columns | stamps
        _insert(db, "reflections", record)
        return row["day"]
    if kind == "breakthrough":
        record = {"id": _free_id(db, "breakthroughs", row.get("id"))} | columns | stamps
        record["deleted_at"] = row.get("deleted_at")
        return str(_insert(db, "breakthroughs", record))
    record = {"id": _free_id(db, "strategy_notes", row.get("id"))} | columns | stamps
    record["deleted_at"] = row.get("deleted_at")
    note_id = _insert(db, "strategy_notes", record)
    for option, given in zip(incoming.options, row.get("options") or []):
        option = dict(option)
        chosen = option.pop("chosen")
        option_row = {"id": _free_id(db, "strategy_options", given.get("id")), "note_id": note_id, **option,
                      "created_at": given.get("created_at") or stamp, "updated_at": given.get("updated_at") or stamp}
        option_id = _insert(db, "strategy_options", option_row)
        if chosen:
            db.execute("UPDATE strategy_notes SET decided_option_id = ? WHERE id = ?", [option_id, note_id])
    return str(note_id)

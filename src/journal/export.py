"""Markdown rendering of journal records. Pure functions: no I/O, no textual."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from journal.store.breakthroughs import CHANGE_AREAS, ROLES, Breakthrough

AREA_HEADINGS = {
    "attitude": "Attitude",
    "behavior": "Behavior",
    "skills": "Skills",
    "focus": "Focus",
}


def _block(label: str, text: str) -> list[str]:
    text = text.strip()
    return [f"**{label}.** {text}", ""] if text else []


def breakthrough_markdown(event: Breakthrough, heading: str = "##") -> str:
    """One event as Markdown, as the review screen's detail pane shows it."""
    facts = [f"{event.happened_on:%A} {event.happened_on.day} {event.happened_on:%B %Y}", event.role]
    if event.change_areas:
        facts.append("changed " + ", ".join(event.change_areas))
    if event.talking_point:
        facts.append("★ talking point")
    lines = [f"{heading} {event.title}", "", " · ".join(facts), ""]
    for label, text in (("Situation", event.situation), ("Breakthrough", event.breakthrough),
                        ("Result", event.result)):
        if text.strip():
            lines += [f"{heading}# {label}", "", text.strip(), ""]
    if event.tags:
        lines += ["Tags: " + " ".join(f"`#{t}`" for t in event.tags), ""]
    if event.reflection_day:
        lines += [f"*From the reflection of {event.reflection_day:%-d %B %Y}.*", ""]
    return "\n".join(lines).rstrip() + "\n"


def talking_points_brief(events: Iterable[Breakthrough], generated_on: date, scope: str = "") -> str:
    """A talking-points brief: events grouped by change area, each with
    situation, breakthrough and result. An event that changed several areas
    is told in full under the first and referred to under the others."""
    events = list(events)
    groups: dict[str, list[Breakthrough]] = {area: [] for area in (*CHANGE_AREAS, "other")}
    for event in events:
        for area in event.change_areas or ("other",):
            groups[area].append(event)
    lines = ["# Talking points: breakthroughs and their results", ""]
    noun = "event" if len(events) == 1 else "events"
    lines += [f"{len(events)} {noun}" + (f" ({scope})" if scope else "") + f", prepared {generated_on:%-d %B %Y}.", ""]
    told: dict[int | None, str] = {}
    for area, members in groups.items():
        if not members:
            continue
        heading = AREA_HEADINGS.get(area, "Other breakthroughs")
        lines += [f"## {heading}", ""]
        for event in members:
            key = event.id if event.id is not None else id(event)
            when = f"{event.happened_on:%B %Y}"
            if key in told:
                lines += [f"- *{event.title}* ({when}): see {told[key]}.", ""]
                continue
            told[key] = heading
            role = "I caused it" if event.role == "caused" else "I took part"
            lines += [f"### {event.title}", "", f"*{when} · {role}*", ""]
            lines += _block("Situation", event.situation)
            lines += _block("Breakthrough", event.breakthrough)
            lines += _block("Result", event.result)
    if not events:
        lines += ["No events matched.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|") or "–"


def strategy_note_markdown(note, heading: str = "##", table: bool = True, head: bool = True) -> str:
    """A strategy note: the question, context, options (a table, or a list for
    narrow panes), decision, review. head=False: from the options on."""
    lines = []
    if head:
        lines += [f"{heading} {note.question}", ""]
        facts = [note.status]
        if note.tags:
            facts.append(" ".join(f"#{t}" for t in note.tags))
        lines += [" · ".join(facts), ""]
        if note.context.strip():
            lines += [note.context.strip(), ""]
    if note.options and not table:
        for option in note.options:
            chosen = option.id == note.decided_option_id
            details = "; ".join(f"{label} {value}" for label, value in (
                ("predicted", option.predicted_benefit), ("cost", option.cost), ("risk", option.risk)) if value)
            lines.append(f"- {'✓ ' if chosen else ''}**{option.title}** ({option.kind})"
                         + (f": {details}" if details else ""))
        lines.append("")
    elif note.options:
        lines += ["| | Option | Kind | Predicted benefit | Cost | Risk | Realized benefit |",
                  "|---|---|---|---|---|---|---|"]
        for option in note.options:
            chosen = option.id == note.decided_option_id
            realized = _cell(note.realized_benefit) if chosen and note.reviewed_on else ""
            lines.append(f"| {'✓' if chosen else ''} | {_cell(option.title)} | {option.kind} | "
                         f"{_cell(option.predicted_benefit)} | {_cell(option.cost)} | {_cell(option.risk)} | "
                         f"{realized} |")
        lines.append("")
    else:
        lines += ["*No options yet.*", ""]
    chosen = note.decided_option
    if chosen is not None and note.decided_on:
        lines += [f"{heading}# Decision", "",
                  f"Chose **{chosen.title}** ({chosen.kind}) on {note.decided_on:%-d %B %Y}."]
        if note.decision_why.strip():
            lines += ["", note.decision_why.strip()]
        if note.review_on and not note.reviewed_on:
            lines += ["", f"Review on {note.review_on:%-d %B %Y}."]
        lines.append("")
    if note.reviewed_on and chosen is not None:
        outcome = {"met": "met the prediction", "partly": "partly met the prediction",
                   "missed": "missed the prediction"}.get(note.met_prediction or "", "")
        lines += [f"{heading}# Review, {note.reviewed_on:%-d %B %Y}", "",
                  f"- Predicted: {_cell(chosen.predicted_benefit)}",
                  f"- Realized: {_cell(note.realized_benefit)} ({outcome})", ""]
        if note.lesson.strip():
            lines += [f"**Lesson.** {note.lesson.strip()}", ""]
    return "\n".join(lines).rstrip() + "\n"


def strategy_notes_document(notes, generated_on: date) -> str:
    notes = list(notes)
    parts = ["# Strategy notes", "", f"{len(notes)} notes, exported {generated_on:%-d %B %Y}.", ""]
    parts += [strategy_note_markdown(note) for note in notes]
    return "\n".join(parts).rstrip() + "\n"


# -- whole-journal documents -------------------------------------------------

KIND_TITLES = {"reflection": "Reflection", "breakthrough": "Breakthrough", "strategy": "Strategy note"}
JSON_FORMAT = "journal-export"
JSON_VERSION = 1


def reflection_markdown(reflection, heading: str = "##", title: bool = True) -> str:
    lines = [f"{heading} Reflection, {reflection.day:%A} {reflection.day.day} {reflection.day:%B %Y}", ""] if title else []
    if reflection.body.strip():
        lines += [reflection.body.strip(), ""]
    answered = [(p, reflection.answer(i)) for i, p in enumerate(reflection.prompts) if reflection.answer(i).strip()]
    for prompt, answer in answered:
        lines += [f"**{prompt}**", "", answer.strip(), ""]
    if reflection.tags:
        lines += ["Tags: " + " ".join(f"#{t}" for t in reflection.tags), ""]
    return "\n".join(lines).rstrip() + "\n"


def record_markdown(record, heading: str = "####") -> str:
    if record.kind == "reflection":
        return reflection_markdown(record.value, heading)
    if record.kind == "breakthrough":
        return breakthrough_markdown(record.value, heading)
    return strategy_note_markdown(record.value, heading)


class OddValue(ValueError):
    """A stored value the fast renderers will not show as if it were fine."""


def _list(stored: str) -> list:
    """A stored JSON list; its items are checked where they are used (joining
    or concatenating a number fails, where formatting would print it)."""
    values = json.loads(stored)
    if type(values) is not list:
        raise OddValue(stored)
    return values


def _reflection_pieces(row, day: date) -> tuple[str, str, str]:
    """A reflection straight from its stored row, the document's hot path, as
    (head, body, tail): the body, most of an export's bytes, is passed on as the
    very string read, not copied (each copy of every body cost ~50 ms at 100,000 entries)."""
    body = row["body"].strip()
    if type(body) is not str:  # stored bytes: written as b'…' otherwise
        raise OddValue("body")
    parts = []
    answers = row["answers"]
    if answers != "[]" and answers.strip('[]" ,'):
        for prompt, answer in zip(_list(row["prompts"]), _list(answers)):
            if answer.strip():
                parts.append("**" + prompt + f"**\n\n{answer.strip()}\n")
    if row["tags"] != "[]":
        tags = _list(row["tags"])
        if tags:
            parts.append("Tags: #" + " #".join(tags) + "\n")
    gap = "\n" if body else ""
    return f"#### {day} · Reflection\n{gap}", body, gap + "".join("\n" + part for part in parts)


def _reflection_row(row, day: date) -> str:
    return "".join(_reflection_pieces(row, day))


# English names, as strftime gives them in the C locale Python starts in, without
# strftime's cost (three calls per breakthrough were a tenth of a 100,000-record export).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _breakthrough_row(row, day: date) -> str:
    areas = []
    for area in CHANGE_AREAS:
        if row[area]:
            if row[area] != 1:
                raise OddValue(area)
            areas.append(area)
    role, talking_point = row["role"], row["talking_point"]
    if role not in ROLES or talking_point not in (0, 1) or type(row["title"]) is not str:
        raise OddValue(role)
    facts = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month]} {day.year} · {role}"
    if areas:
        facts += " · changed " + ", ".join(areas)
    if talking_point:
        facts += " · ★ talking point"
    parts = [f"#### {day} · Breakthrough: {row['title']}\n", facts + "\n"]
    for label, key in (("Situation", "situation"), ("Breakthrough", "breakthrough"), ("Result", "result")):
        text = row[key]
        if type(text) is not str:  # stored bytes would print as b'…'
            raise OddValue(key)
        if text.strip():
            parts.append(f"##### {label}\n\n{text.strip()}\n")
    if row["tags"] != "[]":
        tags = _list(row["tags"])
        if tags:
            parts.append("Tags: `#" + "` `#".join(tags) + "`\n")
    if row["reflection_day"]:
        linked = date.fromisoformat(row["reflection_day"])
        parts.append(f"*From the reflection of {linked.day} {_MONTHS[linked.month]} {linked.year}.*\n")
    return "\n".join(parts)


@dataclass(frozen=True)
class Unrendered:
    """A record whose stored values could not all be shown: it is written with
    what could be read, and named to the user."""

    kind: str
    id: int
    problems: tuple[str, ...]

    def sentence(self) -> str:
        return f"{KIND_TITLES[self.kind].lower()} {self.id}: {'; '.join(self.problems)}"


_RENDER_FAILURES = (ValueError, TypeError, AttributeError, KeyError, RecursionError)


def _unrendered_note(record, odd: list[Unrendered] | None, error: Exception | None = None) -> str:
    """Note the record as not rendered as stored; the line that says so in the document."""
    from journal.store import rows
    from journal.store.records import json_row

    problems = rows.problems(record.kind, json_row(record)) or [f"a stored value cannot be shown ({error})"]
    if odd is not None:
        odd.append(Unrendered(record.kind, record.id, tuple(problems)))
    return f"*Not shown as stored: {'; '.join(problems)}.*\n"


def _readable_row(record) -> dict:
    """The record's row with every odd value replaced by the safe one the app shows."""
    from journal.store import breakthroughs, reflections

    if record.kind == "reflection":
        v = reflections._from_row(record.row)
        return {"body": v.body, "prompts": json.dumps(v.prompts), "answers": json.dumps(v.answers),
                "tags": json.dumps(v.tags)}
    e = breakthroughs._from_row(record.row)
    return {"title": e.title, "situation": e.situation, "breakthrough": e.breakthrough, "result": e.result,
            **{a: int(a in e.change_areas) for a in CHANGE_AREAS}, "role": e.role, "tags": json.dumps(e.tags),
            "talking_point": int(e.talking_point),
            "reflection_day": e.reflection_day.isoformat() if e.reflection_day else None}


def _rescued(record, day: date, odd: list[Unrendered] | None, error: Exception) -> str:
    """A record whose stored values the fast path refused: what can be read, and a line saying so."""
    render = _reflection_row if record.kind == "reflection" else _breakthrough_row
    chunk = render(_readable_row(record), day)
    if day == date.min:  # no date to show: not 0001-01-01
        chunk = chunk.replace(f"#### {day} · ", "#### ", 1).replace("Monday 1 January 1 · ", "", 1)
    return "\n" + chunk + "\n" + _unrendered_note(record, odd, error)


_NOTE_TEXTS = ("question", "context", "decision_why", "realized_benefit", "lesson")
_NOTE_CHOICES = ("decided_on", "review_on", "reviewed_on", "met_prediction")
_OPTION_TEXTS = ("title", "predicted_benefit", "cost", "risk", "notes")


def _read_as_stored(row, note) -> bool:
    """Did reading the note as stored need no safe replacement? A cheap test (every
    value looked at once); when it fails, rows.problems() says what is odd."""
    if any(type(row[k]) is not str for k in _NOTE_TEXTS):
        return False
    if any(row[k] is not None and getattr(note, k) is None for k in _NOTE_CHOICES):
        return False
    if row["tags"] != "[]" and list(note.tags) != json.loads(row["tags"]):
        return False
    if note.decided_option_id is not None and note.decided_option is None:
        return False
    return all(o["kind"] == option.kind and all(type(o[k]) is str for k in _OPTION_TEXTS)
               for o, option in zip(row["options"], note.options))


def _strategy_chunk(record, day: date, odd: list[Unrendered] | None) -> str:
    from journal.store import rows
    from journal.store.records import json_row

    note = ""
    if (day == date.min or not _read_as_stored(record.row, record.value)) and \
            rows.problems("strategy", json_row(record)):
        note = "\n" + _unrendered_note(record, odd)
    first, _, rest = strategy_note_markdown(record.value, "####").partition("\n")
    when = f"{day} · " if day != date.min else ""
    return f"\n#### {when}Strategy note: {first.removeprefix('#### ')}\n{rest}{note}"


def render_document(records: Iterable, title: str = "Journal",
                    odd: list[Unrendered] | None = None) -> Iterator[str]:
    """One Markdown document, grouped by year and month, a chunk per record (streams).

    Takes records with or without values (iter_records(values=False) is faster).
    A record with odd stored values is written with what can be read, and added to `odd`."""
    yield f"# {title}\n"
    year = month = None
    undated = []
    for record in records:
        day = record.day
        if day == date.min:  # records.py's day for a stored one that is not a date: last, together
            undated.append(record)
            continue
        if day.year != year:
            year, month = day.year, None
            yield f"\n## {year}\n"
        if day.month != month:
            month = day.month
            yield f"\n### {_MONTHS[month]} {year}\n"
        kind = record.kind
        if kind == "reflection":  # the hot path, without a call more per record
            try:
                head, body, tail = _reflection_pieces(record.row, day)
            except _RENDER_FAILURES as error:
                yield _rescued(record, day, odd, error)
                continue
            yield "\n" + head
            yield body
            yield tail
        elif kind == "breakthrough":
            try:
                chunk = "\n" + _breakthrough_row(record.row, day)
            except _RENDER_FAILURES as error:
                chunk = _rescued(record, day, odd, error)
            yield chunk
        else:
            yield _strategy_chunk(record, day, odd)
    if undated:
        yield "\n## Records whose date cannot be read\n"
        for record in undated:
            if record.kind == "strategy":
                yield _strategy_chunk(record, record.day, odd)
            else:
                yield _rescued(record, record.day, odd, OddValue(record.day))


# -- one file per record -----------------------------------------------------

_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)
MAX_SLUG = 60


def slugify(text: str) -> str:
    """A file-name-safe slug: word characters and dashes only (no separators,
    no dots, no control characters), bounded length; 'untitled' if nothing is left."""
    text = unicodedata.normalize("NFKC", text).lower()
    if not text.isprintable():  # printable: no control, format or unassigned character (category C) to drop
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    slug = _UNSAFE.sub("-", text).strip("-_")[:MAX_SLUG].strip("-_")
    return slug or "untitled"


def _title(record) -> str:
    """The title a record is shown with: its value's, or read as the value reads it (records.iter_keys)."""
    if record.value is not None:
        return record.value.title if record.kind == "breakthrough" else record.value.question
    from journal.store import rows

    return rows.text(record.row["title" if record.kind == "breakthrough" else "question"])


def split_name(record, used: set[str]) -> str:
    """YYYY-MM-DD.md for reflections, YYYY-MM-DD-slug.md otherwise; unique within `used`."""
    if record.kind == "reflection":
        stem = record.day.isoformat()
    else:
        title = _title(record)
        stem = f"{record.day.isoformat()}-{slugify(title)}"
    name, n = f"{stem}.md", 2
    while name.casefold() in used:
        name, n = f"{stem}-{n}.md", n + 1
    used.add(name.casefold())
    return name


def split_markdown(record, odd: list[Unrendered] | None = None) -> str:
    """A record as a Markdown file with YAML frontmatter (Obsidian reads it), every
    field exact (see markdown_files). A record with odd stored values is written
    with what can be read, and added to `odd`."""
    from journal import markdown_files as mf
    from journal.store import rows
    from journal.store.records import json_row

    problems = rows.problems(record.kind, json_row(record))
    note = [_unrendered_note(record, odd)] if problems else []
    v = record.value
    common = {"date": record.day, "kind": record.kind, "id": record.id, "tags": list(v.tags)}
    stamps = {"created_at": v.created_at, "updated_at": v.updated_at, "version": v.version,
              "journal_format": mf.FORMAT}
    if record.kind == "reflection":
        fields = common | {"prompts": list(v.prompts)} | stamps
        answered = [(i, p, v.answer(i)) for i, p in enumerate(v.prompts) if v.answer(i)]
        parts: list = [("body", v.body)] if v.body else []
        if answered:
            parts.append("## Prompts")
            for i, prompt, answer in answered:
                parts += [f"### {mf.one_line(prompt)}", (f"answer-{i + 1}", answer)]
    elif record.kind == "breakthrough":
        fields = common | {"title": v.title, "change_areas": list(v.change_areas), "role": v.role,
                           "talking_point": v.talking_point, "reflection_day": v.reflection_day} | stamps
        parts = []
        for label, name in (("Situation", "situation"), ("Breakthrough", "breakthrough"), ("Result", "result")):
            if getattr(v, name):
                parts += [f"## {label}", (name, getattr(v, name))]
    else:
        stored = {o.get("id"): o for o in record.row.get("options", [])}
        fields = common | {
            "question": v.question, "status": v.status,
            "options": [{"id": o.id, "title": o.title, "kind": o.kind, "predicted_benefit": o.predicted_benefit,
                         "cost": o.cost, "risk": o.risk, "notes": o.notes, "chosen": o.id == v.decided_option_id,
                         "position": o.position, "created_at": stored.get(o.id, {}).get("created_at"),
                         "updated_at": stored.get(o.id, {}).get("updated_at")} for o in v.options],
            "decision_why": v.decision_why,
            "decided_on": v.decided_on, "review_on": v.review_on, "reviewed_on": v.reviewed_on,
            "realized_benefit": v.realized_benefit, "met_prediction": v.met_prediction, "lesson": v.lesson,
            "nudge_dismissed": v.nudge_dismissed,
        } | stamps
        facts = " · ".join([v.status, *(f"#{mf.one_line(t)}" for t in v.tags)])
        parts = [f"# {mf.one_line(v.question)}", facts]
        if v.context:
            parts.append(("context", v.context))
        parts.append(strategy_note_markdown(v, "#", head=False).rstrip("\n"))
    parts += note
    tag = mf.fence_tag(p if isinstance(p, str) else p[1] for p in parts)
    if tag:
        fields["fence"] = int(tag)
    body = "\n\n".join(p if isinstance(p, str) else mf.fenced(*p, tag) for p in parts)
    return mf.frontmatter(fields) + body + ("\n" if body else "")


# -- lossless JSON -----------------------------------------------------------

def _stored_bytes(value: object) -> dict:
    """A BLOB where text belongs (another program wrote it): kept, as base64."""
    if isinstance(value, bytes):
        import base64

        return {"bytes_base64": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"{type(value).__name__} is not JSON")


def render_json(records: Iterable, settings: dict) -> Iterator[str]:
    """Every field of every record, streamed a record at a time. Deterministic
    (no export time in it): export → import → export gives the same bytes but for
    the records' versions, which each journal numbers itself (store.revision).

    The rescue path: it writes the stored values as they are, odd ones too
    (import then refuses those, naming them, until they are fixed)."""
    from journal.store.records import json_row

    yield "{\n"
    yield f'  "format": {json.dumps(JSON_FORMAT)},\n  "version": {JSON_VERSION},\n'
    yield f'  "settings": {json.dumps(settings, ensure_ascii=False, sort_keys=True)},\n'
    yield '  "records": ['
    first = True
    for record in records:
        yield ("\n    " if first else ",\n    ") + json.dumps(
            {"kind": record.kind, **json_row(record)}, ensure_ascii=False, sort_keys=True, default=_stored_bytes)
        first = False
    yield "\n  ]\n}\n"

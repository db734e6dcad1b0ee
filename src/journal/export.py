"""Markdown rendering of journal records. Pure functions: no I/O, no textual."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date

from journal.store.breakthroughs import CHANGE_AREAS, Breakthrough

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


def strategy_note_markdown(note, heading: str = "##", table: bool = True) -> str:
    """A strategy note: the question, context, options (a table, or a list for
    narrow panes), decision, review."""
    lines = [f"{heading} {note.question}", ""]
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


def _reflection_row(row, day: date) -> str:
    """A reflection straight from its stored row: the document's hot path."""
    parts = [f"#### {day} · Reflection\n"]
    body = row["body"].strip()
    if body:
        parts.append(body + "\n")
    answers = row["answers"]
    if answers != "[]" and answers.strip('[]" ,'):
        for prompt, answer in zip(json.loads(row["prompts"]), json.loads(answers)):
            if answer.strip():
                parts.append(f"**{prompt}**\n\n{answer.strip()}\n")
    if row["tags"] != "[]":
        parts.append("Tags: " + " ".join(f"#{t}" for t in json.loads(row["tags"])) + "\n")
    return "\n".join(parts)


# English names, as strftime gives them in the C locale Python starts in, without
# strftime's cost (three calls per breakthrough were a tenth of a 100,000-record export).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _breakthrough_row(row, day: date) -> str:
    areas = [a for a in ("attitude", "behavior", "skills", "focus") if row[a]]
    facts = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month]} {day.year} · {row['role']}"
    if areas:
        facts += " · changed " + ", ".join(areas)
    if row["talking_point"]:
        facts += " · ★ talking point"
    parts = [f"#### {day} · Breakthrough: {row['title']}\n", facts + "\n"]
    for label, key in (("Situation", "situation"), ("Breakthrough", "breakthrough"), ("Result", "result")):
        text = row[key].strip()
        if text:
            parts.append(f"##### {label}\n\n{text}\n")
    if row["tags"] != "[]":
        parts.append("Tags: " + " ".join(f"`#{t}`" for t in json.loads(row["tags"])) + "\n")
    if row["reflection_day"]:
        linked = date.fromisoformat(row["reflection_day"])
        parts.append(f"*From the reflection of {linked.day} {_MONTHS[linked.month]} {linked.year}.*\n")
    return "\n".join(parts)


def render_document(records: Iterable, title: str = "Journal") -> Iterator[str]:
    """One Markdown document, grouped by year and month, a chunk per record (streams).

    Takes records with or without values (iter_records(values=False) is faster)."""
    yield f"# {title}\n"
    year = month = None
    for record in records:
        day = record.day
        if day.year != year:
            year, month = day.year, None
            yield f"\n## {year}\n"
        if day.month != month:
            month = day.month
            yield f"\n### {_MONTHS[month]} {year}\n"
        if record.kind == "reflection":
            yield "\n" + _reflection_row(record.row, day)
        elif record.kind == "breakthrough":
            yield "\n" + _breakthrough_row(record.row, day)
        else:
            first, _, rest = strategy_note_markdown(record.value, "####").partition("\n")
            yield f"\n#### {day} · Strategy note: {first.removeprefix('#### ')}\n{rest}"


# -- one file per record -----------------------------------------------------

_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)
MAX_SLUG = 60


def slugify(text: str) -> str:
    """A file-name-safe slug: word characters and dashes only (no separators,
    no dots, no control characters), bounded length; 'untitled' if nothing is left."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    slug = _UNSAFE.sub("-", text).strip("-_")[:MAX_SLUG].strip("-_")
    return slug or "untitled"


def split_name(record, used: set[str]) -> str:
    """YYYY-MM-DD.md for reflections, YYYY-MM-DD-slug.md otherwise; unique within `used`."""
    if record.kind == "reflection":
        stem = record.day.isoformat()
    else:
        title = record.value.title if record.kind == "breakthrough" else record.value.question
        stem = f"{record.day.isoformat()}-{slugify(title)}"
    name, n = f"{stem}.md", 2
    while name.casefold() in used:
        name, n = f"{stem}-{n}.md", n + 1
    used.add(name.casefold())
    return name


def _frontmatter(fields: dict) -> str:
    import yaml  # only split files need it

    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def split_markdown(record) -> str:
    """A record as a Markdown file with YAML frontmatter (Obsidian reads it)."""
    v = record.value
    common = {"date": record.day, "kind": record.kind, "id": record.id, "tags": list(v.tags)}
    if record.kind == "reflection":
        fields = common | {"prompts": list(v.prompts), "created_at": v.created_at, "updated_at": v.updated_at}
        body = v.body.strip()
        sections = [f"### {p}\n\n{v.answer(i).strip()}" for i, p in enumerate(v.prompts) if v.answer(i).strip()]
        if sections:
            body += ("\n\n" if body else "") + "## Prompts\n\n" + "\n\n".join(sections)
        return _frontmatter(fields) + "\n" + body.rstrip() + "\n"
    if record.kind == "breakthrough":
        fields = common | {
            "title": v.title, "change_areas": list(v.change_areas), "role": v.role,
            "talking_point": v.talking_point,
            "reflection_day": v.reflection_day,
            "created_at": v.created_at, "updated_at": v.updated_at,
        }
        parts = [f"## {label}\n\n{text.strip()}" for label, text in
                 (("Situation", v.situation), ("Breakthrough", v.breakthrough), ("Result", v.result)) if text.strip()]
        return _frontmatter(fields) + "\n" + "\n\n".join(parts) + ("\n" if parts else "")
    fields = common | {
        "question": v.question, "status": v.status,
        "options": [{"title": o.title, "kind": o.kind, "predicted_benefit": o.predicted_benefit, "cost": o.cost,
                     "risk": o.risk, "notes": o.notes, "chosen": o.id == v.decided_option_id} for o in v.options],
        "decision_why": v.decision_why,
        "decided_on": v.decided_on, "review_on": v.review_on, "reviewed_on": v.reviewed_on,
        "realized_benefit": v.realized_benefit, "met_prediction": v.met_prediction, "lesson": v.lesson,
        "nudge_dismissed": v.nudge_dismissed, "created_at": v.created_at, "updated_at": v.updated_at,
    }
    return _frontmatter(fields) + "\n" + strategy_note_markdown(v, "#")


# -- lossless JSON -----------------------------------------------------------

def render_json(records: Iterable, settings: dict) -> Iterator[str]:
    """Every field of every record, streamed a record at a time. Deterministic
    (no export time in it), so export → import → export gives the same bytes."""
    from journal.store.records import json_row

    yield "{\n"
    yield f'  "format": {json.dumps(JSON_FORMAT)},\n  "version": {JSON_VERSION},\n'
    yield f'  "settings": {json.dumps(settings, ensure_ascii=False, sort_keys=True)},\n'
    yield '  "records": ['
    first = True
    for record in records:
        yield ("\n    " if first else ",\n    ") + json.dumps(
            {"kind": record.kind, **json_row(record)}, ensure_ascii=False, sort_keys=True)
        first = False
    yield "\n  ]\n}\n"

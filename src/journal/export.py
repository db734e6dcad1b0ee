"""Markdown rendering of journal records. Pure functions: no I/O, no textual."""

from __future__ import annotations

from collections.abc import Iterable
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

"""The help screen's key map, built from the bindings themselves so it cannot drift."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

TEXT_KEYS = [
    ("tab / shift+tab", "Next / previous field"),
    ("ctrl+z / ctrl+y", "Undo / redo"),
    ("ctrl+x / ctrl+c / ctrl+v", "Cut / copy / paste"),
    ("ctrl+a / ctrl+e", "Start / end of line"),
    ("ctrl+w / ctrl+k", "Delete word before / to end of line"),
    ("f7", "Select all"),
]


def _rows(app: App, bindings: list[Binding | tuple]) -> list[tuple[str, str]]:
    rows = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if not binding.description:
            continue
        keys = " / ".join(
            app.get_key_display(Binding(key.strip(), binding.action)) for key in binding.key.split(",")
        )
        rows.append((keys, binding.tooltip or binding.description))
    return rows


def key_sections(app: App) -> list[tuple[str, list[tuple[str, str]]]]:
    from journal.screens.breakthrough_editor import EventEditor, EventView
    from journal.screens.breakthroughs import BreakthroughsScreen
    from journal.screens.days import DaysScreen
    from journal.screens.search import SearchScreen
    from journal.screens.strategy import StrategyScreen
    from journal.screens.strategy_note import NoteEditor, OptionsTable
    from journal.screens.dialogs import GoToDateDialog, PromptsDialog
    from journal.screens.reflection import ReflectionScreen
    from journal.widgets.calendar import MonthCalendar

    everywhere = _rows(app, type(app).BINDINGS) + [(app.get_key_display(Binding("ctrl+p", "")), "Command palette: every action by name")]
    return [
        ("Everywhere", everywhere),
        ("Reflection", _rows(app, ReflectionScreen.BINDINGS)),
        ("Writing", TEXT_KEYS),
        ("Days", _rows(app, MonthCalendar.BINDINGS) + _rows(app, DaysScreen.BINDINGS)),
        ("Breakthroughs", [("↑ ↓ / j k", "Move"), ("enter", "Open the event in full")]
         + _rows(app, BreakthroughsScreen.BINDINGS)),
        ("Breakthrough editor", _rows(app, EventEditor.BINDINGS)),
        ("Reading an event", _rows(app, EventView.BINDINGS)),
        ("Strategy notes", [("enter", "Open the note")] + _rows(app, StrategyScreen.BINDINGS)),
        ("Strategy note", _rows(app, NoteEditor.BINDINGS) + _rows(app, OptionsTable.BINDINGS)),
        ("Search", [("type", "Results update as you type"), ("enter", "Results list, then open the record")]
         + _rows(app, SearchScreen.BINDINGS)),
        ("Go to date", [("enter", "Go to the date shown")] + _rows(app, GoToDateDialog.BINDINGS)),
        ("Prompts", _rows(app, PromptsDialog.BINDINGS)),
    ]


def help_markdown(app: App) -> str:
    parts = []
    for title, rows in key_sections(app):
        parts.append(f"## {title}\n\n| Key | Action |\n|---|---|")
        parts.extend(f"| `{keys}` | {action} |" for keys, action in rows)
        parts.append("")
    parts.append(
        "Date ranges for filters: `2025`, `march 2026`, `since march`, `last quarter`, `last 30 days`, "
        "`from 2024-01-01 to 2024-06-30`.\n"
    )
    parts.append(
        "Date words for *Go to date*: `2026-03-14`, `today`, `yesterday`, `3 days ago`, "
        "`last friday`, `march 3`. Numeric dates like `02/01/2026` are refused as ambiguous."
    )
    return "\n".join(parts)

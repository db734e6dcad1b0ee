"""Record or edit one breakthrough event; read one in full.

The editor saves by itself once the event is valid (a title and a readable
date), and on leaving. An event that cannot be saved is never dropped
silently: leaving asks first.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Label, Markdown, RadioButton, RadioSet, Static, TextArea

from journal.text import visible
from journal.widgets.footer import KeyFooter
from journal.widgets.text_area import SafeTextArea
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainStatic
from journal.dates import DateError, describe, parse_date
from journal.export import breakthrough_markdown
from journal.store import breakthroughs as bt
from journal.store.breakthroughs import CHANGE_AREAS, Breakthrough, InvalidBreakthrough
from journal.screens.editing import EditorScreen
from journal.store.revision import Base
from journal.store.tags import format_tags, parse_tags


_new_events = itertools.count(1)


class EventEditor(EditorScreen[Breakthrough | None]):
    """Dismisses with the saved event (or None if nothing was saved)."""

    CSS_PATH = "breakthrough_editor.tcss"
    STATUS_ID = "ev-status"
    WHAT = "This event"

    BINDINGS = [
        Binding("ctrl+s", "save_and_close", "Save & close", id="event-save"),
        Binding("escape", "close", "Close", id="event-close"),
        Binding("ctrl+o", "open_reflection", "Open reflection", id="event-open-reflection"),
    ]

    def __init__(self, event: Breakthrough) -> None:
        super().__init__()
        self.event = event
        self._created: list[int | None] = [event.id]  # the id, once a save of this editor gave it one
        self._tried = False
        # One key for this editor's saves, also before the first one gives it an id.
        self._key = f"breakthrough:{event.id}" if event.id is not None else f"breakthrough:new-{next(_new_events)}"

    def compose(self) -> ComposeResult:
        e = self.event
        yield Header()
        yield ReadOnlyBanner()
        with VerticalScroll(id="event-form"):
            with Horizontal(classes="row"):
                with Vertical(id="date-col"):
                    yield Label("When it happened")
                    yield Input(e.happened_on.isoformat(), id="ev-date", placeholder="2026-03-14, last friday…")
                    yield PlainStatic("", id="ev-date-parsed", classes="field-note")
                with Vertical(id="title-col"):
                    yield Label("Title")
                    yield Input(e.title, id="ev-title", placeholder="A few words you would say out loud")
                    yield PlainStatic("", id="ev-title-error", classes="field-note error")
            yield Label("Situation")
            yield SafeTextArea(e.situation, id="ev-situation", soft_wrap=True, classes="field")
            yield Label("The breakthrough: what was realized")
            yield SafeTextArea(e.breakthrough, id="ev-breakthrough", soft_wrap=True, classes="field")
            yield Label("The result it produced (ideally measurable)")
            yield SafeTextArea(e.result, id="ev-result", soft_wrap=True, classes="field")
            with Horizontal(classes="row", id="ev-choices"):
                with Vertical(id="areas-col"):
                    yield Label("What it changed")
                    for area in CHANGE_AREAS:
                        yield Checkbox(area.capitalize(), area in e.change_areas, id=f"ev-area-{area}")
                with Vertical(id="role-col"):
                    yield Label("My role")
                    with RadioSet(id="ev-role"):
                        yield RadioButton("I caused it", e.role == "caused", id="ev-role-caused")
                        yield RadioButton("I participated", e.role == "participated", id="ev-role-participated")
                with Vertical(id="tp-col"):
                    yield Label("Use it")
                    yield Checkbox("Talking point", e.talking_point, id="ev-talking-point")
            yield Label("Tags")
            yield Input(format_tags(e.tags), id="ev-tags", placeholder="pricing, strategy")
            yield Static(self._link_text(), id="ev-link", classes="hint")
        with Horizontal(id="ev-statusbar"):
            yield PlainStatic("", id="ev-status")
        yield KeyFooter()

    def _link_text(self) -> str:
        day = self.event.reflection_day
        return f"From the reflection of {day:%A %-d %B %Y} · ctrl+o opens it" if day else ""

    def on_mount(self) -> None:
        self.title = "New breakthrough" if self.event.id is None else "Edit breakthrough"
        self._show_date(self.query_one("#ev-date", Input).value)
        self.set_status("new · saves once it has a title" if self.event.id is None else "✓ saved", "status-new")
        for area in self.query(TextArea):  # continue where the text ends
            area.move_cursor(area.document.end)
        (self.query_one("#ev-title", Input) if not self.event.title else self.query_one("#ev-situation")).focus()
        self.loaded(self.event)
        if self.event.id is None:  # a new event is saved once it has text (a promoted one has)
            self._handed = None
        super().on_mount()


    # -- reading the form --------------------------------------------------

    def _show_date(self, text: str) -> date | None:
        note = self.query_one("#ev-date-parsed", Static)
        try:
            day = parse_date(text, self.app.today())  # type: ignore[attr-defined]
        except DateError as error:
            note.update(str(error))
            note.set_classes("field-note error")
            return None
        note.update(describe(day, self.app.today()))  # type: ignore[attr-defined]
        note.set_classes("field-note ok")
        return day

    def _collect(self) -> tuple[Breakthrough, str | None]:
        """The event as the form shows it, and why its date cannot be read (if so)."""
        date_text = self.query_one("#ev-date", Input).value
        try:
            day, date_problem = parse_date(date_text, self.app.today()), None  # type: ignore[attr-defined]
        except DateError as error:
            day, date_problem = self.event.happened_on, str(error)
        event = replace(
            self.event,
            happened_on=day,
            title=self.query_one("#ev-title", Input).value,
            situation=self.query_one("#ev-situation", TextArea).text,
            breakthrough=self.query_one("#ev-breakthrough", TextArea).text,
            result=self.query_one("#ev-result", TextArea).text,
            change_areas=tuple(a for a in CHANGE_AREAS if self.query_one(f"#ev-area-{a}", Checkbox).value),
            role="participated" if self.query_one("#ev-role-participated", RadioButton).value else "caused",
            talking_point=self.query_one("#ev-talking-point", Checkbox).value,
            tags=tuple(parse_tags(self.query_one("#ev-tags", Input).value)),
        )
        return event, date_problem

    def content_of(self, event: Breakthrough) -> tuple:
        return (event.happened_on, event.title.strip(), event.situation, event.breakthrough, event.result,
                tuple(a for a in CHANGE_AREAS if a in event.change_areas), event.role, event.talking_point,
                tuple(event.tags))

    # -- EditorScreen hooks --------------------------------------------------

    def save_key(self) -> str:
        return self._key

    def save_label(self) -> str:
        title = self.query_one("#ev-title", Input).value.strip() or "untitled"
        return f"the breakthrough '{title[:60]}'"

    def current(self, final: bool) -> tuple[Breakthrough, str | None]:
        """The event as the form shows it, and why it cannot be saved yet (if so).

        final (quit, a signal): nothing stops the save; an unreadable date keeps the
        last good one and store.breakthroughs.keepable makes the title valid."""
        event, date_problem = self._collect()
        if final:
            return event, None
        if date_problem:
            return event, f"the date cannot be read ({date_problem})"
        problems = bt.validate(event)
        note = self.query_one("#ev-title-error", Static)
        note.update(problems.get("title", "") if (self._tried or self.event.id is not None) else "")
        title_only = set(problems) == {"title"}
        if title_only and (self.event.id is not None or len(event.title.strip()) > bt.MAX_TITLE):
            # Everything else keeps reaching the journal while the title is not valid: the
            # stored title stays until this one is (a crash then loses the title edit only).
            kept = self.event.title if self.event.id is not None else bt.UNTITLED
            return replace(event, title=kept), None
        return event, " ".join(problems.values()) or None

    def saved_status(self, stored: Breakthrough) -> tuple[str, str]:
        if self.query_one("#ev-title", Input).value.strip() != stored.title:
            return "✓ saved, but the title: fix it above to save it", "status-dirty"
        return super().saved_status(stored)

    def has_anything(self, event: Breakthrough) -> bool:
        return self.event.id is not None or self._created[0] is not None or \
            any(x.strip() for x in (event.title, event.situation, event.breakthrough, event.result))

    def saving(self, event: Breakthrough, base: Base[Breakthrough], final: bool):
        from journal.store import recovery

        label, created = self.save_label(), self._created

        def run(db):
            record = event
            if record.id is None and created[0] is not None:  # an earlier save (still unseen here) created it
                record, base.value = replace(record, id=created[0]), replace(base.value, id=created[0])
            outcome = bt.save_merging(db, record, base, final=final)
            created[0] = outcome.event.id
            return outcome

        return run, lambda: recovery.record_item("breakthrough", label, bt.keepable(event), base.value)

    def stored_of(self, handed: Breakthrough, outcome: bt.Saved) -> Breakthrough:
        return outcome.event

    def saved(self, handed: Breakthrough, outcome: bt.Saved) -> None:
        saved = outcome.event
        self.event = saved
        if self.content_of(saved) != self.content_of(handed):  # merged with changes made elsewhere
            self._show_event(handed, saved)
        self.tell_merged(outcome.report)
        self.title = "Edit breakthrough"

    def _show_event(self, handed: Breakthrough, event: Breakthrough) -> None:
        """The form shows `event` (after a save merged another window's changes),
        keeping what was typed since the save was handed over."""
        from journal.store.merge import merge_text

        self.query_one("#ev-date", Input).value = event.happened_on.isoformat()
        title = self.query_one("#ev-title", Input)
        if title.value == handed.title:
            title.value = event.title
        for name in ("situation", "breakthrough", "result"):
            area = self.query_one(f"#ev-{name}", TextArea)
            wanted, _ = merge_text(getattr(handed, name), area.text, getattr(event, name), "meanwhile")
            self.set_text(area, wanted)
        for area_name in CHANGE_AREAS:
            self.query_one(f"#ev-area-{area_name}", Checkbox).value = area_name in event.change_areas
        self.query_one(f"#ev-role-{event.role}", RadioButton).value = True
        self.query_one("#ev-talking-point", Checkbox).value = event.talking_point
        self.query_one("#ev-tags", Input).value = format_tags(event.tags)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    def _on_edit(self, message) -> None:
        if isinstance(message, Input.Changed) and message.input.id == "ev-date":
            self._show_date(message.value)
        self.edited()

    async def action_save_and_close(self) -> None:
        self._tried = True
        _, problem = self.current(final=False)
        if problem is None and await self.save_and_wait():
            self.dismiss(self.event if self.event.id is not None else None)
        else:
            if problem:
                self.set_status(f"● not saved: {problem}", "status-dirty")
            self.app.bell()

    async def action_close(self) -> None:
        self._tried = True
        _, problem = self.current(final=False)
        if problem is None or not self.has_anything(self.current(final=True)[0]):
            await self.save_and_wait()  # a failure stays in the queue: kept, retried, recovered
            self.dismiss(self.event if self.event.id is not None else None)
            return
        from journal.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.loaded(self._collect()[0])
                self.dismiss(self.event if self.event.id is not None else None)

        self.app.push_screen(
            ConfirmDialog("This event is not saved", f"It cannot be saved yet: {problem}\n\n"
                          "Discard what you typed since the last save?", yes="Discard", no="Keep editing"),
            answered,
        )

    async def action_open_reflection(self) -> None:
        day = self.event.reflection_day
        if day is None:
            self.notify("This event was not promoted from a reflection.")
            return
        _, problem = self.current(final=False)
        if problem is not None or not await self.save_and_wait():
            self.notify("Save the event first (it needs a title and a readable date).", severity="warning")
            return
        self.dismiss(self.event if self.event.id is not None else None)
        await self.app.open_day(day)  # type: ignore[attr-defined]



class EventView(Screen[None]):
    """One event in full, rendered as Markdown."""

    CSS_PATH = "breakthrough_editor.tcss"

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="view-back"),
        Binding("e", "edit", "Edit", id="view-edit"),
        Binding("t", "toggle_talking_point", "Talking point", id="view-talking-point"),
        Binding("g", "open_reflection", "Open reflection", id="view-open-reflection"),
    ]

    def __init__(self, event: Breakthrough) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadOnlyBanner()
        with VerticalScroll(id="view-body"):
            yield Markdown(visible(breakthrough_markdown(self.event, heading="#")), id="view-markdown")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Breakthrough"
        self.query_one("#view-body").focus()

    def _refresh(self) -> None:
        fresh = bt.get(self.app.db, self.event.id)  # type: ignore[attr-defined, arg-type]
        if fresh is not None:
            self.event = fresh
            self.query_one("#view-markdown", Markdown).update(visible(breakthrough_markdown(fresh, heading="#")))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.app.push_screen(EventEditor(self.event), lambda _: self._refresh())

    async def action_toggle_talking_point(self) -> None:
        if await self.app.change(bt.set_talking_point, self.event.id, not self.event.talking_point):  # type: ignore[attr-defined]
            self._refresh()

    async def action_open_reflection(self) -> None:
        if self.event.reflection_day is None:
            self.notify("This event was not promoted from a reflection.")
            return
        self.dismiss(None)
        await self.app.open_day(self.event.reflection_day)  # type: ignore[attr-defined]

"""Today's (or any day's) reflection: a free body, prompt answers and tags.

Nothing typed is lost: every change restarts a short autosave timer, and the
text is also saved on leaving the day, on leaving the screen and on quit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Label, Static, TextArea

from journal.screens.editing import EditorScreen
from journal.widgets.footer import KeyFooter
from journal.widgets.text_area import SafeTextArea
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainLabel
from journal.dates import describe
from journal.store import reflections, settings
from journal.store.reflections import Reflection
from journal.store.revision import Base
from journal.store.tags import format_tags, parse_tags

DAY_KEYS = Binding.Group("Day")  # the footer shows the pair as "alt+←/→ Day"


class AnswerArea(SafeTextArea):
    """The answer to one guided prompt."""


class PromptColumn(VerticalScroll, can_focus=False):
    """The prompts and answers; tab goes straight to the answers, not the column."""


class ReflectionScreen(EditorScreen[None]):
    STATUS_ID = "save-status"
    WHAT = "This reflection"
    AUTO_FOCUS = "#body"  # focused before the first frame: the footer is built once, with its keys
    # priority: see JournalApp.BINDINGS (keys typed right after these must not land
    # in the day being left)
    BINDINGS = [
        Binding("alt+left", "previous_day", "Prev day", id="previous-day", priority=True, group=DAY_KEYS),
        Binding("alt+right", "next_day", "Next day", id="next-day", priority=True, group=DAY_KEYS),
        Binding("ctrl+t", "today", "Today", id="today", priority=True),
        Binding("ctrl+g", "go_to_date", "Go to date", id="go-to-date", priority=True),
        Binding("alt+up", "previous_written_day", "Prev written day", show=False, id="previous-written-day", priority=True),
        Binding("alt+down", "next_written_day", "Next written day", show=False, id="next-written-day", priority=True),
        # Not in the footer (the prompts column says f2 edits them): room for f3 and f4.
        Binding("f2", "edit_prompts", "Prompts", show=False, id="edit-prompts", priority=True),
        Binding("ctrl+r", "promote", "Promote", id="promote", priority=True,
                tooltip="Promote the selection (or paragraph) to a breakthrough"),
        Binding("ctrl+o", "open_linked", "Linked breakthroughs", show=False, id="open-linked", priority=True),
        Binding("ctrl+s", "save", "Save now", show=False, id="save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.reflection: Reflection | None = None
        self._first_paint_done = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadOnlyBanner()
        with Horizontal(id="daybar"):
            yield Static(id="day-title")
            yield Static(id="linked")
            yield Static(id="save-status")
        with Horizontal(id="columns"):
            with Vertical(id="writing"):
                yield SafeTextArea(id="body", soft_wrap=True, placeholder="Write freely. Markdown is welcome.")
                yield Input(id="tags", placeholder="Tags, separated by commas: team, hiring")
            yield PromptColumn(id="prompts")
        yield KeyFooter()

    async def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#body").border_title = "Reflection"
        self.query_one("#tags").border_title = "Tags"
        await self.show_day(self.app.current_day)  # type: ignore[attr-defined]

    async def on_screen_resume(self) -> None:
        wanted = self.app.current_day  # type: ignore[attr-defined]
        if self.day is not None and wanted != self.day:
            await self.show_day(wanted)

    def on_screen_suspend(self) -> None:
        self.flush()

    # -- loading and saving ------------------------------------------------

    @property
    def db(self):
        return self.app.db  # type: ignore[attr-defined]

    async def show_day(self, day: date) -> None:
        """Hand the day on screen over to be saved, then show `day`, cursor in the body.

        A day whose last save has not reached the journal yet (the file is locked,
        the disk is full) shows that unsaved text, not the older stored one."""
        if self.day is not None:
            self.flush()
        self.day = day
        self.app.current_day = day  # type: ignore[attr-defined]
        pending = self.app.saves.pending(self.save_key())  # type: ignore[attr-defined]
        if pending is not None and pending.record is not None:
            self.reflection = pending.record
        else:
            # Plain SQL on the app's connection: the first frame needs no sqlite-utils.
            self.reflection = reflections.load(self.app.conn, day)  # type: ignore[attr-defined]
        self.loaded(self.reflection, pending=pending is not None)
        body = self.query_one("#body", TextArea)
        body.load_text(self.reflection.body)
        body.move_cursor(body.document.end)
        self.query_one("#tags", Input).value = format_tags(self.reflection.tags)
        if self._first_paint_done:
            await self._show_prompts(self.reflection)
            self._show_linked()
        else:
            # The first frame shows the day and the body; the answer areas and the
            # linked events follow a moment later, so startup stays light.
            self._first_paint_done = True
            self.app.after_first_frame(self._after_first_paint)  # type: ignore[attr-defined]
        self._show_day_title()
        if pending is not None:
            self.set_status("● not saved yet: the journal could not take it; trying again", "status-error")
        elif self.reflection.id is None:
            self.set_status("new day · nothing stored yet", "status-new")
        else:
            self.set_status(f"✓ saved {_clock(self.reflection.updated_at)}", "status-saved")
        if self.app.read_only_reason:  # type: ignore[attr-defined]
            self.set_read_only()
        body.focus()

    async def _after_first_paint(self) -> None:
        if self.reflection is not None:
            await self._show_prompts(self.reflection)
            self._show_linked()
            if self.app.read_only_reason:  # type: ignore[attr-defined]
                self.set_read_only()

    def set_read_only(self) -> None:
        """The file may not be changed (damaged, or read-only): show it, but let nothing be typed."""
        super().set_read_only()
        self.set_status("read-only · nothing is saved", "status-error")

    async def _show_prompts(self, reflection: Reflection) -> None:
        container = self.query_one("#prompts", PromptColumn)
        areas = list(container.query(AnswerArea))
        labels = [str(label.content) for label in container.query(".prompt").results(Label)]
        if labels != reflection.prompts:
            await container.remove_children()
            widgets = []
            for index, prompt in enumerate(reflection.prompts):
                widgets.append(PlainLabel(prompt, classes="prompt"))
                widgets.append(AnswerArea(id=f"answer-{index}", soft_wrap=True, classes="answer"))
            if reflection.prompts:
                widgets.append(Label("f2 changes the prompts for days you begin from now on.",
                                     id="prompts-hint", classes="hint"))
            else:
                widgets.append(Label("No guided prompts. Press F2 to choose some.", classes="prompt"))
            await container.mount_all(widgets)
            areas = list(container.query(AnswerArea))
        for index, area in enumerate(areas):
            area.load_text(reflection.answer(index))
            area.read_only = bool(self.app.read_only_reason)  # type: ignore[attr-defined]

    def _show_day_title(self) -> None:
        assert self.day is not None
        today = self.app.today()  # type: ignore[attr-defined]
        self.query_one("#day-title", Static).update(f"◀ {describe(self.day, today)} ▶")
        self.title = "Reflection"

    def _show_linked(self) -> None:
        from journal.store import breakthroughs as bt

        assert self.day is not None
        count = len(bt.from_reflection(self.db, self.day))
        noun = "breakthrough" if count == 1 else "breakthroughs"
        self.query_one("#linked", Static).update(f"★ {count} {noun} from this day · ctrl+o" if count else "")

    def _collect(self) -> Reflection:
        assert self.reflection is not None
        answers = [area.text for area in self.query(AnswerArea)]
        return replace(
            self.reflection,
            body=self.query_one("#body", TextArea).text,
            answers=answers,
            tags=parse_tags(self.query_one("#tags", Input).value),
        )

    # -- EditorScreen hooks ------------------------------------------------

    def save_key(self) -> str:
        return f"reflection:{self.day}"

    def save_label(self) -> str:
        assert self.day is not None
        return f"the reflection of {self.day:%A %-d %B %Y}"

    def current(self, final: bool) -> tuple[Reflection, str | None]:
        if self.reflection is None or not self.is_mounted:
            raise NoMatches("no day shown")
        return self._collect(), None

    def content_of(self, record: Reflection) -> tuple:
        answers = tuple(record.answer(i) for i in range(len(record.prompts)))
        return (record.day, record.body, answers, tuple(record.tags))

    def has_anything(self, record: Reflection) -> bool:
        return record.id is not None or not record.is_empty or self._base.value.id is not None

    def saving(self, record: Reflection, base: Base[Reflection], final: bool):
        from journal.store import recovery

        label = self.save_label()

        def run(db):
            return reflections.save_merging(db, record, base)

        return run, lambda: recovery.record_item("reflection", label, record, base.value)

    def hand_over(self, final: bool = False):
        future = super().hand_over(final)
        if future is not None:  # remembered with the save: coming back to the day shows it
            pending = self.app.saves.pending(self.save_key())  # type: ignore[attr-defined]
            if pending is not None:
                pending.record = self._latest
        return future

    def shows(self, record: Reflection) -> bool:
        return record.day == self.day

    def stored_of(self, handed: Reflection, outcome: reflections.Saved) -> Reflection:
        return outcome.reflection if outcome.reflection is not None else reflections.empty_day(handed)

    def saved_status(self, stored: Reflection) -> tuple[str, str]:
        if stored.id is None:
            return "day cleared · nothing stored", "status-new"
        return f"✓ saved {_clock(stored.updated_at)}", "status-saved"

    def saved(self, handed: Reflection, outcome: reflections.Saved) -> None:
        if outcome.report:
            today = self.app.today()  # type: ignore[attr-defined]
            what = "This reflection" if handed.day == self.day else \
                f"The reflection of {describe(handed.day, today)}"
            self.tell_merged(outcome.report, what)
        if handed.day != self.day:
            return  # a save of a day already left: nothing on screen to update
        stored = self.stored_of(handed, outcome)
        self.reflection = stored
        if self.content_of(stored) != self.content_of(handed):  # merged with changes made elsewhere
            self._show_merged(handed, stored)

    def _show_merged(self, handed: Reflection, saved: Reflection) -> None:
        """Put what the merged save stored on screen, keeping anything typed since
        the save was handed over (a three-way merge against the handed-over text)."""
        from journal.store.merge import merge_tags, merge_text

        if saved.prompts != handed.prompts:
            self.call_next(self._show_prompts, saved)
        areas = [(self.query_one("#body", TextArea), handed.body, saved.body)]
        areas += [(area, handed.answer(i), saved.answer(i)) for i, area in enumerate(self.query(AnswerArea))]
        for area, was, stored in areas:
            wanted, _ = merge_text(was, area.text, stored, "meanwhile")
            self.set_text(area, wanted)
        tags = self.query_one("#tags", Input)
        wanted_tags = merge_tags(handed.tags, parse_tags(tags.value), saved.tags)
        if wanted_tags != parse_tags(tags.value):
            tags.value = format_tags(wanted_tags)

    def journal_replaced(self) -> None:
        """A restore (or another file) is under the app now: show what it holds for
        this day, with any unsaved text merged in by the save that follows."""
        if self.dirty:
            self.hand_over()
            return
        if self.day is not None and self.app.saves.pending(self.save_key()) is None:  # type: ignore[attr-defined]
            self.day, day = None, self.day
            self.call_later(self.show_day, day)

    @on(TextArea.Changed)
    @on(Input.Changed, "#tags")
    def _on_edit(self) -> None:
        self.edited()

    # -- actions -----------------------------------------------------------

    async def action_previous_day(self) -> None:
        await self._step(-1)

    async def action_next_day(self) -> None:
        await self._step(+1)

    async def _step(self, days: int) -> None:
        assert self.day is not None
        try:
            day = self.day + timedelta(days=days)
        except OverflowError:
            self.notify(f"There is no day {'before' if days < 0 else 'after'} {self.day:%-d %B} {self.day.year}.")
            return
        await self.show_day(day)

    async def action_today(self) -> None:
        await self.show_day(self.app.today())  # type: ignore[attr-defined]

    async def action_previous_written_day(self) -> None:
        await self._go_written(-1)

    async def action_next_written_day(self) -> None:
        await self._go_written(+1)

    async def _go_written(self, direction: int) -> None:
        assert self.day is not None
        found = reflections.nearest_written_day(self.db, self.day, direction)
        if found is None:
            word = "before" if direction < 0 else "after"
            self.notify(f"No reflection {word} {self.day:%-d %B %Y}.")
            return
        await self.show_day(found)

    def action_go_to_date(self) -> None:
        from journal.screens.dialogs import GoToDateDialog

        async def chosen(day: date | None) -> None:
            if day is not None:
                await self.show_day(day)

        self.app.push_screen(GoToDateDialog(self.app.today()), chosen)  # type: ignore[attr-defined]

    async def action_save(self) -> None:
        if await self.save_and_wait():
            self.notify("Saved.", timeout=2)

    def action_edit_prompts(self) -> None:
        from journal.screens.dialogs import PromptsDialog

        async def chosen(prompts: list[str] | None) -> None:
            from journal.store import recovery

            if prompts is None:
                return
            try:
                stored = await self.app.write(  # type: ignore[attr-defined]
                    lambda db: settings.set_prompts(db, prompts), key="prompts", label="the guided prompts",
                    recovery=lambda: recovery.call_item("set_prompts", "the guided prompts", prompts))
            except ValueError as error:
                self.notify(str(error), title="Prompts not changed", severity="error")
                return
            except Exception as error:
                self.notify(f"The prompts are not saved yet: {self.app.failure_sentence(error)} "  # type: ignore[attr-defined]
                            "They are kept and tried again.", title="Prompts", severity="error")
                return
            self.notify(
                f"{len(stored)} prompts saved. They apply to days you begin from now on; "
                "days already written keep theirs.",
                title="Prompts",
            )
            # A day not yet begun takes the new set at once.
            if self.reflection is not None and self.reflection.id is None and not self.dirty:
                self.reflection = replace(self.reflection, prompts=stored, answers=[])
                self.loaded(self.reflection)
                self.call_later(self._show_prompts, self.reflection)

        self.app.push_screen(PromptsDialog(settings.get_prompts(self.db)), chosen)

    def _passage(self) -> str:
        """The selected text, else the paragraph around the cursor, of the focused text area."""
        area = self.focused if isinstance(self.focused, TextArea) else self.query_one("#body", TextArea)
        if area.selected_text.strip():
            return area.selected_text.strip()
        lines = area.text.split("\n")
        row = min(area.cursor_location[0], len(lines) - 1)
        if not lines[row].strip():
            return ""
        start, end = row, row
        while start > 0 and lines[start - 1].strip():
            start -= 1
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        return "\n".join(lines[start:end + 1]).strip()

    def action_promote(self) -> None:
        """Open a new breakthrough pre-filled with the passage, linked to this day."""
        from journal.screens.breakthrough_editor import EventEditor
        from journal.store.breakthroughs import Breakthrough

        passage = self._passage()
        if not passage:
            self.notify("Select a passage, or put the cursor in a paragraph, then press ctrl+r.",
                        title="Nothing to promote")
            return
        self.flush()
        assert self.day is not None
        first_line = passage.splitlines()[0].lstrip("#-* ").strip()
        title = first_line if len(first_line) <= 70 else first_line[:69].rsplit(" ", 1)[0] + "…"
        event = Breakthrough(happened_on=self.day, title=title, breakthrough=passage, reflection_day=self.day)
        self.app.push_screen(EventEditor(event), lambda _: self._show_linked())

    def action_open_linked(self) -> None:
        from journal.screens.breakthrough_editor import EventView
        from journal.screens.dialogs import PickDialog
        from journal.store import breakthroughs as bt

        assert self.day is not None
        events = bt.from_reflection(self.db, self.day)
        if not events:
            self.notify("No breakthrough was promoted from this day yet; select a passage and press ctrl+r.")
            return
        if len(events) == 1:
            self.app.push_screen(EventView(events[0]), lambda _: self._show_linked())
            return
        by_id = {str(e.id): e for e in events}

        def chosen(key: str | None) -> None:
            if key is not None:
                self.app.push_screen(EventView(by_id[key]), lambda _: self._show_linked())

        self.app.push_screen(PickDialog("Breakthroughs from this day",
                                        [(str(e.id), e.title) for e in events]), chosen)

    def palette_commands(self):
        return [
            ("Promote to breakthrough", "Turn the selected passage (or paragraph) into a breakthrough event",
             self.action_promote),
            ("Breakthroughs from this day", "Open the events promoted from this reflection", self.action_open_linked),
            ("Previous day", "Show the day before", self.action_previous_day),
            ("Next day", "Show the day after", self.action_next_day),
            ("Go to date…", "Type a date: 2026-03-14, yesterday, last friday, march 3", self.action_go_to_date),
            ("Previous written day", "Jump to the closest earlier day with a reflection", self.action_previous_written_day),
            ("Next written day", "Jump to the closest later day with a reflection", self.action_next_written_day),
            ("Edit prompts", "Choose the guided prompts for new days", self.action_edit_prompts),
            ("Save now", "Save this reflection now (it also saves by itself)", self.action_save),
        ]


def _clock(stamp: str | None) -> str:
    return stamp[11:19] if stamp else ""

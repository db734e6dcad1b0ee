"""Strategy notes by status, the reviews that are due, and how decisions turned out.

The list is read in a worker, a page at a time (the next page when the cursor
reaches the end); each keystroke in the filter interrupts the query it
supersedes (see screens/reading.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList
from textual.widgets.option_list import Option as ListOption

from journal.text import visible
from journal.widgets.footer import KeyFooter
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainOptionList, PlainStatic
from journal.widgets.markdown_preview import MarkdownPreview
from journal.widgets.record_list import RecordList
from journal.export import strategy_note_markdown, strategy_notes_document
from journal.store import strategies as st
from journal.store.strategies import PAGE_SIZE, Filter, NoteSummary, StrategyNote
from journal.screens.reading import COUNT_LIMIT, Readers, Superseded, interrupted, journal_state, shown_of

STATUS_CYCLE = (None, "open", "decided", "reviewed", "due")
EXPORT_LIMIT = 2000


class NotesTable(RecordList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class StrategyScreen(Screen):
    CSS_PATH = "strategy.tcss"

    BINDINGS = [
        Binding("n", "new", "New note", id="st-new"),
        Binding("e", "open", "Open", id="st-open"),
        Binding("s", "cycle_status", "Status filter", id="st-status"),
        Binding("x", "export_note", "Export", id="st-export"),
        Binding("X", "export_all", "Export all", show=False, id="st-export-all"),
        Binding("d,delete", "delete", "Delete", show=False, id="st-delete"),
        Binding("u", "undo_delete", "Undo delete", show=False, id="st-undo"),
        Binding("f", "focus_search", "Filter", id="st-focus-search"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="st-clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = Filter()
        self.notes: list[NoteSummary] = []
        self.total = 0
        self.last_deleted: list[int] = []
        self.readers = Readers()  # the list's workers
        self.overview_readers = Readers()  # the due list's and summary's: keystrokes leave them be
        self._loaded_at: tuple | None = None  # journal_state() when the lists were last loaded
        self._more = False
        self._loading_more = False
        self._keep_cursor_id: int | None = None
        self._keep_row: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadOnlyBanner()
        with Horizontal(id="st-filters"):
            yield Input(id="st-text", placeholder="Search notes and their options")
            yield Input(id="st-tag", placeholder="Tag")
        yield PlainStatic("", id="st-line")
        yield PlainStatic("", id="st-summary")
        with Horizontal(id="st-main"):
            with Vertical(id="st-left"):
                yield Label("", id="st-due-label")
                yield PlainOptionList(id="st-due")
                yield NotesTable(highlighted=self._highlighted, near_end=self._load_more, id="st-list")
            with VerticalScroll(id="st-detail-pane"):
                yield MarkdownPreview(id="st-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Strategy notes"
        table = self.query_one(NotesTable)
        for label, key, width in (("Decision or question", "question", 34), ("Status", "status", 9),
                                  ("Options", "options", 8), ("Review", "review", 10)):
            table.add_column(label, key=key, width=width, flex=key == "question")
        table.focus()
        # The first page is read here, before the screen is first drawn (a few ms), so the
        # list is laid out and painted once, filled; the overview follows from a worker.
        self._loaded_at = journal_state(self.app)
        self._show(self.readers.supersede(), 0, *self._read(self.app.db, self.filter, 0))  # type: ignore[attr-defined]
        self._reload_overview(self.app.db)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        # Reload only if something was saved meanwhile, or the day changed (reviews due).
        if self.is_mounted and self._loaded_at != journal_state(self.app):
            self.reload(keep_cursor=True)

    def journal_replaced(self) -> None:
        """A restore under the open app (JournalApp._check_file): show what the file holds now."""
        if self.is_mounted:
            self.reload(keep_cursor=True)

    @property
    def today(self):
        return self.app.today()  # type: ignore[attr-defined]

    def reload(self, keep_cursor: bool = False, data_changed: bool = True) -> None:
        """The list for the filter; with data_changed, also the due list, the summary
        and the header count (which ignore the filter: not worth redoing per keystroke)."""
        generation = self.readers.supersede()  # the superseded query stops now, not when it would end
        if data_changed:
            self._loaded_at = journal_state(self.app)
        self._keep_cursor_id = self._current_id() if keep_cursor else None
        self._keep_row = self.query_one(NotesTable).cursor_row if keep_cursor else None
        rows = max(PAGE_SIZE, len(self.notes)) if keep_cursor else PAGE_SIZE  # the cursor's note is found
        self._load(self.filter, generation, 0, rows)
        if data_changed:
            self._reload_overview(self.app.db)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def _load(self, flt: Filter, generation: int, offset: int, rows: int | None = None) -> None:
        try:
            with self.readers.reader(self.app.db, generation) as reader:  # type: ignore[attr-defined]
                found = self._read(reader, flt, offset, rows)
        except Superseded:
            return  # typed on while the connection opened: the interrupt had nothing to stop
        except sqlite3.OperationalError as error:
            if interrupted(error):
                return  # superseded by a later keystroke: nothing to show, nothing to say
            raise
        self.app.call_from_thread(self._show, generation, offset, *found)

    def _read(self, reader, flt: Filter, offset: int, rows: int | None = None) -> tuple[list[NoteSummary], int | None]:
        """A page of notes from offset, and on the first page their (capped) count."""
        total = st.count(reader, flt, self.today, at_most=COUNT_LIMIT) if offset == 0 else None
        return st.list_notes(reader, flt, self.today, limit=rows or PAGE_SIZE, offset=offset), total

    def _show(self, generation: int, offset: int, notes: list[NoteSummary], total: int | None) -> None:
        if generation != self.generation:
            return  # a later keystroke's results are on their way
        table = self.query_one(NotesTable)
        if offset == 0:
            self.notes = []
            table.clear()
            self.total = total or 0
        self._more = len(notes) >= PAGE_SIZE  # a short page was the last
        if offset:  # a save elsewhere since the last page shifts the next one: never list a row twice
            listed = {note.id for note in self.notes}
            notes = [note for note in notes if note.id not in listed]
        self.notes.extend(notes)
        self._loading_more = False
        table.add_rows((self._cells(note) for note in notes), (str(note.id) for note in notes))
        if offset == 0 and self._keep_row is not None:
            rows = [index for index, note in enumerate(self.notes) if note.id == self._keep_cursor_id]
            if rows or self.notes:
                table.move_cursor(row=rows[0] if rows else min(self._keep_row, len(self.notes) - 1))
        self._describe()
        self._show_detail()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _reload_overview(self, db) -> None:
        """The due list and the summary, which read every decided note: in a worker."""
        try:
            with self.overview_readers.reader(db, self.overview_readers.supersede()) as reader:
                due, summary = st.reviews_due(reader, self.today), st.summary(reader)
        except sqlite3.OperationalError as error:
            if interrupted(error):
                return
            raise
        self.app.call_from_thread(self._show_overview, due, summary)

    def _show_overview(self, due: list[NoteSummary], summary: st.Summary) -> None:
        due_list = self.query_one("#st-due", OptionList)
        due_list.clear_options()
        due_list.add_options(ListOption(f"{n.review_on:%d %b %Y}  {n.question}", id=str(n.id)) for n in due)
        due_list.display = bool(due)
        if due:
            due_list.highlighted = 0
        self.query_one("#st-due-label", Label).update(
            f"⚑ Reviews due ({len(due)}): enter opens" if due else "No reviews due.")
        self.query_one("#st-summary", PlainStatic).update(summary.sentence())
        self.app.refresh_due_count()  # type: ignore[attr-defined]

    @property
    def generation(self) -> int:
        """The newest list asked for; results of older ones are dropped."""
        return self.readers.generation

    def _cells(self, note: NoteSummary) -> tuple:
        options = f"{note.incremental}i {note.breakthrough}b"
        review = note.review_on.isoformat() if note.review_on and note.status == "decided" else ""
        if note.review_on and note.status == "decided" and note.review_on <= self.today:
            review = "⚑ " + note.review_on.strftime("%d %b")
        return note.question, note.status, options, review

    def _describe(self) -> None:
        f = self.filter
        parts = []
        if f.text.strip():
            parts.append(f'text "{f.text.strip()}"')
        if f.tag:
            parts.append(f"#{f.tag}")
        if f.status:
            parts.append("reviews due" if f.status == "due" else f.status)
        shown = shown_of(len(self.notes), self.total, COUNT_LIMIT)
        noun = "note" if self.total == 1 else "notes"
        self.query_one("#st-line", PlainStatic).update(
            f"{shown} {noun} · " + (" · ".join(parts) if parts else "all") +
            "\nkeys: n new · enter open · f filter · s status (open/decided/reviewed/due) · x export · esc clears")

    def _current(self) -> NoteSummary | None:
        table = self.query_one(NotesTable)
        if not self.notes or not 0 <= table.cursor_row < len(self.notes):
            return None
        return self.notes[table.cursor_row]

    def _current_id(self) -> int | None:
        current = self._current()
        return current.id if current else None

    def _highlighted(self, row: int) -> None:
        self._show_detail()  # one widget re-rendered: in the same frame as the cursor
        if row >= len(self.notes) - 1:
            self._load_more()

    def _load_more(self) -> None:
        """The next page, once: the cursor or the scrolling reached the last row."""
        if self._more and not self._loading_more:
            self._loading_more = True
            self._load(self.filter, self.generation, len(self.notes))

    def _show_detail(self) -> None:
        current = self._current()
        detail = self.query_one("#st-detail", MarkdownPreview)
        if current is None:
            detail.show("No strategy notes match. Press **n** to open one for a decision you face."
                        if self.filter != Filter() else
                        "No strategy notes yet. Press **n** to open one for a decision you face: list the "
                        "options, at least one of them a breakthrough, decide, and review what it brought.")
            return
        note = st.get(self.app.db, current.id)  # type: ignore[attr-defined]
        if note is not None:
            detail.show(visible(strategy_note_markdown(note, table=False)))

    @on(Input.Changed, "#st-text")
    def _text(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, text=event.value)
        self.reload(data_changed=False)

    @on(Input.Changed, "#st-tag")
    def _tag(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, tag=event.value.strip().lstrip("#") or None)
        self.reload(data_changed=False)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(NotesTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#st-text", Input).focus()

    def action_clear_filters(self) -> None:
        for input_id in ("#st-text", "#st-tag"):
            with self.query_one(input_id, Input).prevent(Input.Changed):
                self.query_one(input_id, Input).value = ""
        self.filter = Filter()
        self.query_one(NotesTable).focus()
        self.reload()

    def action_cycle_status(self) -> None:
        status = STATUS_CYCLE[(STATUS_CYCLE.index(self.filter.status) + 1) % len(STATUS_CYCLE)]
        self.filter = replace(self.filter, status=status)
        self.reload(data_changed=False)

    def _open(self, note: StrategyNote) -> None:
        from journal.screens.strategy_note import NoteEditor

        self.app.push_screen(NoteEditor(note))

    def action_new(self) -> None:
        self._open(StrategyNote(question=""))

    @on(RecordList.Selected, "#st-list")
    def action_open(self) -> None:
        current = self._current()
        if current is not None:
            note = st.get(self.app.db, current.id)  # type: ignore[attr-defined]
            if note is not None:
                self._open(note)

    @on(OptionList.OptionSelected, "#st-due")
    def _open_due(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        note = st.get(self.app.db, int(event.option.id))  # type: ignore[attr-defined]
        if note is not None:
            self._open(note)

    def action_delete(self) -> None:
        from journal.screens.dialogs import ConfirmDialog

        current = self._current()
        if current is None:
            return

        async def answered(yes: bool | None) -> None:
            if yes and await self.app.change(st.trash, current.id):  # type: ignore[attr-defined]
                self.last_deleted.append(current.id)
                self.notify(f"“{current.question}” deleted. Press u to undo.", title="Deleted")
                self.reload()

        self.app.push_screen(ConfirmDialog("Delete this strategy note?", f"“{current.question}” and its options "
                                           "will be hidden; u brings it back.", yes="Delete"), answered)

    async def action_undo_delete(self) -> None:
        if not self.last_deleted:
            self.notify("Nothing to undo.")
            return
        if await self.app.change(st.restore, self.last_deleted[-1]):  # type: ignore[attr-defined]
            self.last_deleted.pop()
            self.reload()

    def _export(self, markdown: str, summary: str, name: str) -> None:
        from journal.screens.dialogs import SaveMarkdownDialog

        self.app.push_screen(SaveMarkdownDialog(markdown, summary, f"~/{name}-{self.today.isoformat()}.md",
                                                title="Export to Markdown"))

    def action_export_note(self) -> None:
        current = self._current()
        note = st.get(self.app.db, current.id) if current else None  # type: ignore[attr-defined]
        if note is None:
            self.notify("No note to export.")
            return
        self._export(strategy_note_markdown(note, heading="#"), f"“{note.question}”", "strategy-note")

    def action_export_all(self) -> None:
        if self.total == 0:
            self.notify("No notes to export.")
            return
        if self.total > EXPORT_LIMIT:
            many = shown_of(self.total, self.total, COUNT_LIMIT)
            self.notify(f"{many} notes is more than one document should hold; narrow the filter.",
                        severity="warning")
            return
        notes = st.iter_notes(self.app.db, self.filter, self.today)  # type: ignore[attr-defined]
        self._export(strategy_notes_document(notes, self.today), f"{self.total} notes", "strategy-notes")

    def palette_commands(self):
        return [
            ("New strategy note", "Open a note for a decision or question you face", self.action_new),
            ("Open strategy note", "Open the highlighted note", self.action_open),
            ("Filter notes by status", "All, open, decided, reviewed, reviews due", self.action_cycle_status),
            ("Export note to Markdown", "The highlighted note, options as a table", self.action_export_note),
            ("Export all notes to Markdown", "Every note that matches the filter", self.action_export_all),
            ("Delete strategy note", "Hide the highlighted note (u undoes)", self.action_delete),
        ]

"""Review the breakthrough-events file from the keyboard.

Filtering runs in a worker thread on its own read-only connection; each
keystroke interrupts the query it supersedes and its results replace the
previous ones (older generations are dropped). The list holds one page at a
time and loads the next when the cursor reaches its end; the count stops at
10,000, and more matches than that are listed newest first rather than ranked
(bm25 scores every match: 0.4 s for one letter at 200,000 events), so it stays
instant at 200,000 events.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Sparkline, Static

from journal.text import visible
from journal.widgets.footer import KeyFooter
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainStatic
from journal.widgets.markdown_preview import MarkdownPreview
from journal.widgets.record_list import RecordList
from journal.dates import DateError, describe_range, parse_range
from journal.export import breakthrough_markdown, talking_points_brief
from journal.store import breakthroughs as bt
from journal.store.breakthroughs import CHANGE_AREAS, PAGE_SIZE, Breakthrough, Filter
from journal.screens.reading import COUNT_LIMIT, Readers, Superseded, interrupted, journal_state, shown_of
from journal.store.tags import parse_tags

BRIEF_LIMIT = 500
ROLE_CYCLE = (None, "caused", "participated")
AREA_LETTERS = {"attitude": "A", "behavior": "B", "skills": "S", "focus": "F"}


class EventTable(RecordList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class BreakthroughsScreen(Screen):
    CSS_PATH = "breakthroughs.tcss"

    BINDINGS = [
        Binding("n", "new", "New", id="bt-new"),
        Binding("e", "edit", "Edit", id="bt-edit"),
        Binding("t", "toggle_talking_point", "Talking pt", id="bt-talking-point"),
        Binding("d,delete", "delete", "Delete", id="bt-delete"),
        Binding("u", "undo_delete", "Undo delete", show=False, id="bt-undo"),
        Binding("space", "mark", "Mark", show=False, id="bt-mark"),
        Binding("b", "brief", "Brief", id="bt-brief"),
        Binding("f", "focus_search", "Filter", id="bt-focus-search"),
        Binding("escape", "clear_filters", "Clear filters", id="bt-clear"),
        Binding("1", "toggle_area('attitude')", "Attitude", show=False, id="bt-area-attitude"),
        Binding("2", "toggle_area('behavior')", "Behavior", show=False, id="bt-area-behavior"),
        Binding("3", "toggle_area('skills')", "Skills", show=False, id="bt-area-skills"),
        Binding("4", "toggle_area('focus')", "Focus", show=False, id="bt-area-focus"),
        Binding("r", "cycle_role", "Role filter", show=False, id="bt-role"),
        Binding("p", "toggle_talking_points_only", "Talking points only", show=False, id="bt-tp-only"),
        Binding("s", "toggle_sort", "Sort", show=False, id="bt-sort"),
        Binding("g", "open_reflection", "Open reflection", show=False, id="bt-open-reflection"),
        Binding("T", "trash", "Trash", show=False, id="bt-trash"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = Filter()
        self.date_problem: str | None = None
        self.total = 0
        self.events: list[Breakthrough] = []
        self.marked: set[int] = set()
        self.last_deleted: list[int] = []
        self._loading_more = False
        self._more = False
        self.readers = Readers()
        self._loaded_at: tuple | None = None  # journal_state() when the list was last loaded
        self.too_many_to_rank = False  # listed newest first: more than COUNT_LIMIT match
        self._keep_cursor_id: int | None = None  # refilter(keep_cursor): the event the cursor was on
        self._keep_row: int | None = None  # and its row, if it is gone

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadOnlyBanner()
        with Horizontal(id="bt-filters"):
            yield Input(id="bt-text", placeholder="Search: words in any field")
            yield Input(id="bt-tags", placeholder="Tags: team, hiring")
            yield Input(id="bt-dates", placeholder="Dates: 2025, since march, last quarter")
        yield PlainStatic("", id="bt-filter-line")
        with Horizontal(id="bt-main"):
            yield EventTable(highlighted=self._highlighted, near_end=self._load_more, id="bt-list")
            with VerticalScroll(id="bt-detail-pane"):
                yield MarkdownPreview(id="bt-detail")
        with Horizontal(id="bt-chart"):
            yield Static("", id="bt-chart-label")
            with Vertical(id="bt-spark-col"):
                yield Sparkline([], id="bt-spark")
                yield Static("", id="bt-spark-months")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Breakthroughs"
        table = self.query_one(EventTable)
        table.add_column("✓", key="mark", width=1)
        table.add_column("Date", key="date", width=10)
        table.add_column("Title", key="title", width=28, flex=True)
        table.add_column("Changed", key="areas", width=7)
        table.add_column("Role", key="role", width=9)
        table.add_column("★", key="tp", width=1)
        table.focus()
        # The first page is read here, before the screen is first drawn (a few ms: the
        # newest events, by index), so the list is laid out and painted once, filled.
        self._loaded_at = journal_state(self.app)
        self._keep_cursor_id = self._keep_row = None
        self._show(self.readers.supersede(), 0, *self._read(self.app.db, self.filter, 0))  # type: ignore[attr-defined]
        self._update_chart()

    def on_screen_resume(self) -> None:
        # Back from an editor, the trash, another screen: reload only if something was
        # saved meanwhile (reloading a page and the detail costs 100-400 ms at 100,000).
        if self.is_mounted and self._loaded_at != journal_state(self.app):
            self.refilter(keep_cursor=True, data_changed=True)

    def journal_replaced(self) -> None:
        """A restore under the open app (JournalApp._check_file): show what the file holds now."""
        if self.is_mounted:
            self.refilter(keep_cursor=True, data_changed=True)

    # -- filtering ---------------------------------------------------------

    def refilter(self, keep_cursor: bool = False, data_changed: bool = False, keep_id: int | None = None) -> None:
        """Reload the list for the filter (every keystroke); the chart, which ignores
        the filter, only when the data may have changed."""
        generation = self.readers.supersede()  # the superseded query stops now, not when it would end
        if data_changed:
            self._loaded_at = journal_state(self.app)
        self._describe_filter()
        # Keeping the cursor: on its event (keep_id, else the current one), reading as many
        # rows as are listed so an event on a later page is found; if it is gone, on its row.
        self._keep_cursor_id = keep_id if keep_id is not None else (self._current_id() if keep_cursor else None)
        self._keep_row = self.query_one(EventTable).cursor_row if keep_cursor or keep_id is not None else None
        rows = max(PAGE_SIZE, len(self.events)) if self._keep_row is not None else PAGE_SIZE
        self._load(self.filter, generation, 0, rows)
        if data_changed:
            self._update_chart()

    @work(thread=True, exclusive=True, group="filter", exit_on_error=False)
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

    def _read(self, reader, flt: Filter, offset: int,
              rows: int | None = None) -> tuple[list[Breakthrough], int | None, bool | None]:
        """A page of events from offset; on the first page the (capped) count too, and
        whether too many match to rank them (then they are listed newest first)."""
        total = too_many = None
        if offset == 0:
            total = bt.count(reader, flt, at_most=COUNT_LIMIT)
            too_many = flt.ranked and total > COUNT_LIMIT
        if too_many or (offset and self.too_many_to_rank):
            flt = replace(flt, by_relevance=False)
        return bt.search(reader, flt, limit=rows or PAGE_SIZE, offset=offset), total, too_many

    def _show(self, generation: int, offset: int, events: list[Breakthrough], total: int | None,
              too_many: bool | None = None) -> None:
        if generation != self.generation:
            return  # a later keystroke's results are on their way
        table = self.query_one(EventTable)
        if offset == 0:
            self.events = []
            table.clear()
            self.total = total or 0
            self.too_many_to_rank = bool(too_many)
        self._more = len(events) >= PAGE_SIZE  # a short page was the last
        if offset:  # a save elsewhere since the last page shifts the next one: never list a row twice
            listed = {event.id for event in self.events}
            events = [event for event in events if event.id not in listed]
        self.events.extend(events)
        table.add_rows((self._cells(event) for event in events), (str(event.id) for event in events))
        self._loading_more = False
        if offset == 0 and self._keep_row is not None:
            rows = [index for index, event in enumerate(self.events) if event.id == self._keep_cursor_id]
            table.move_cursor(row=rows[0] if rows else min(self._keep_row, len(self.events) - 1))
        self._describe_filter()
        self._show_detail()

    @property
    def generation(self) -> int:
        """The newest list asked for; results of older ones are dropped."""
        return self.readers.generation

    def _cells(self, event: Breakthrough) -> tuple:
        areas = "".join(AREA_LETTERS[a] if a in event.change_areas else "·" for a in CHANGE_AREAS)
        role = "caused" if event.role == "caused" else "took part"
        return ("✓" if event.id in self.marked else " ", event.happened_on.isoformat(), event.title,
                areas, role, "★" if event.talking_point else " ")

    def _describe_filter(self) -> None:
        f = self.filter
        parts = []
        if f.text.strip():
            parts.append(f'text "{f.text.strip()}"')
        if f.tags:
            parts.append("tags " + ", ".join(f"#{t}" for t in f.tags))
        if f.areas:
            parts.append("changed " + " + ".join(f.areas))
        if f.role:
            parts.append(f"role {f.role}")
        if f.talking_points_only:
            parts.append("talking points only")
        if f.since or f.until:
            parts.append(describe_range(f.since, f.until))
        order = "best match first" if f.ranked else "newest first"
        if f.ranked and self.too_many_to_rank:
            order = f"newest first (best match first when {COUNT_LIMIT:,} or fewer match)"
        shown = shown_of(len(self.events), self.total, COUNT_LIMIT)
        noun = "event" if self.total == 1 else "events"
        line = f"{shown} {noun} · " + (" · ".join(parts) + " · " if parts else "all · ") + order
        if self.marked:
            line += f" · {len(self.marked)} marked"
        if self.date_problem:
            line += f"\n⚠ Dates ignored: {self.date_problem}"
        line += "\nkeys: f filter · 1-4 change area (A B S F) · r role · p talking points · s sort · space mark · esc clears"
        self.query_one("#bt-filter-line", PlainStatic).update(line)
        self.query_one("#bt-filter-line").set_class(bool(self.date_problem), "has-error")

    @on(Input.Changed, "#bt-text")
    def _text_changed(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, text=event.value)
        self.refilter()

    @on(Input.Changed, "#bt-tags")
    def _tags_changed(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, tags=tuple(parse_tags(event.value)))
        self.refilter()

    @on(Input.Changed, "#bt-dates")
    def _dates_changed(self, event: Input.Changed) -> None:
        try:
            since, until = parse_range(event.value, self.app.today())  # type: ignore[attr-defined]
            self.date_problem = None
        except DateError as error:
            since, until = None, None
            self.date_problem = str(error)
        self.filter = replace(self.filter, since=since, until=until)
        self.refilter()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(EventTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#bt-text", Input).focus()

    def action_clear_filters(self) -> None:
        if self.filter.is_empty() and not self.date_problem:
            self.query_one(EventTable).focus()
            return
        for input_id in ("#bt-text", "#bt-tags", "#bt-dates"):
            with self.query_one(input_id, Input).prevent(Input.Changed):
                self.query_one(input_id, Input).value = ""
        self.filter = Filter(by_relevance=self.filter.by_relevance)
        self.date_problem = None
        self.query_one(EventTable).focus()
        self.refilter()

    def action_toggle_area(self, area: str) -> None:
        areas = set(self.filter.areas) ^ {area}
        self.filter = replace(self.filter, areas=tuple(a for a in CHANGE_AREAS if a in areas))
        self.refilter()

    def action_cycle_role(self) -> None:
        role = ROLE_CYCLE[(ROLE_CYCLE.index(self.filter.role) + 1) % len(ROLE_CYCLE)]
        self.filter = replace(self.filter, role=role)
        self.refilter()

    def action_toggle_talking_points_only(self) -> None:
        self.filter = replace(self.filter, talking_points_only=not self.filter.talking_points_only)
        self.refilter()

    def action_toggle_sort(self) -> None:
        self.filter = replace(self.filter, by_relevance=not self.filter.by_relevance)
        if not fts_text(self.filter):
            self.notify("Sorting by relevance applies while searching text; the list is newest first.")
        self.refilter()

    # -- the list ----------------------------------------------------------

    def _current(self) -> Breakthrough | None:
        table = self.query_one(EventTable)
        if not self.events or table.cursor_row < 0 or table.cursor_row >= len(self.events):
            return None
        return self.events[table.cursor_row]

    def _current_id(self) -> int | None:
        current = self._current()
        return current.id if current else None

    def _highlighted(self, row: int) -> None:
        self._show_detail()  # one widget re-rendered: in the same frame as the cursor
        if row >= len(self.events) - 1:
            self._load_more()

    def _load_more(self) -> None:
        """The next page, once: the cursor or the scrolling reached the last row."""
        if self._more and not self._loading_more:
            self._loading_more = True
            self._load(self.filter, self.generation, len(self.events))

    def _show_detail(self) -> None:
        current = self._current()
        detail = self.query_one("#bt-detail", MarkdownPreview)
        if current is None:
            detail.show("No events match. Press **n** to record one, or **esc** to clear the filters."
                        if not self.filter.is_empty() or self.date_problem else
                        "No breakthroughs yet. Press **n** to record one, or promote a passage of a "
                        "reflection with **ctrl+r**.")
        else:
            detail.show(visible(breakthrough_markdown(current)))

    @on(RecordList.Selected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from journal.screens.breakthrough_editor import EventView

        current = self._current()
        if current is not None:
            self.app.push_screen(EventView(current))

    def action_new(self) -> None:
        from journal.screens.breakthrough_editor import EventEditor

        self.app.push_screen(EventEditor(Breakthrough(happened_on=self.app.today())))  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        from journal.screens.breakthrough_editor import EventEditor

        current = self._current()
        if current is not None:
            self.app.push_screen(EventEditor(current))

    async def action_toggle_talking_point(self) -> None:
        current = self._current()
        if current is None:
            return
        if await self.app.change(bt.set_talking_point, current.id, not current.talking_point):  # type: ignore[attr-defined]
            self.refilter(keep_cursor=True, data_changed=True)

    def action_mark(self) -> None:
        current = self._current()
        if current is None or current.id is None:
            return
        self.marked ^= {current.id}
        table = self.query_one(EventTable)
        table.update_cell(str(current.id), "mark", "✓" if current.id in self.marked else " ")
        table.action_cursor_down()
        self._describe_filter()

    def action_delete(self) -> None:
        from journal.screens.dialogs import ConfirmDialog

        current = self._current()
        if current is None:
            return

        async def answered(yes: bool | None) -> None:
            if yes and current.id is not None and await self.app.change(bt.trash, current.id):  # type: ignore[attr-defined]
                self.last_deleted.append(current.id)
                self.marked.discard(current.id)
                self.notify(f"“{current.title}” moved to the trash. Press u to undo.", title="Deleted")
                self.refilter(keep_cursor=True, data_changed=True)  # gone: the cursor stays on its row

        self.app.push_screen(
            ConfirmDialog("Delete this breakthrough?", f"“{current.title}” ({current.happened_on}) goes to the "
                          "trash; u brings it back, and the trash (shift+t) keeps it until you empty it.",
                          yes="Delete"),
            answered,
        )

    async def action_undo_delete(self) -> None:
        if not self.last_deleted:
            self.notify("Nothing to undo.")
            return
        event_id = self.last_deleted[-1]
        if not await self.app.change(bt.restore, event_id):  # type: ignore[attr-defined]
            return
        self.last_deleted.pop()
        self.notify("Restored from the trash.")
        self.refilter(data_changed=True, keep_id=event_id)

    async def action_open_reflection(self) -> None:
        current = self._current()
        if current is None:
            return
        if current.reflection_day is None:
            self.notify("This event was not promoted from a reflection.")
            return
        await self.app.open_day(current.reflection_day)  # type: ignore[attr-defined]

    def action_trash(self) -> None:
        from journal.screens.dialogs import TrashDialog

        self.app.push_screen(TrashDialog(), lambda _: self.refilter(keep_cursor=True, data_changed=True))

    def action_brief(self) -> None:
        from journal.screens.dialogs import BriefDialog

        if self.marked:
            flt, scope = Filter(ids=tuple(sorted(self.marked))), "marked"
        else:
            flt, scope = self.filter, ("all events" if self.filter.is_empty() else "the filtered events")
        flt = replace(flt, by_relevance=False)
        total = bt.count(self.app.db, flt)  # type: ignore[attr-defined]
        if total == 0:
            self.notify("No events to put in a brief: mark some with space, or change the filters.")
            return
        if total > BRIEF_LIMIT:
            self.notify(f"A brief of {total:,} events is too long to use: narrow the filters or mark up to "
                        f"{BRIEF_LIMIT} with space.", severity="warning")
            return
        today = self.app.today()  # type: ignore[attr-defined]
        markdown = talking_points_brief(bt.iter_matching(self.app.db, flt), generated_on=today, scope=scope)  # type: ignore[attr-defined]
        noun = "event" if total == 1 else "events"
        self.app.push_screen(BriefDialog(markdown, f"{total} {noun} ({scope}), grouped by change area.",
                                         f"~/talking-points-{today.isoformat()}.md"))

    # -- the chart ---------------------------------------------------------

    def _update_chart(self) -> None:
        counts = bt.monthly_counts(self.app.db, self.app.today())  # type: ignore[attr-defined]
        self.query_one("#bt-spark", Sparkline).data = [c for _, c in counts]
        total = sum(c for _, c in counts)
        busiest = max(counts, key=lambda mc: mc[1])
        label = f"{total} in the last 12 months"
        if busiest[1]:
            label += f"\nmost: {busiest[0]:%B %Y} ({busiest[1]})"
        self.query_one("#bt-chart-label", Static).update(label)
        # three columns a month, under the sparkline's three-column bars
        self.query_one("#bt-spark-months", Static).update(
            "".join(f"{m:%b}"[0] + (f"{c:<2}" if c < 100 else "++") for m, c in counts))

    def palette_commands(self):
        return [
            ("New breakthrough", "Record a breakthrough event", self.action_new),
            ("Edit breakthrough", "Edit the highlighted event", self.action_edit),
            ("Open breakthrough", "Read the highlighted event in full", self.action_open),
            ("Toggle talking point", "Mark or unmark the highlighted event as a talking point",
             self.action_toggle_talking_point),
            ("Delete breakthrough", "Move the highlighted event to the trash", self.action_delete),
            ("Undo delete", "Bring back the last deleted event", self.action_undo_delete),
            ("Talking-points brief", "Markdown brief of the marked or filtered events", self.action_brief),
            ("Clear filters", "Show every event", self.action_clear_filters),
            ("Filter: talking points only", "Show only talking points", self.action_toggle_talking_points_only),
            ("Filter: cycle role", "Any role, caused, participated", self.action_cycle_role),
            ("Sort: newest first / best match", "Switch the order while searching", self.action_toggle_sort),
            ("Open the reflection it came from", "Jump to the linked reflection", self.action_open_reflection),
            ("Trash", "See deleted events; restore or empty", self.action_trash),
        ] + [(f"Filter: changed {a}", f"Show events that changed {a}", lambda a=a: self.action_toggle_area(a))
             for a in CHANGE_AREAS]


def fts_text(flt: Filter) -> bool:
    return flt.ranked or bool(flt.text.strip())

"""One search over everything, as you type. Enter opens a record in its own
screen; escape goes back, and the query is still here next time."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList
from textual.widgets.option_list import Option

from journal.text import visible
from journal.widgets.footer import KeyFooter
from journal.widgets.banner import ReadOnlyBanner
from journal.widgets.plain import PlainOptionList, PlainStatic
from journal.dates import describe_range
from journal.screens.reading import Readers, Superseded, interrupted, journal_state
from journal.filters import FilterError, build_filter
from journal.store import search as searching
from journal.store import fts
from journal.store.fts import QueryTooLong, query_words
from journal.store.search import KINDS, MARK_END, MARK_START, Hit, SearchFilter
from journal.store.tags import parse_tags

PAGE = 50  # two screens of results: each is two lines of an OptionList to lay out
KIND_STYLE = {"reflection": "green", "breakthrough": "magenta", "strategy": "cyan"}


def hit_text(hit: Hit) -> Text:
    text = Text()
    text.append(f"{hit.day}  ", style="dim")
    text.append(f"{hit.kind:<12}  ", style=KIND_STYLE.get(hit.kind, ""))
    text.append(visible(hit.title), style="bold")
    text.append("\n    ")
    snippet = hit.snippet
    while MARK_START in snippet and MARK_END in snippet:
        before, rest = snippet.split(MARK_START, 1)
        word, snippet = rest.split(MARK_END, 1)
        text.append(visible(before))
        text.append(visible(word), style="bold reverse")
    text.append(visible(snippet.replace(MARK_START, "").replace(MARK_END, "")))
    return text


class ResultList(PlainOptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class SearchScreen(Screen):
    CSS_PATH = "search.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back", id="search-back"),
        Binding("1", "toggle_kind('reflection')", "Reflections", show=False, id="search-kind-reflection"),
        Binding("2", "toggle_kind('breakthrough')", "Breakthroughs", show=False, id="search-kind-breakthrough"),
        Binding("3", "toggle_kind('strategy')", "Strategy", show=False, id="search-kind-strategy"),
        Binding("p", "toggle_talking_points", "Talking points", show=False, id="search-talking-points"),
        Binding("s", "toggle_sort", "Sort", id="search-sort"),
        Binding("x", "export", "Export results", id="search-export"),
        Binding("f", "focus_query", "Edit query", id="search-focus"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = SearchFilter()
        self.order = "best"
        self.hits: list[Hit] = []
        self.total: int | None = 0  # None while counting; COUNT_CAP or more: "more than 10,000"
        self.more_to_load = False  # the last page was full: scrolling to its end fetches the next
        self.loading_page = False
        self.readers = Readers()  # the search workers' connections, and the search's generation
        self.date_problem: str | None = None
        self.query_problem: str | None = None  # a query too long to run (fts.MAX_WORDS)
        self._loaded_at: tuple | None = None  # journal_state() when the results were read
        self._complete = False  # the search's page and count are shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadOnlyBanner()
        with Horizontal(id="q-filters"):
            yield Input(id="q-text", placeholder="Search reflections, breakthroughs and strategy notes")
            yield Input(id="q-dates", placeholder="Dates: 2025, since march")
            yield Input(id="q-tags", placeholder="Tags")
        yield PlainStatic("", id="q-line")
        yield ResultList(id="q-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Search"
        self.query_one("#q-text", Input).focus()

    def on_screen_resume(self) -> None:
        """Shown (also when first mounted): search again only if something was saved since
        (Textual resumes a new screen twice; each search read up to every match)."""
        if self._loaded_at != journal_state(self.app):
            self.refilter()

    def journal_replaced(self) -> None:
        """A restore under the open app (JournalApp._check_file): show what the file holds now."""
        self.refilter()

    @property
    def generation(self) -> int:
        return self.readers.generation

    def refilter(self) -> None:
        # The superseded query stops now: SQLite checks between steps, so even one
        # that reads the whole index ends within milliseconds (cancelling the
        # worker alone would let it run to the end).
        generation = self.readers.supersede()
        self._loaded_at = journal_state(self.app)
        self._complete = False  # until its count is shown
        self._describe()
        self._load(self.filter, self.order, generation, 0)

    def on_screen_suspend(self) -> None:
        """Left (escape, another screen): nothing shown here needs the running query. If
        one was stopped before it finished (its page, its count or the next page), the
        results are incomplete: search again on return."""
        self.readers.supersede()
        if not self._complete or self.loading_page:
            self._loaded_at = None
            self.loading_page = False

    def on_unmount(self) -> None:
        # Quitting: a query left running keeps its thread, which the exit then waits for.
        self.on_screen_suspend()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _load(self, flt: SearchFilter, order: str, generation: int, offset: int) -> None:
        try:
            with self.readers.reader(self.app.db, generation) as reader:  # type: ignore[attr-defined]
                order, counted = searching.listing_order(reader, flt, order)  # more than 10,000: newest first
                hits = searching.search(reader, flt, order=order, limit=PAGE, offset=offset)
                if not self.readers.current(generation):
                    return
                self.app.call_from_thread(self._show, generation, hits, offset)
                if offset == 0:  # after the page, and bounded: "more than 10,000"
                    total = counted if counted is not None else searching.count(reader, flt, cap=searching.COUNT_CAP)
                    if self.readers.current(generation):
                        self.app.call_from_thread(self._show_total, generation, total)
        except Superseded:
            return  # typed on while the connection opened: the interrupt had nothing to stop
        except sqlite3.OperationalError as error:
            if not interrupted(error):
                raise
            # Interrupted: a newer search is on its way; nothing to tell the user.

    def _show(self, generation: int, hits: list[Hit], offset: int) -> None:
        if generation != self.generation:
            return
        results = self.query_one(ResultList)
        if offset == 0:
            self.hits, self.total = list(hits), None
            results.clear_options()
        else:
            self.hits.extend(hits)
        self.more_to_load = len(hits) == PAGE
        self.loading_page = False
        results.add_options(Option(hit_text(h), id=f"{h.kind}:{h.key}") for h in hits)
        if offset == 0 and hits:
            results.highlighted = 0
        self._describe()

    def _show_total(self, generation: int, total: int) -> None:
        if generation == self.generation:
            self._complete = True
            self.total = total
            self._describe()

    @on(OptionList.OptionHighlighted, "#q-results")
    def _near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        """The next page, when the cursor comes near the end of this one."""
        if self.more_to_load and not self.loading_page and event.option_index >= len(self.hits) - 10:
            self.loading_page = True
            self._load(self.filter, self.order, self.generation, len(self.hits))

    def _describe(self) -> None:
        f = self.filter
        kinds = ", ".join(f.kinds) if f.kinds else "all kinds"
        parts = [kinds]
        if f.talking_points:
            parts.append("talking points only")
        if f.since or f.until:
            parts.append(describe_range(f.since, f.until))
        if f.tags:
            parts.append(" ".join(f"#{t}" for t in f.tags))
        order = "best first" if self.order == "best" and f.text.strip() else "newest first"
        if order == "best first" and self.total is not None and fts.too_many_to_rank(self.total):
            order = f"newest first (best first when {fts.RANK_AT_MOST:,} or fewer match)"
        shown, total = len(self.hits), self.total
        if total is None:  # still counting
            line = f"{shown:,}{'+' if self.more_to_load else ''} match{'es' if shown != 1 or self.more_to_load else ''} · "
        else:
            of = f"more than {searching.COUNT_CAP - 1:,}" if total >= searching.COUNT_CAP else f"{total:,}"
            line = f"{f'{shown:,} of {of}' if total > shown else of} match{'es' if total != 1 else ''} · "
        line += " · ".join(parts) + f" · {order}"
        if self.query_problem:
            line += f"\n⚠ Not searched: {self.query_problem}"
        if self.date_problem:
            line += f"\n⚠ Dates ignored: {self.date_problem}"
        line += "\nkeys: enter open · 1 2 3 kinds · p talking points · s sort · x export · f edit query · esc back"
        self.query_one("#q-line", PlainStatic).update(line)

    @on(Input.Changed, "#q-text")
    def _text(self, event: Input.Changed) -> None:
        try:
            query_words(event.value)
        except QueryTooLong as error:
            self.query_problem = str(error)  # the last results stay; the line says why
            self._describe()
            return
        self.query_problem = None
        self.filter = replace(self.filter, text=event.value)
        self.refilter()

    @on(Input.Changed, "#q-dates")
    def _dates(self, event: Input.Changed) -> None:
        # The same parser as the commands' --on.
        try:
            parsed = build_filter(on=event.value, today=self.app.today()) if event.value.strip() else SearchFilter()  # type: ignore[attr-defined]
            self.date_problem = None
        except FilterError as error:
            parsed = SearchFilter()
            self.date_problem = str(error)
        self.filter = replace(self.filter, since=parsed.since, until=parsed.until)
        self.refilter()

    @on(Input.Changed, "#q-tags")
    def _tags(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, tags=tuple(parse_tags(event.value)))
        self.refilter()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(ResultList).focus()

    def action_focus_query(self) -> None:
        self.query_one("#q-text", Input).focus()

    def action_toggle_kind(self, kind: str) -> None:
        kinds = set(self.filter.kinds) ^ {kind}
        self.filter = replace(self.filter, kinds=tuple(k for k in KINDS if k in kinds))
        self.refilter()

    def action_toggle_talking_points(self) -> None:
        self.filter = replace(self.filter, talking_points=not self.filter.talking_points)
        self.refilter()

    def action_toggle_sort(self) -> None:
        self.order = "newest" if self.order == "best" else "best"
        self.refilter()

    async def action_back(self) -> None:
        await self.app.leave_search()  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#q-results")
    async def _open(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        kind, key = event.option.id.split(":", 1)
        await self.open_record(kind, key)

    async def open_record(self, kind: str, key: str) -> None:
        db = self.app.db  # type: ignore[attr-defined]
        if kind == "reflection":
            await self.app.open_day(date.fromisoformat(key))  # type: ignore[attr-defined]
        elif kind == "breakthrough":
            from journal.screens.breakthrough_editor import EventView
            from journal.store import breakthroughs

            event = breakthroughs.get(db, int(key))
            if event is not None:
                self.app.push_screen(EventView(event))
        else:
            from journal.screens.strategy_note import NoteEditor
            from journal.store import strategies

            note = strategies.get(db, int(key))
            if note is not None:
                self.app.push_screen(NoteEditor(note))

    def action_export(self) -> None:
        from journal.screens.dialogs import ExportDialog

        total = self.total
        if total is not None and total >= searching.COUNT_CAP:
            total = None  # more than the screen counts: the dialog counts them all, in a worker
        if total == 0:
            self.notify("No results to export.")
            return
        today = self.app.today()  # type: ignore[attr-defined]
        scope = "everything" if self.filter == SearchFilter() else "the records matching this search"
        self.app.push_screen(ExportDialog(self.filter, total, f"~/journal-{today.isoformat()}.md", scope))

    def palette_commands(self):
        return [
            ("Search: only reflections", "Toggle reflections in the results", lambda: self.action_toggle_kind("reflection")),
            ("Search: only breakthroughs", "Toggle breakthroughs", lambda: self.action_toggle_kind("breakthrough")),
            ("Search: only strategy notes", "Toggle strategy notes", lambda: self.action_toggle_kind("strategy")),
            ("Search: talking points only", "Only breakthroughs marked as talking points",
             self.action_toggle_talking_points),
            ("Search: sort newest / best", "Switch the order of the results", self.action_toggle_sort),
            ("Search: export results to Markdown", "Every matching record, in full", self.action_export),
        ]

"""Which days have a reflection: a month calendar and the month's entries.

Only the month on show is read from the file, so the screen opens as fast
with ten years of reflections as with none.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.widgets.footer import KeyFooter
from journal.widgets.banner import ReadOnlyBanner
from journal.store import reflections
from journal.widgets.calendar import MonthCalendar
from journal.widgets.plain import PlainOptionList
from journal.screens.reading import journal_state


class DaysScreen(Screen):
    CSS_PATH = "days.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back to writing", id="days-back"),
        Binding("t", "today", "Today", show=False, id="days-today"),
        Binding("ctrl+g", "go_to_date", "Go to date", id="days-go-to-date"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._month: tuple[int, int] | None = None
        self._loaded_at: tuple | None = None  # journal_state() when the month was read
        self._writing_day: date | None = None  # the day being written when last shown

    def compose(self) -> ComposeResult:
        app = self.app
        yield Header()
        yield ReadOnlyBanner()
        with Horizontal(id="days"):
            with Vertical(id="calendar-pane"):
                yield MonthCalendar(app.current_day, app.today(), moved=self._cursor_moved,  # type: ignore[attr-defined]
                                    id="calendar")
                yield Static(id="month-summary", classes="hint")
                yield Static("• a day with a reflection\nenter opens · pgup/pgdn change month", classes="hint")
            yield PlainOptionList(id="month-days")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Days"
        self.on_screen_resume()  # before the first frame: drawn once, filled

    def on_screen_resume(self) -> None:
        """Shown (also when first mounted, and when a dialog over it closes): on the day
        being written if that changed since (else where the user paged to, or went to);
        the month is read again only if it changed or something was saved since."""
        calendar = self.query_one(MonthCalendar)
        calendar.today = self.app.today()  # type: ignore[attr-defined]
        writing: date = self.app.current_day  # type: ignore[attr-defined]
        if writing != self._writing_day:
            self._writing_day = writing
            calendar.set_reactive(MonthCalendar.cursor, writing)
            calendar.refresh()
        self._load_month(calendar.cursor, force=self._loaded_at != journal_state(self.app))
        calendar.focus()

    def journal_replaced(self) -> None:
        """A restore under the open app (JournalApp._check_file): show what the file holds now."""
        self._loaded_at = None
        self.on_screen_resume()

    def _load_month(self, day: date, force: bool = False) -> None:
        if not force and self._month == (day.year, day.month):
            return
        self._month = (day.year, day.month)
        self._loaded_at = journal_state(self.app)
        first = day.replace(day=1)
        try:
            last = first + relativedelta(months=1, days=-1)
        except (OverflowError, ValueError):  # December 9999
            last = date.max
        summaries = reflections.days_between(self.app.db, first, last)  # type: ignore[attr-defined]
        self.query_one(MonthCalendar).set_filled({s.day for s in summaries})
        options = self.query_one("#month-days", OptionList)
        options.clear_options()
        options.add_options(
            Option(f"{s.day:%a %d %b}  {s.preview[:60]}", id=s.day.isoformat()) for s in summaries
        )
        count = len(summaries)
        noun = "day" if count == 1 else "days"
        self.query_one("#month-summary", Static).update(  # two lines whatever it says: no reflow
            f"{count} {noun} written in {first:%B %Y}" if count else f"Nothing written in {first:%B %Y} yet",
            layout=False)

    def _cursor_moved(self, day: date, month_changed: bool) -> None:
        if month_changed:
            self._load_month(day)

    @on(MonthCalendar.Opened)
    async def _open_from_calendar(self, event: MonthCalendar.Opened) -> None:
        await self.app.open_day(event.day)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#month-days")
    async def _open_from_list(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        await self.app.open_day(date.fromisoformat(event.option.id))  # type: ignore[attr-defined]

    async def action_back(self) -> None:
        await self.app.switch_mode("reflection")

    def action_today(self) -> None:
        self.query_one(MonthCalendar).cursor = self.app.today()  # type: ignore[attr-defined]

    def action_go_to_date(self) -> None:
        from journal.screens.dialogs import GoToDateDialog

        def chosen(day: date | None) -> None:
            if day is not None:
                self.query_one(MonthCalendar).cursor = day

        self.app.push_screen(GoToDateDialog(self.app.today()), chosen)  # type: ignore[attr-defined]

    def palette_commands(self):
        return [
            ("Calendar: today", "Move the calendar to today", self.action_today),
            ("Calendar: go to date…", "Move the calendar to a date", self.action_go_to_date),
            ("Back to writing", "Return to the reflection", self.action_back),
        ]

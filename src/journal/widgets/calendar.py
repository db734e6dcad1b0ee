"""A month calendar that marks the days holding a reflection."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class MonthCalendar(Widget, can_focus=True):
    """Arrows move by day and week, page keys by month; enter opens the day."""

    COMPONENT_CLASSES = {
        "calendar--title",
        "calendar--weekday",
        "calendar--filled",
        "calendar--cursor",
        "calendar--today",
        "calendar--outside",
    }
    BINDINGS = [
        Binding("left,h", "move(-1)", "Day before", show=False, id="calendar-left"),
        Binding("right,l", "move(1)", "Day after", show=False, id="calendar-right"),
        Binding("up,k", "move(-7)", "Week before", show=False, id="calendar-up"),
        Binding("down,j", "move(7)", "Week after", show=False, id="calendar-down"),
        Binding("pageup", "month(-1)", "Prev month", show=False, id="calendar-previous-month"),
        Binding("pagedown", "month(1)", "Next month", show=False, id="calendar-next-month"),
        Binding("enter", "open", "Open day", id="calendar-open"),
    ]

    cursor: reactive[date] = reactive(date.today, always_update=True)

    class CursorMoved(Message):
        def __init__(self, calendar: "MonthCalendar", day: date, month_changed: bool) -> None:
            super().__init__()
            self.calendar = calendar
            self.day = day
            self.month_changed = month_changed

    class Opened(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, day: date, today: date, *, moved: Callable[[date, bool], None] | None = None,
                 id: str | None = None) -> None:
        """moved(day, month_changed), when given, is called as the cursor moves, instead of
        posting CursorMoved: what the owner shows of the day is then drawn in the same
        frame as the cursor (the message was handled a frame, ~17 ms, later)."""
        super().__init__(id=id)
        self.moved = moved
        self.today = today
        self.filled: set[date] = set()
        self.set_reactive(MonthCalendar.cursor, day)

    def watch_cursor(self, old: date, new: date) -> None:
        month_changed = (old.year, old.month) != (new.year, new.month)
        if self.moved is not None:
            self.moved(new, month_changed)
        else:
            self.post_message(self.CursorMoved(self, new, month_changed))

    def set_filled(self, days: set[date]) -> None:
        self.filled = days
        self.refresh()

    def action_move(self, days: int) -> None:
        try:
            self.cursor = self.cursor + timedelta(days=days)
        except OverflowError:  # before 1 January 1 or after 31 December 9999: no such day
            self.app.bell()

    def action_month(self, months: int) -> None:
        try:
            self.cursor = self.cursor + relativedelta(months=months)
        except (OverflowError, ValueError):
            self.app.bell()

    def action_open(self) -> None:
        self.post_message(self.Opened(self.cursor))

    def render(self) -> Text:
        style = self.get_component_rich_style
        year, month = self.cursor.year, self.cursor.month
        text = Text()
        text.append(f"{calendar.month_name[month]} {year}".center(28) + "\n", style("calendar--title"))
        text.append("".join(f"{d[:2]:>3} " for d in calendar.day_abbr) + "\n", style("calendar--weekday"))
        for week in _weeks(year, month):
            for day in week:
                if day is None:  # beyond the last (or before the first) date there is
                    text.append("    ")
                    continue
                in_month = day.month == month
                filled = in_month and day in self.filled
                # Each cell is four characters: " 21•"; the mark is not colour-only.
                cell = f"{day.day:>3}{'•' if filled else ' '}"
                cell_style = style("calendar--outside") if not in_month else Style()
                if filled:
                    cell_style += style("calendar--filled")
                if day == self.today:
                    cell_style += style("calendar--today")
                if day == self.cursor:
                    cell_style += style("calendar--cursor")
                text.append(cell, cell_style)
            text.append("\n")
        return text


def _weeks(year: int, month: int) -> list[list[date | None]]:
    """The month's weeks as dates, with the days of the months around it; None where
    such a day does not exist (before 1 January 1, after 31 December 9999)."""
    try:
        return calendar.Calendar().monthdatescalendar(year, month)  # type: ignore[return-value]
    except (OverflowError, ValueError):
        return [[date(year, month, d) if d else None for d in week]
                for week in calendar.Calendar().monthdayscalendar(year, month)]

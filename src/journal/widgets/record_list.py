"""A list of records in fixed-width columns, one line each, drawn line by line.

Textual's DataTable measures every cell of every row it is given and renders
cells through Rich: a page of 200 events cost 100-250 ms to show (and the
table was laid out twice, empty and filled), and each cursor move re-rendered
whole rows. Here a row is a tuple of strings; only the lines on screen are
drawn (a few microseconds each), replacing the rows is a list assignment, and
moving the cursor repaints two lines. User text is data: cells are never read
as markup, and control characters are shown, not obeyed (journal.text.visible).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from journal.text import visible


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    flex: bool = False  # narrowed (to MIN_FLEX at least) when the columns are wider than the list


MIN_FLEX = 12


def _one_line(value: str) -> str:
    return visible(value).replace("\n", " ").replace("\t", " ")


class RecordList(ScrollView, can_focus=True):
    """Rows of plain strings under a header that stays put; a row cursor.

    When the cursor lands on a row (a key, a click) the owner's `highlighted`
    is called at once, so what it shows of the row is drawn in the same frame
    as the cursor (a Highlighted message came a frame later: ~17 ms); without
    one, Highlighted is posted. Selected is posted on enter or a click on the
    cursor's row."""

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES = {"record-list--header", "record-list--cursor", "record-list--even-row"}

    DEFAULT_CSS = """
    RecordList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .record-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .record-list--header { background-tint: $foreground 5%; }
        }
        &:dark > .record-list--even-row { background: $surface-darken-1 40%; }
        & > .record-list--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .record-list--header { background: ansi_bright_blue; color: ansi_default; }
        & > .record-list--even-row { background: $surface-lighten-1 50%; }
        & > .record-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class Highlighted(Message):
        def __init__(self, record_list: RecordList, row: int) -> None:
            super().__init__()
            self.record_list = record_list
            self.row = row

        @property
        def control(self) -> RecordList:
            return self.record_list

    class Selected(Highlighted):
        pass

    def __init__(self, *, highlighted: Callable[[int], None] | None = None,
                 near_end: Callable[[], None] | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        """near_end() is called when scrolling (the wheel, the scrollbar) shows the last row:
        the owner may add the next page."""
        super().__init__(id=id, classes=classes)
        self.highlighted = highlighted
        self.near_end = near_end
        self.columns: list[Column] = []
        self._widths: dict[int, list[int]] = {}  # by the width available
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self.cursor_row = 0

    # -- content -----------------------------------------------------------

    def add_column(self, label: str, *, key: str, width: int, flex: bool = False) -> None:
        self.columns.append(Column(key, label, width, flex))
        self._widths = {}
        self.refresh()

    def widths(self, available: int) -> list[int]:
        """Each column's width in `available` cells: as declared, but a narrow terminal
        narrows the flexible column first, so the columns after it stay in view."""
        if available not in self._widths:
            widths = [c.width for c in self.columns]
            over = sum(w + 2 for w in widths) - available
            for i, column in enumerate(self.columns):
                if over > 0 and column.flex:
                    cut = min(over, max(0, column.width - MIN_FLEX))
                    widths[i] -= cut
                    over -= cut
            self._widths[available] = widths
        return self._widths[available]

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, row: int) -> list[str]:
        return list(self._rows[row])

    def clear(self) -> None:
        """No rows; the cursor back at the top."""
        self._rows, self._keys, self._index = [], [], {}
        self.cursor_row = 0
        self._resized()
        self.scroll_to(y=0, animate=False, immediate=True)

    def add_rows(self, rows: Iterable[Sequence[str]], keys: Iterable[str]) -> None:
        """Append rows (cells in column order) with their keys."""
        start = len(self._rows)
        self._rows.extend(tuple(_one_line(cell) for cell in row) for row in rows)
        for offset, key in enumerate(keys):
            self._keys.append(key)
            self._index[key] = start + offset
        self._resized()

    def add_row(self, *cells: str, key: str) -> None:
        self.add_rows([cells], [key])

    def update_cell(self, key: str, column_key: str, value: str) -> None:
        row = self._index[key]
        column = next(i for i, c in enumerate(self.columns) if c.key == column_key)
        cells = list(self._rows[row])
        cells[column] = _one_line(value)
        self._rows[row] = tuple(cells)
        self.refresh_line(row + 1)

    def _resized(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) + 1)
        self.refresh()

    # -- the cursor --------------------------------------------------------

    def move_cursor(self, *, row: int) -> None:
        """Put the cursor on `row` (clamped), scroll it into view, post Highlighted."""
        if not self._rows:
            return
        row = max(0, min(row, len(self._rows) - 1))
        old, self.cursor_row = self.cursor_row, row
        if old != row:
            self.refresh_line(old + 1)
            self.refresh_line(row + 1)
        self._scroll_to_cursor()
        if self.highlighted is not None:
            self.highlighted(row)
        else:
            self.post_message(self.Highlighted(self, row))

    def _scroll_to_cursor(self) -> None:
        rows_shown = max(1, self.scrollable_content_region.height - 1)  # below the header
        top = round(self.scroll_y)
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row > top + rows_shown - 1:
            top = self.cursor_row - rows_shown + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self._rows):
            if row == self.cursor_row:
                self.action_select()
            else:
                self.move_cursor(row=row)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        rows_shown = max(1, self.scrollable_content_region.height - 1)
        if self.near_end is not None and new > old and round(new) + rows_shown >= len(self._rows):
            self.near_end()

    def on_resize(self) -> None:
        self._resized()
        self._scroll_to_cursor()  # a smaller terminal: the cursor's row stays in view

    # -- drawing -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("record-list--header")
            return Strip(self._segments((c.label for c in self.columns), style, width)).adjust_cell_length(width, style)
        row = round(self.scroll_y) + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, base)
        if row == self.cursor_row and self._rows:
            style = base + self.get_component_rich_style("record-list--cursor")
        elif row % 2 == 0:  # DataTable's zebra: the first row is 'even'
            style = base + self.get_component_rich_style("record-list--even-row")
        else:
            style = base
        return Strip(self._segments(self._rows[row], style, width)).adjust_cell_length(width, style)

    def _segments(self, cells: Iterable[str], style: Style, available: int) -> list[Segment]:
        """A segment a cell (a screenshot places each at its column, as the terminal does)."""
        return [Segment(f" {set_cell_size(cell, width)} ", style) for cell, width in zip(cells, self.widths(available))]

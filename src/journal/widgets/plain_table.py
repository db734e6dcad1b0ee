"""A DataTable whose str cells are shown exactly as given (see journal.widgets.plain).

Apart from plain.py so the first frame, which shows no table, does not load
DataTable (3 ms measured)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from journal.text import visible


def plain_cell(value: CellType, one_line: bool = True) -> CellType:
    """A DataTable cell showing `value` as typed (DataTable parses str cells as Rich
    markup); one line like DataTable's own str cells, cropped rather than wrapped."""
    return Text(visible(value), no_wrap=one_line, end="") if isinstance(value, str) else value


class PlainTable(DataTable):
    """A DataTable whose str cells are shown as typed."""

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*(plain_cell(cell, height == 1) for cell in cells),
                               height=height, key=key, label=plain_cell(label))

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *,
                    update_width: bool = False) -> None:
        row = self.rows.get(RowKey(row_key) if isinstance(row_key, str) else row_key)
        one_line = row is None or row.height == 1
        super().update_cell(row_key, column_key, plain_cell(value, one_line), update_width=update_width)

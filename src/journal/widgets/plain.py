"""Widgets that show text exactly as given: user text is data, never markup.

Textual reads a str as markup in Static, Label, OptionList prompts and DataTable
cells: a title such as "Notes on [/] syntax" raised MarkupError and ended the
app, and "[red]" quietly vanished. Screens show anything that may hold user
text (titles, answers, prompts, paths, typed dates) through these widgets.
Our own styling is built as Content or rich Text spans, which no widget parses.
Tables: plain_table.PlainTable (apart, so the first frame does not load DataTable).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Label, OptionList, Static


class PlainStatic(Static):
    """A Static whose str content (at creation and in update) is shown as typed."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        super().__init__(content, markup=False, **kwargs)


class PlainLabel(Label):
    """A Label whose str content is shown as typed."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        super().__init__(content, markup=False, **kwargs)


class PlainOptionList(OptionList):
    """An OptionList whose str prompts are shown as typed."""

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        super().__init__(*content, markup=False, **kwargs)

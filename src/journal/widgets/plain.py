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

from textual.visual import VisualType
from textual.widgets import Label, OptionList, Static

from journal.text import visible


def _shown(content: Any) -> Any:
    return visible(content) if isinstance(content, str) else content


class PlainStatic(Static):
    """A Static whose str content (at creation and in update) is shown as typed
    (and control characters as pictures, journal.text)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        super().__init__(_shown(content), markup=False, **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_shown(content), layout=layout)


class PlainLabel(Label):
    """A Label whose str content is shown as typed."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        super().__init__(_shown(content), markup=False, **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_shown(content), layout=layout)


class PlainOptionList(OptionList):
    """An OptionList whose str prompts are shown as typed."""

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        super().__init__(*(_shown(c) for c in content), markup=False, **kwargs)

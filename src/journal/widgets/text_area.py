"""The text areas every editor uses: a TextArea that never sends a control
character of the user's text to the terminal (see journal.text)."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from journal.text import visible


class SafeTextArea(TextArea):
    """Text is edited as stored; what is drawn shows control characters as pictures."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if not any(visible(s.text) != s.text for s in segments if not s.control):
            return strip
        return Strip([Segment(visible(s.text), s.style, s.control) if not s.control else s for s in segments],
                     strip.cell_length)

"""What the user sees: the current screen as lines of plain text.

Read from App.export_screenshot (Textual's public screenshot, an SVG made by
Rich), so a test checks the very characters drawn, dialogs and notifications
included."""

from __future__ import annotations

import html
import re
from collections import defaultdict

from rich.cells import cell_len

# Rich draws each run of text as <text … x="…" … clip-path="url(#…-line-N)">…</text>,
# x in pixels of CHAR_WIDTH per cell, and leaves runs of spaces out.
_FRAGMENT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>', re.S)
CHAR_WIDTH = 20 * 0.61  # Rich's export_svg: font size 20, aspect ratio 0.61


def screen_lines(app) -> list[str]:
    rows: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for x, line, text in _FRAGMENT.findall(app.export_screenshot()):
        rows[int(line)].append((round(float(x) / CHAR_WIDTH), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for number in range(max(rows, default=-1) + 1):
        line = ""
        for cell, text in sorted(rows[number]):
            line += " " * max(0, cell - cell_len(line)) + text
        lines.append(line)
    return lines


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


def shows(app, text: str) -> bool:
    """True if `text` is drawn on one line of the screen."""
    return any(text in line for line in screen_lines(app))


def toasts(app) -> str:
    """The text of the notifications on screen (run_test(notifications=True)); read
    from the toasts, as a long one wraps over several lines."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))

"""Attack: text holding terminal escape sequences (pasted, or imported from someone
else's jrnl or Day One file): "hello ESC]0;PWNED BEL there ESC[2J cleared".

Opening that day in the app wrote the sequences to the terminal as they are: the
terminal's title became "PWNED there", the screen was cleared (seen in tmux), and
an OSC 52 sequence would set the clipboard. User text is data: what reaches the
terminal from it is never a control character."""

from __future__ import annotations

import pytest
from helpers import SIZE, TODAY, make_app, settle, settle_workers, type_text

from journal.store import open_journal, reflections

HOSTILE = "hello \x1b]0;PWNED\x07 there \x1b[2J cleared \x1b]52;c;cm0gLXJmIH4=\x07 board"


def controls(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch in "\x1b\x07\x9b\x9d"})


@pytest.mark.parametrize("where", ["reflection", "search"])
async def test_escape_sequences_in_the_text_never_reach_the_terminal(db_path, where):
    db = open_journal(db_path)
    reflections.append(db, TODAY, HOSTILE)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if where == "search":
            await pilot.press("ctrl+f")
            await type_text(pilot, "board")
            await settle_workers(pilot)
            await settle(pilot, 0.3)
        drawn = app.export_screenshot()  # the very segments written to the terminal
    assert "hello" in drawn
    assert not controls(drawn), controls(drawn)

"""Hostile tester, issue 13: user text in the F3/F4 RecordList.

journal.text.visible() turns C0/C1 controls into pictures, but not Unicode's bidi
controls (U+202A-U+202E, U+2066-U+2069, the "Trojan Source" characters): a title
holding U+202E reaches the terminal as is, and a bidi-aware terminal (VTE with bidi,
Konsole, mlterm) draws the rest of the row, the other columns included, right to
left."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import make_app, settle, settle_workers
from journal.store import breakthroughs as bt
from journal.store.breakthroughs import Breakthrough

BIDI = ["\u202e", "\u202d", "\u202b", "\u2067", "\u2068"]


def screen_text(app) -> str:
    return "\n".join(line.text for line in app.screen._compositor.render_strips())


@pytest.mark.parametrize("control", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
async def test_a_bidi_control_in_a_title_does_not_reach_the_terminal(db, control):
    """'<U+202E>Pricing' as a title: the row (and the detail's heading) is drawn with the
    override in it, and the areas and role after it are shown reversed by a bidi terminal."""
    bt.save(db, Breakthrough(happened_on=date(2026, 3, 1), title=f"{control}Pricing talk", talking_point=True))
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        lines = [line for line in screen_text(app).splitlines() if "Pricing talk" in line]
        row = next(line for line in lines if "2026-03-01" in line)  # the list's row
        assert control not in row, f"the list row holds U+{ord(control):04X}: {row!r}"
        assert not any(control in line for line in lines), "the detail's heading holds it"

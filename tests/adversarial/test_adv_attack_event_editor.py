"""Attack: the breakthrough editor while its title is over the limit.

A title of more than 200 characters cannot be saved, so the editor saves nothing
at all: every word typed into the situation, the breakthrough and the result
after that waits, "not saved", for as long as the user keeps writing. A crash, a
kill -9 or a power cut then loses all of it, not the last second of typing. The
other fields are valid: they must keep reaching the journal."""

from __future__ import annotations

from helpers import SIZE, TODAY, make_app, settle, type_text
from textual.widgets import Input

from journal.screens.breakthrough_editor import EventEditor
from journal.store import breakthroughs as bt
from journal.store import open_journal


async def test_text_typed_while_the_title_is_too_long_still_reaches_the_journal(db_path):
    db = open_journal(db_path)
    event = bt.save(db, bt.Breakthrough(happened_on=TODAY, title="Pricing", situation="Two options."))
    app = make_app(db, autosave_delay=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(EventEditor(event))
        await settle(pilot)
        app.screen.query_one("#ev-title", Input).value = "Pricing " + "and more words " * 15  # 233 characters
        app.screen.query_one("#ev-situation").focus()
        await type_text(pilot, " The board asked for a third.")
        await settle(pilot, 1.5)  # far longer than the autosave delay
        stored = bt.get(db, event.id)  # what a kill -9 now would leave
        assert app.return_code is None
    assert "The board asked for a third." in stored.situation, stored.situation

"""Two app windows on one file, and the app beside `journal write`: neither text is lost."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from helpers import SIZE, TODAY, make_app, settle, status, type_text, wait_until
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store.merge import CONFLICT_OPEN
from journal.store.reflections import Reflection


def messages(app) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_two_windows_append_to_one_day(db_path):
    db_a, db_b = open_journal(db_path), open_journal(db_path)
    app_a, app_b = make_app(db_a), make_app(db_b)
    async with app_a.run_test(size=SIZE) as a, app_b.run_test(size=SIZE) as b:
        await settle(a)
        await settle(b)
        await type_text(a, "Window A")
        await wait_until(a, lambda: "saved" in status(app_a))
        await type_text(b, "Window B")  # B still believes the day is empty
        await wait_until(b, lambda: "saved" in status(app_b))
        await settle(b)
        shown = app_b.screen.query_one("#body", TextArea).text
        assert shown == "Window B\n\nWindow A"  # B now shows both
        assert "changed elsewhere" in messages(app_b)
        assert "changed elsewhere" not in messages(app_a)
    assert reflections.get(db_a, TODAY).body == "Window B\n\nWindow A"


async def test_two_windows_rewrite_one_day(db_path):
    db_a, db_b = open_journal(db_path), open_journal(db_path)
    reflections.save(db_a, Reflection(TODAY, body="Plan X"))
    app_a, app_b = make_app(db_a), make_app(db_b)
    async with app_a.run_test(size=SIZE) as a, app_b.run_test(size=SIZE) as b:
        await settle(a)
        await settle(b)
        await a.press("backspace")  # both rewrite the same word: a real conflict
        await type_text(a, "Z")
        await wait_until(a, lambda: "saved" in status(app_a))
        await b.press("backspace")
        await type_text(b, "Y")
        await wait_until(b, lambda: "saved" in status(app_b))
        await settle(b)
        shown = app_b.screen.query_one("#body", TextArea).text
        assert shown.startswith("Plan Y\n" + CONFLICT_OPEN)
        assert "\nPlan Z\n" in shown and shown.count("Plan") == 2  # each side once
        assert "conflict block" in messages(app_b)
        # Typing on in B saves over the merged text without a new conflict.
        await type_text(b, "!")
        await wait_until(b, lambda: reflections.get(db_b, TODAY).body.endswith("!"))
    stored = reflections.get(db_a, TODAY).body
    assert stored.count(CONFLICT_OPEN) == 1 and "Plan Y" in stored and "Plan Z" in stored


async def test_two_windows_changing_different_words_merge_without_a_block(db_path):
    db_a, db_b = open_journal(db_path), open_journal(db_path)
    reflections.save(db_a, Reflection(TODAY, body="Plan X"))
    app_a, app_b = make_app(db_a), make_app(db_b)
    async with app_a.run_test(size=SIZE) as a, app_b.run_test(size=SIZE) as b:
        await settle(a)
        await settle(b)
        await type_text(a, " agreed")
        await wait_until(a, lambda: "saved" in status(app_a))
        await b.press("backspace")
        await type_text(b, "Y")
        await wait_until(b, lambda: "saved" in status(app_b))
        await settle(b)
        assert app_b.screen.query_one("#body", TextArea).text == "Plan Y agreed"
    assert reflections.get(db_a, TODAY).body == "Plan Y agreed"


async def test_journal_write_while_the_day_is_open(db):
    """`journal write` appends while the app has the day open with unsaved typing."""
    app = make_app(db, autosave_delay=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "From the app")
        reflections.append(db, TODAY, "From the shell")  # another process, as far as the app knows
        await wait_until(pilot, lambda: "saved" in status(app))
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "From the app\n\nFrom the shell"
    assert reflections.get(db, TODAY).body == "From the app\n\nFrom the shell"


async def test_breakthrough_edited_in_two_windows(db_path):
    db_a, db_b = open_journal(db_path), open_journal(db_path)
    event = bt.save(db_a, bt.Breakthrough(TODAY, title="Pricing call", situation="Before."))
    app_a, app_b = make_app(db_a), make_app(db_b)
    async with app_a.run_test(size=SIZE) as a, app_b.run_test(size=SIZE) as b:
        from journal.screens.breakthrough_editor import EventEditor

        for app, pilot in ((app_a, a), (app_b, b)):
            await settle(pilot)
            app.push_screen(EventEditor(bt.get(app.db, event.id)))
            await settle(pilot)
        app_a.screen.query_one("#ev-result", TextArea).focus()
        await type_text(a, "Won the renewal")
        await wait_until(a, lambda: bt.get(db_a, event.id).result == "Won the renewal")
        app_b.screen.query_one("#ev-title", Input).focus()
        await b.press("end")
        await type_text(b, " with Halden")
        await wait_until(b, lambda: "Halden" in bt.get(db_b, event.id).title)
        await settle(b)
        # B's form now shows A's result too, and B was told.
        assert app_b.screen.query_one("#ev-result", TextArea).text == "Won the renewal"
        assert "changed elsewhere" in messages(app_b)
    stored = bt.get(db_a, event.id)
    assert (stored.title, stored.result) == ("Pricing call with Halden", "Won the renewal")

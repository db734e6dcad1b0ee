"""Writing a reflection in the app, as a user would: keys in, text on disk."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, TextArea

from helpers import SIZE, TODAY, day_title, make_app, settle, status, type_text, wait_until
from journal.store import reflections, settings
from journal.store.reflections import Reflection


async def test_opens_on_today_with_cursor_in_body(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Saturday 14 March 2026 · today" in day_title(app)
        assert app.focused is app.screen.query_one("#body")
        assert "nothing stored yet" in status(app)
        assert len(app.screen.query(".answer")) == len(settings.DEFAULT_PROMPTS)


async def test_typing_autosaves_after_a_pause(db):
    app = make_app(db, autosave_delay=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Hello board")
        assert "editing" in status(app)
        assert reflections.get(db, TODAY) is None  # not yet: typing has not paused
        await wait_until(pilot, lambda: reflections.get(db, TODAY) is not None)
        assert reflections.get(db, TODAY).body == "Hello board"
        assert "saved" in status(app)


async def test_cursor_lands_after_existing_text(db):
    reflections.save(db, Reflection(day=TODAY, body="Morning notes."))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, " More")
        await wait_until(pilot, lambda: reflections.get(db, TODAY).body == "Morning notes. More")


async def test_answers_and_tags_are_saved(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # body -> tags
        assert app.focused is app.screen.query_one("#tags", Input)
        await type_text(pilot, "team, hiring")
        await pilot.press("tab")  # -> first answer
        await type_text(pilot, "The offsite")
        # Autosave may store "The" first, while typing goes on: wait for the whole answer.
        await wait_until(pilot, lambda: reflections.get(db, TODAY) and
                         reflections.get(db, TODAY).answers[0] == "The offsite")
        saved = reflections.get(db, TODAY)
        assert saved.tags == ["team", "hiring"]
        assert saved.answers[0] == "The offsite"
        assert saved.prompts == settings.DEFAULT_PROMPTS


async def test_leaving_the_day_saves_at_once_and_moves(db):
    app = make_app(db, autosave_delay=30)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Unsaved so far")
        await pilot.press("alt+left")
        await settle(pilot)
        assert reflections.get(db, TODAY).body == "Unsaved so far"
        assert "Friday 13 March 2026 · yesterday" in day_title(app)
        assert app.screen.query_one("#body", TextArea).text == ""
        await pilot.press("alt+right", "alt+right")
        await settle(pilot)
        assert "Sunday 15 March 2026" in day_title(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "Unsaved so far"


async def test_written_day_jumps(db):
    reflections.save(db, Reflection(day=date(2026, 2, 1), body="February"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("alt+up")
        await settle(pilot)
        assert "Sunday 1 February 2026" in day_title(app)
        await pilot.press("alt+up")
        await settle(pilot)
        assert "Sunday 1 February 2026" in day_title(app)  # nothing earlier: stays


async def test_quit_saves_without_waiting(db):
    app = make_app(db, autosave_delay=30)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Last words")
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert reflections.get(db, TODAY).body == "Last words"
    assert app.return_code == 0


async def test_q_is_text_while_typing(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "quiet q")
        assert app.is_running
        assert app.screen.query_one("#body", TextArea).text == "quiet q"


async def test_clearing_the_text_removes_the_day(db):
    reflections.save(db, Reflection(day=TODAY, body="short-lived"))
    other = reflections.save(db, Reflection(day=date(2026, 3, 1), body="stays"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7", "backspace")
        await wait_until(pilot, lambda: reflections.get(db, TODAY) is None)
        assert reflections.get(db, date(2026, 3, 1)) == other
        assert "nothing stored" in status(app)


async def test_opening_help_saves_first(db):
    app = make_app(db, autosave_delay=30)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Before help")
        await pilot.press("f1")
        await settle(pilot)
        assert reflections.get(db, TODAY).body == "Before help"


async def test_save_failure_keeps_text_and_says_so(db, monkeypatch):
    import sqlite3

    def broken_save(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        monkeypatch.setattr(reflections, "save", broken_save)
        await type_text(pilot, "Precious")
        await wait_until(pilot, lambda: "not saved" in status(app))
        assert "kept" in status(app)
        told = " ".join(n.message for n in app._notifications)
        assert "disk" in told and "kept" in told  # a sentence saying what went wrong, and that the text is safe
        assert app.screen.query_one("#body", TextArea).text == "Precious"
        await pilot.press("alt+left")  # leaving is allowed: the save waits in the queue
        await settle(pilot)
        assert "today" not in day_title(app)
        await pilot.press("alt+right")  # and coming back shows the unsaved text, not the stored one
        await settle(pilot)
        assert app.screen.query_one("#body", TextArea).text == "Precious"
        assert "not saved" in status(app)
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # try again now
        await wait_until(pilot, lambda: reflections.get(db, TODAY) is not None)
        assert reflections.get(db, TODAY).body == "Precious"
        await wait_until(pilot, lambda: "✓ saved" in status(app))


async def test_damaged_file_opens_read_only_and_is_not_written(tmp_path):
    from conftest import damaged_journal, file_digest
    from journal.screens.dialogs import ErrorDialog
    from journal.store import open_journal

    path = damaged_journal(tmp_path / "damaged.db")
    db = open_journal(path, verify=False)
    before = file_digest(path)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
        assert "damaged" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("escape")
        await settle(pilot)
        body = app.screen.query_one("#body", TextArea)
        assert body.read_only
        await type_text(pilot, "should not land")
        assert "should not land" not in body.text
        assert "read-only" in status(app)
        banner = app.screen.query_one("ReadOnlyBanner")
        assert banner.display and "READ-ONLY" in str(banner.render())
        await pilot.press("f3")  # every screen says so, also those opened later
        await settle(pilot)
        assert "journal doctor" in str(app.screen.query_one("ReadOnlyBanner").render())
        assert app.screen.query_one("ReadOnlyBanner").display
        await pilot.press("ctrl+q")
    db.close()
    assert file_digest(path) == before
    assert not (tmp_path / "backups").exists()  # a damaged file is never copied over good backups


async def test_healthy_file_gets_one_automatic_backup_a_day(db, db_path):
    from journal.store.backup import automatic_backups

    for _ in range(2):  # opened twice on one day: one backup
        app = make_app(db)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.workers.wait_for_complete()
            assert not app.screen.query_one("ReadOnlyBanner").display
    made = automatic_backups(db_path)
    assert [p.name for p in made] == [f"journal-auto-{TODAY}.db"]


async def test_autosave_commits_off_the_ui_thread(db, monkeypatch):
    """Typing never waits for a commit: autosave hands the text to the writer thread."""
    import threading

    threads: list[str] = []
    real_save = reflections.save

    def recording_save(database, reflection):
        threads.append(threading.current_thread().name)
        return real_save(database, reflection)

    monkeypatch.setattr(reflections, "save", recording_save)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "Off the UI thread")
        await wait_until(pilot, lambda: "saved" in status(app))
    assert threads and all(name.startswith("journal-writer") for name in threads)
    assert reflections.get(db, TODAY).body == "Off the UI thread"


async def test_a_crash_inside_a_widget_keeps_the_text(db):
    import pytest

    app = make_app(db, autosave_delay=0.3)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await type_text(pilot, "Autosaved")
            await wait_until(pilot, lambda: "saved" in status(app))
            app.autosave_delay = 60.0
            await type_text(pilot, " and typed after")
            assert "editing" in status(app)

            def broken_render():
                return 1 / 0

            title = app.screen.query_one("#day-title")
            title.render = broken_render  # a widget that crashes while drawing
            title.refresh()
            await settle(pilot, 0.2)
    assert reflections.get(db, TODAY).body == "Autosaved and typed after"

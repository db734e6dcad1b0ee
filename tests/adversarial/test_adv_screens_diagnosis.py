"""Issue 12 in the app: a read-only journal opens read-only and says why; a search
too long to run says so on the search screen instead of running for seconds."""

from __future__ import annotations

import os

from textual.widgets import Input, TextArea

from diagnosis_support import as_plain_user, files_state, make_journal, user_dir
from helpers import SIZE, make_app, settle, settle_workers, type_text
from journal.screens.search import SearchScreen
from journal.store import reflections
from journal.store.reflections import Reflection

__all__ = ["user_dir"]  # a fixture, used by name


async def _open_read_only_app(path):
    """launch.open_app as the plain user, its whole run too (see diagnosis_support)."""
    from journal.launch import open_app

    return open_app(path)


async def test_a_journal_in_a_read_only_folder_opens_read_only_and_says_why(user_dir, db):
    # Warm up as root: everything Textual imports on the way, imported before 'nobody' runs it.
    async with make_app(db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
    folder = user_dir / "journal"
    path = make_journal(folder / "journal.db")
    os.chmod(folder, 0o500)
    before = files_state(folder)
    with as_plain_user():
        app = await _open_read_only_app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
            banner = str(app.screen.query_one("ReadOnlyBanner").render())
            assert app.screen.query_one("ReadOnlyBanner").display
            assert "read-only" in banner and f"chmod u+w '{folder}'" in banner, banner
            assert "damaged" not in banner.lower()
            body = app.screen.query_one("#body", TextArea)
            assert body.read_only
            await type_text(pilot, "not saved")
            assert "not saved" not in body.text
            for key in ("f3", "f4", "ctrl+l", "ctrl+f"):  # every screen reads it, and says so too
                await pilot.press(key)
                await settle(pilot)
                await app.workers.wait_for_complete()
                assert app.screen.query_one("ReadOnlyBanner").display, key
            await pilot.press("ctrl+q")
    assert files_state(folder) == before
    assert not (folder / "backups").exists()


def _seed(db):
    for day in range(1, 4):
        reflections.save(db, Reflection(day=__import__("datetime").date(2026, 3, day), body=f"Pricing day {day}."))


async def test_a_search_too_long_to_run_is_said_on_the_search_screen(db):
    _seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        await type_text(pilot, "pricing")
        await settle_workers(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.total == 3
        screen.query_one("#q-text", Input).value = " ".join(f"word{i}" for i in range(65))
        await settle_workers(pilot)
        line = str(screen.query_one("#q-line").render())
        assert "at most 64 words" in line and "65" in line, line
        assert app.screen is screen and screen.total == 3  # still here, the last results kept
        screen.query_one("#q-text", Input).value = "pricing day"
        await settle_workers(pilot)
        assert "64 words" not in str(screen.query_one("#q-line").render())
        assert screen.total == 3


async def test_markup_typed_in_the_search_fields_is_shown_as_text(db):
    _seed(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle_workers(pilot)
        screen = app.screen
        screen.query_one("#q-dates", Input).value = "[/bold] [red]x"
        screen.query_one("#q-tags", Input).value = "[/x]"
        await settle_workers(pilot)
        assert app.screen is screen and app.is_running
        line = str(screen.query_one("#q-line").render())
        assert "[/bold] [red]x" in line, line

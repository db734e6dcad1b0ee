"""Issue 12 in the app: a read-only journal opens read-only and says why."""

from __future__ import annotations

import os

from textual.widgets import TextArea

from diagnosis_support import as_plain_user, files_state, make_journal, user_dir
from helpers import SIZE, make_app, settle, type_text

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

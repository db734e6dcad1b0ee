"""Findings 3, 4 and 9.

3. Versions restarted: window A had a day loaded; window B cleared the day;
   `journal write --date D` created version 1 again; A's next save overwrote it
   with an empty merge report.
4. `journal restore` under an open app: its next autosave replaced the restored
   text without a merge or a notice; with a backup of another page size the file
   was replaced by rename and the app kept "saving" into the deleted file.
9. The breakthrough editor lost whole events: a new event with a title over 200
   characters was discarded on ctrl+q; an event trashed and emptied in another
   window made the next autosave raise LookupError and exit with the text lost.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from click.testing import CliRunner
from helpers import SIZE, TODAY, make_app, settle, status, type_text, wait_until
from textual.widgets import Input, TextArea

from journal.cli import cli
from journal.screens.breakthrough_editor import EventEditor
from journal.store import backup as backups
from journal.store import breakthroughs as bt
from journal.store import open_journal, reflections
from journal.store.reflections import Reflection
from journal.store.revision import Base

DAY = date(2026, 3, 10)


def messages(app) -> str:
    return " ".join(n.message for n in app._notifications)


# -- 3. versions never go back ---------------------------------------------------


def test_a_day_cleared_and_written_again_is_merged_not_overwritten(db_path):
    a, b = open_journal(db_path), open_journal(db_path)
    reflections.save(a, Reflection(DAY, body="Morning."))
    window_a = Base(reflections.get(a, DAY))
    first_version = window_a.value.version
    reflections.save(b, Reflection(DAY))  # window B clears the day
    result = CliRunner().invoke(cli, ["--db", str(db_path), "write", "--date", DAY.isoformat(), "From the shell."])
    assert result.exit_code == 0, result.output
    assert reflections.get(a, DAY).version > first_version  # never version 1 again
    saved = reflections.save_merging(a, replace(window_a.value, body="Morning. And A typed on."), window_a)
    body = reflections.get(a, DAY).body
    assert "From the shell." in body and "And A typed on." in body
    assert saved.report  # the user is told


def test_versions_only_grow_across_kinds_and_deletes(db):
    seen = [reflections.save(db, Reflection(DAY, body="x")).version]
    reflections.save(db, Reflection(DAY))  # cleared
    seen.append(reflections.save(db, Reflection(DAY, body="y")).version)
    event = bt.save(db, bt.Breakthrough(DAY, title="t"))
    seen.append(event.version)
    bt.trash(db, event.id)
    bt.empty_trash(db)
    seen.append(bt.save(db, bt.Breakthrough(DAY, title="t again")).version)
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


# -- 4. restore under an open app ------------------------------------------------


async def test_restore_while_the_app_is_open_merges_unsaved_text_and_says_so(db_path, tmp_path):
    db = open_journal(db_path)
    reflections.save(db, Reflection(TODAY, body="In the backup."))
    backup_file = backups.backup(db_path, tmp_path / "b.db")
    reflections.save(db, Reflection(TODAY, body="In the backup. Saved after it."))
    app = make_app(db, autosave_delay=60)  # nothing autosaves by itself in this test
    app.db_path = db_path
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await type_text(pilot, " Not saved yet.")
        backups.restore(backup_file, db_path)
        await wait_until(pilot, lambda: "restored" in messages(app).lower(), timeout=15)
        await wait_until(pilot, lambda: "Not saved yet." in (reflections.get(db, TODAY) or Reflection(TODAY)).body,
                         timeout=15)
        shown = app.screen.query_one("#body", TextArea).text
    stored = reflections.get(open_journal(db_path), TODAY).body
    # The restored text stays (it is not silently overwritten), and what was typed joins it.
    assert stored.startswith("In the backup.") and "Not saved yet." in stored
    assert "Saved after it." not in stored  # that is in the copy set aside before the restore
    assert shown == stored


async def test_restore_of_another_page_size_keeps_the_app_writing_into_the_same_file(db_path, tmp_path):
    db = open_journal(db_path)
    reflections.save(db, Reflection(TODAY, body="Old."))
    other = backups.backup(db_path, tmp_path / "b.db")
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA page_size=8192")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    conn.close()
    inode = db_path.stat().st_ino
    app = make_app(db)
    app.db_path = db_path
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        backups.restore(other, db_path)
        assert db_path.stat().st_ino == inode  # written in place, not replaced by rename
        await wait_until(pilot, lambda: "restored" in messages(app).lower(), timeout=15)
        await type_text(pilot, " New.")
        await wait_until(pilot, lambda: "✓ saved" in status(app))
    assert reflections.get(open_journal(db_path), TODAY).body.endswith("New.")


# -- 9. the breakthrough editor never loses an event -------------------------------


async def test_a_new_event_with_an_overlong_title_is_kept_on_quit(db_path):
    db = open_journal(db_path)
    app = make_app(db)
    title = "A very long title " * 15  # 270 characters
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(EventEditor(bt.Breakthrough(happened_on=TODAY)))
        await settle(pilot)
        app.screen.query_one("#ev-title", Input).value = title
        app.screen.query_one("#ev-situation", TextArea).load_text("The board meeting.")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None)
    events = bt.search(db, bt.Filter())
    assert len(events) == 1
    event = events[0]
    assert len(event.title) <= bt.MAX_TITLE and event.title.startswith("A very long title")
    assert title.strip() in event.situation and "The board meeting." in event.situation


async def test_an_event_emptied_from_the_trash_elsewhere_is_saved_again(db_path):
    db = open_journal(db_path)
    event = bt.save(db, bt.Breakthrough(TODAY, title="Pricing", situation="First."))
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(EventEditor(event))
        await settle(pilot)
        elsewhere = open_journal(db_path)  # another window
        bt.trash(elsewhere, event.id)
        bt.empty_trash(elsewhere)
        app.screen.query_one("#ev-situation", TextArea).focus()
        await type_text(pilot, " Second.")
        await wait_until(pilot, lambda: bt.get(db, event.id) is not None)
        await wait_until(pilot, lambda: "deleted elsewhere" in messages(app))
        assert app.return_code is None  # no crash
    stored = bt.get(db, event.id)
    assert stored.situation == "First. Second." and stored.deleted_at is None

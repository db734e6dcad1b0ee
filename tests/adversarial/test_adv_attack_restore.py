"""Attack: `journal restore` while the app is open on a screen that is not an editor.

The app's notice says "Every screen now shows what it holds"; a list on screen
must then show the restored journal, not what was there before."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from helpers import SIZE, make_app, settle, settle_workers, table_titles, wait_until

from journal.screens.breakthroughs import BreakthroughsScreen
from journal.store import backup as backups
from journal.store import breakthroughs as bt
from journal.store import open_journal
from journal.store.breakthroughs import Breakthrough


def messages(app) -> str:
    return " ".join(n.message for n in app._notifications)


async def test_the_breakthroughs_list_on_screen_shows_the_restored_journal(db_path, tmp_path):
    db = open_journal(db_path)
    event = bt.save(db, Breakthrough(happened_on=date(2026, 3, 2), title="In the backup"))
    backup_file = backups.backup(db_path, tmp_path / "b.db")
    bt.save(db, Breakthrough(happened_on=date(2026, 3, 3), title="Added after the backup"))
    bt.save(db, replace(bt.get(db, event.id), title="Renamed after"))
    app = make_app(db)
    app.db_path = db_path
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle_workers(pilot)
        assert isinstance(app.screen, BreakthroughsScreen)
        assert table_titles(app) == ["Added after the backup", "Renamed after"]
        backups.restore(backup_file, db_path)
        await wait_until(pilot, lambda: "restored" in messages(app).lower(), timeout=15)
        await settle_workers(pilot)
        await settle(pilot, 0.3)
        assert "Every screen now shows what it holds" in messages(app)
        titles = table_titles(app)
    assert titles == ["In the backup"], titles

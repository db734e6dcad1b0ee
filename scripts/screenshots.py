"""Regenerate screenshots/*.svg from a demo journal in a temporary file.

    python scripts/screenshots.py          # writes screenshots/*.svg
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from dataclasses import replace
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo import DEMO_TODAY, build  # noqa: E402

from journal.app import JournalApp  # noqa: E402
from journal.screens.dialogs import UnsavedDialog  # noqa: E402
from journal.store import open_journal, reflections  # noqa: E402

SIZE = (120, 36)
OUT = ROOT / "screenshots"


async def started(pilot) -> None:
    """Wait for what the app shows once its first frame is drawn (answers, counts)."""
    while not pilot.app.first_frame_shown:
        await pilot.pause(0.01)
    await pilot.pause()
    await pilot.pause()


async def settle_workers(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(db_path: Path) -> list[Path]:
    app = JournalApp(open_journal(db_path), db_path=Path("~/.local/share/journal/journal.db"),
                     today=lambda: DEMO_TODAY, autosave_delay=60)
    written: list[Path] = []

    def save(name: str) -> None:
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        written.append(OUT / f"{name}.svg")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(pilot)
        save("reflection")
        await pilot.press("ctrl+g")
        await pilot.press(*"last", "space", *"friday")
        await pilot.pause()
        save("go-to-date")
        await pilot.press("escape")
        await pilot.press("ctrl+l")
        await pilot.pause()
        save("days")
        await pilot.press("f1")
        await pilot.pause()
        save("help")
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        save("prompts")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f3")
        await settle_workers(pilot)
        await pilot.press("j")
        await pilot.pause()
        save("breakthroughs")
        await pilot.press("f", *"pricing")
        await settle_workers(pilot)
        await pilot.press("enter", "4")
        await settle_workers(pilot)
        save("breakthroughs-filtered")
        await pilot.press("escape", "escape")
        await settle_workers(pilot)
        await pilot.press("e")
        await pilot.pause()
        save("breakthrough-editor")
        await pilot.press("escape")
        await settle_workers(pilot)
        await pilot.press("space", "space", "space", "b")
        await pilot.pause()
        save("brief")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+f", *"pricing")
        await settle_workers(pilot)
        save("search")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        save("strategy")
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        save("strategy-note")
        await pilot.press("escape")
        await pilot.pause()
        # Another window rewrites today's reflection while this one is typing.
        await app.switch_mode("reflection")
        await pilot.pause()
        other = open_journal(db_path)
        stored = reflections.get(other, DEMO_TODAY)
        reflections.save(other, replace(stored, body="Board prep, written in the other window: lead with the "
                                                     "pilot numbers, then the ask."))
        other.close()
        await pilot.press("enter", *"Add", "space", *"the", "space", *"renewal", "full_stop")
        app.screen.flush()
        await pilot.pause(0.5)
        await pilot.pause()
        save("conflict")
        # Another program holds the journal (a long import, say) while this window quits.
        app.writer.submit(lambda db: db.conn.execute("PRAGMA busy_timeout=200")).result()
        lock = sqlite3.connect(db_path, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        await pilot.press("enter", *"One", "space", *"more", "space", *"thought", "full_stop")
        app.screen.flush()
        while "not saved" not in str(app.screen.query_one("#save-status").render()):
            await pilot.pause(0.05)
        app.clear_notifications()
        await pilot.press("ctrl+q")
        while not isinstance(app.screen, UnsavedDialog):
            await pilot.pause(0.05)
        app.clear_notifications()
        await pilot.pause()
        save("unsaved")
        await pilot.press("escape")
        lock.rollback()
        lock.close()
    return written


async def shoot_damaged(db_path: Path) -> list[Path]:
    """The same journal with one page overwritten: read-only, with the banner."""
    damaged = db_path.with_name("damaged.db")
    damaged.write_bytes(db_path.read_bytes())
    page = 4096
    with open(damaged, "r+b") as handle:
        handle.seek(page * (damaged.stat().st_size // page * 3 // 4))  # a page of text, not the schema
        handle.write(bytes((i * 37 + 11) % 256 for i in range(page)))
    app = JournalApp(open_journal(damaged, verify=False), db_path=Path("~/.local/share/journal/journal.db"),
                     today=lambda: DEMO_TODAY, autosave_delay=60)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(pilot)
        await settle_workers(pilot)
        await pilot.pause()
        app.save_screenshot(filename="read-only.svg", path=str(OUT))
    return [OUT / "read-only.svg"]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = build(Path(tmp) / "demo.db")
        for path in asyncio.run(shoot(db_path)) + asyncio.run(shoot_damaged(db_path)):
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

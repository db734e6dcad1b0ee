"""Regenerate screenshots/*.svg from a demo journal in a temporary file.

    python scripts/screenshots.py          # writes screenshots/*.svg
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo import DEMO_TODAY, build  # noqa: E402

from journal.app import JournalApp  # noqa: E402
from journal.store import open_journal  # noqa: E402

SIZE = (120, 36)
OUT = ROOT / "screenshots"


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

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
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
    return written


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = build(Path(tmp) / "demo.db")
        for path in asyncio.run(shoot(db_path)):
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

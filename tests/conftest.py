from __future__ import annotations

import gc
import hashlib
from datetime import date
from pathlib import Path

import pytest

from journal.store import open_journal

TODAY = date(2026, 3, 14)  # a Saturday


@pytest.fixture(autouse=True)
def _unfreeze_the_heap():
    """The app freezes its heap after its warm-up (journal.app.freeze_heap): in the
    test process that would keep every earlier test's garbage for good."""
    yield
    gc.unfreeze()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal" / "journal.db"


@pytest.fixture
def db(db_path: Path):
    database = open_journal(db_path)
    yield database
    database.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged_journal(path: Path) -> Path:
    """A real journal with one page in the middle overwritten by garbage."""
    from journal.store import reflections
    from journal.store.reflections import Reflection

    db = open_journal(path)
    for i in range(300):
        reflections.save(db, Reflection(day=date(2025, 1, 1) + __import__("datetime").timedelta(days=i),
                                        body=f"Entry {i} " + "words " * 80))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    page_size = 4096
    pages = path.stat().st_size // page_size
    with open(path, "r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))
    return path

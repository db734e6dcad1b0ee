from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from journal.store import open_journal

TODAY = date(2026, 3, 14)  # a Saturday


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

"""Helpers for the diagnosis tests: a user that file permissions bind, and journals to attack.

Permission bits do not stop root, and these tests may run as root. So, as root,
a test acts as 'nobody' for the moments that matter (effective ids only: the
real ids stay root, so it can come back); as any other user nothing changes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journal.cli import cli

NOBODY = 65534
DAY = date(2026, 3, 14)


def is_root() -> bool:
    return os.geteuid() == 0


# What the commands import lazily, imported up front: as 'nobody', Python's own
# library (under /root on the test machine) can no longer be read.
LOAD_MODULES = """
import importlib, pkgutil
import click, journal
for info in pkgutil.walk_packages(journal.__path__, "journal."):
    if not info.name.endswith("__main__") and (WITH_UI or not info.name.startswith(UI)):
        importlib.import_module(info.name)
for info in pkgutil.walk_packages(click.__path__, "click."):  # click formats its errors lazily
    if not info.name.endswith("_winconsole"):
        importlib.import_module(info.name)
for name in ("sqlite_utils", "sqlite_utils.db", "secrets", "json", "yaml", "tempfile", "shutil", "uuid",
             "encodings.utf_8_sig", "encodings.latin_1"):
    importlib.import_module(name)
"""
UI = ("journal.app", "journal.screens", "journal.widgets", "journal.commands", "journal.keymap")


def _load_modules() -> None:
    exec(LOAD_MODULES, {"WITH_UI": True, "UI": UI})


@contextlib.contextmanager
def as_plain_user() -> Iterator[None]:
    if not is_root():
        yield
        return
    _load_modules()
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def user_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder the plain user owns and can reach (root's pytest folders are 0700)."""
    if is_root():
        base = Path(tempfile.mkdtemp(prefix="journal-adv-"))
        os.chown(base, NOBODY, NOBODY)
    else:
        base = tmp_path / "user"
        base.mkdir()
    yield base
    for folder, _, _ in os.walk(base):  # give back what a test took away, so it can be removed
        os.chmod(folder, 0o700)
    if is_root():
        shutil.rmtree(base, ignore_errors=True)


def make_journal(path: Path, body: str = "Kept safe.") -> Path:
    """A healthy journal with one reflection, closed (no -wal left), owned by the plain user."""
    from journal.store import open_journal, reflections

    with as_plain_user():
        path.parent.mkdir(parents=True, exist_ok=True)
        db = open_journal(path)
        reflections.append(db, DAY, body)
        db.close()
    return path


def invoke(*args: str, input: str | bytes | None = None, env: dict | None = None, plain: bool = True) -> Result:
    """The command line, as the plain user; never a traceback (asserted here)."""
    with as_plain_user() if plain else contextlib.nullcontext():
        result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in result.output
    return result


def files_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in folder: its bytes and mtime (what 'never writes' promises)."""
    state = {}
    with as_plain_user():
        for item in sorted(folder.iterdir()):
            if item.is_file():
                state[item.name] = (item.read_bytes(), item.stat().st_mtime_ns)
    return state


def bodies(path: Path) -> list[str]:
    """What the file holds, read without changing it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT body FROM reflections ORDER BY day")]
    finally:
        conn.close()


def run_journal(*args: str | bytes, as_plain_user: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """The real `journal` command in a fresh interpreter (as the plain user: the child
    starts as root to read Python's library, then drops to 'nobody' for good)."""
    code = (f"WITH_UI, UI = False, {UI!r}\n" + LOAD_MODULES +
            "import os, sys\n"
            f"if os.geteuid() == 0 and {as_plain_user}:\n"
            f"    os.setgroups([]); os.setgid({NOBODY}); os.setuid({NOBODY})\n"
            "sys.argv[0] = 'journal'\n"
            "from journal.launch import main\n"
            "main()\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=60,
                          stdin=kwargs.pop("stdin", subprocess.DEVNULL), cwd="/", **kwargs)

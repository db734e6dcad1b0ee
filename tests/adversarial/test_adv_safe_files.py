"""Finding 4: exports wrote through symlinks, replaced FIFOs and devices, left
0-byte files when killed and temporary files nobody cleaned. Every writer now
goes through files.write_private_text: no links followed, regular files only,
0600, temp + fsync + rename, one temp-name pattern, stale temps removed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from adv_journal import fill, run
from journal.files import ExportError, write_private_text

TEMP_PREFIX = ".journal-tmp-"  # every temporary file we make starts so (files.TEMP_PREFIX)


@pytest.fixture
def journal(tmp_path):
    return fill(tmp_path / "journal.db")


def refused(result, *words):
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for word in words:
        assert word in result.stderr, result.stderr


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


# -- symlinks and special files -----------------------------------------------

def test_split_does_not_write_through_a_dangling_symlink(journal, tmp_path):
    folder, outside = tmp_path / "split", tmp_path / "outside"
    folder.mkdir(), outside.mkdir()
    (folder / "2026-03-02.md").symlink_to(outside / "planted.md")
    refused(run(journal, "export", "--split", folder), "2026-03-02.md")
    assert not (outside / "planted.md").exists()
    assert (folder / "2026-03-02.md").is_symlink()


def test_split_force_refuses_a_symlink_to_a_file_outside(journal, tmp_path):
    folder, secret = tmp_path / "split", tmp_path / "secret.txt"
    folder.mkdir()
    secret.write_text("keep me")
    secret.chmod(0o644)
    (folder / "2026-03-02.md").symlink_to(secret)
    result = run(journal, "export", "--split", folder, "--force")
    refused(result, "2026-03-02.md", "symbolic link")
    assert secret.read_text() == "keep me" and stat.S_IMODE(secret.stat().st_mode) == 0o644
    assert (folder / "2026-03-02.md").is_symlink()
    assert temps(folder) == []


def test_split_force_makes_replaced_files_private(journal, tmp_path):
    folder = tmp_path / "split"
    assert run(journal, "export", "--split", folder).exit_code == 0
    for path in folder.iterdir():
        path.write_text("old")
        path.chmod(0o644)
    assert run(journal, "export", "--split", folder, "--force").exit_code == 0
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert path.read_text() != "old"


@pytest.mark.parametrize("make", ["fifo", "device", "symlink", "folder"])
def test_output_force_never_replaces_what_is_not_a_regular_file(journal, tmp_path, make):
    target, outside = tmp_path / "out.md", tmp_path / "outside.md"
    outside.write_text("outside")
    if make == "fifo":
        os.mkfifo(target)
    elif make == "device":
        os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    elif make == "symlink":
        target.symlink_to(outside)
    else:
        target.mkdir()
    before = os.lstat(target)
    result = run(journal, "export", "-o", target, "--force")
    refused(result, str(target))
    after = os.lstat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    assert outside.read_text() == "outside"
    assert temps(tmp_path) == []


def test_the_helper_refuses_links_and_special_files_even_when_overwriting(tmp_path):
    link = tmp_path / "brief.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(ExportError, match="symbolic link"):
        write_private_text(link, "# Brief\n", overwrite=True)
    assert not (tmp_path / "elsewhere.md").exists()
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(ExportError, match="not a regular file"):
        write_private_text(tmp_path / "pipe.md", "# Brief\n", overwrite=True)


def test_the_helper_keeps_the_old_file_when_rendering_fails_half_way(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old brief")

    def chunks():
        yield "# New brief\n"
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        write_private_text(target, chunks(), overwrite=True)
    assert target.read_text() == "old brief"
    assert temps(tmp_path) == []


def test_the_helper_writes_private_files_atomically(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old")
    target.chmod(0o644)
    write_private_text(target, iter(["a", "b"]), overwrite=True)
    assert target.read_text() == "ab" and stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(ExportError, match="already exists"):
        write_private_text(target, "c")
    assert target.read_text() == "ab"


# -- temporary files --------------------------------------------------------

def plant_temps(folder: Path) -> tuple[Path, Path]:
    stale, fresh = folder / f"{TEMP_PREFIX}stale", folder / f"{TEMP_PREFIX}fresh"
    stale.write_text("half an export")
    fresh.write_text("an export running now")
    hour_ago = time.time() - 3700
    os.utime(stale, (hour_ago, hour_ago))
    return stale, fresh


def test_stale_temporary_files_are_removed_by_the_next_export(journal, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    stale, fresh = plant_temps(folder)
    assert run(journal, "export", "-o", folder / "j.md").exit_code == 0
    assert not stale.exists() and fresh.exists()


def test_stale_temporary_files_are_removed_by_the_next_split_export(journal, tmp_path):
    folder = tmp_path / "split"
    folder.mkdir()
    stale, fresh = plant_temps(folder)
    assert run(journal, "export", "--split", folder).exit_code == 0
    assert not stale.exists() and fresh.exists()


def test_stale_temporary_files_are_removed_by_the_next_backup(journal, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    stale, fresh = plant_temps(folder)
    result = run(journal, "backup", folder / "b.db")
    assert result.exit_code == 0, result.output
    assert not stale.exists() and fresh.exists()
    assert temps(folder) == [fresh.name]


def test_backup_temporary_files_use_the_same_pattern(journal, tmp_path, monkeypatch):
    from journal.store import backup as backups

    seen = []
    real_connect = backups.sqlite3.connect

    def spy(target, *args, **kwargs):
        seen.append(Path(str(target)).name)
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(backups.sqlite3, "connect", spy)
    backups.backup(journal, tmp_path / "b.db")
    assert any(name.startswith(TEMP_PREFIX) for name in seen), seen


# -- a full disk ------------------------------------------------------------

@pytest.mark.slow
def test_export_to_dev_full_is_a_sentence(journal):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "journal", "--db", str(journal), "export"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=10)
    assert done.returncode == 2, done.stderr
    assert "disk is full" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def big_journal(path: Path) -> Path:
    from journal.store import open_journal, reflections
    from journal.store.reflections import Reflection

    db = open_journal(path)
    for i in range(60):
        reflections.save(db, Reflection(day=date(2025, 1, 1) + timedelta(days=i), body="words " * 400))
    db.close()
    return path


def test_export_onto_a_full_disk_keeps_the_old_file(tmp_path, tiny_disk):
    journal = big_journal(tmp_path / "big.db")
    target = tiny_disk / "j.md"
    target.write_text("the old export")
    result = run(journal, "export", "-o", target, "--force")
    refused(result, "disk is full", "old file is kept")
    assert target.read_text() == "the old export"
    assert temps(tiny_disk) == []


def test_new_export_onto_a_full_disk_writes_nothing(tmp_path, tiny_disk):
    journal = big_journal(tmp_path / "big.db")
    result = run(journal, "export", "-o", tiny_disk / "j.md")
    refused(result, "disk is full", "nothing was written")
    assert list(tiny_disk.iterdir()) == []


def test_split_onto_a_full_disk_is_a_sentence(tmp_path, tiny_disk):
    journal = big_journal(tmp_path / "big.db")
    result = run(journal, "export", "--split", tiny_disk / "split")
    refused(result, "disk is full")
    assert temps(tiny_disk / "split") == []
    for path in (tiny_disk / "split").iterdir():
        assert path.stat().st_size > 0  # whole files only


# -- killed in the middle -----------------------------------------------------

@pytest.mark.slow
def test_a_killed_split_export_leaves_old_or_complete_files(tmp_path):
    from journal.store import breakthroughs as bt
    from journal.store import open_journal
    from journal.store.breakthroughs import Breakthrough

    journal = tmp_path / "j.db"
    db = open_journal(journal)
    for i in range(1500):
        bt.save(db, Breakthrough(happened_on=date(2020, 1, 1) + timedelta(days=i), title=f"Event {i}",
                                 situation="words " * 30))
    db.close()
    reference, folder = tmp_path / "reference", tmp_path / "split"
    assert run(journal, "export", "--split", reference).exit_code == 0
    folder.mkdir()
    for path in reference.iterdir():
        (folder / path.name).write_text("OLD\n")
    process = subprocess.Popen([sys.executable, "-m", "journal", "--db", str(journal), "export", "--split",
                                str(folder), "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:  # kill it once it has replaced some files, not all
        replaced = sum(1 for p in folder.iterdir() if p.is_file() and p.stat().st_size > 4)
        if replaced > 50:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for path in folder.iterdir():
        if path.name.startswith(TEMP_PREFIX):
            continue
        content = path.read_bytes()
        assert content in (b"OLD\n", (reference / path.name).read_bytes()), (path.name, content[:80])
    # the killed run's temporary files go with the next export once they are an hour old
    hour_ago = time.time() - 3700
    for name in temps(folder):
        os.utime(folder / name, (hour_ago, hour_ago))
    assert run(journal, "export", "--split", folder, "--force").exit_code == 0
    assert temps(folder) == []

"""Attack: the command line as a script (cron, a backup job) runs it: stderr is not
a terminal. What it says must be true: a message that the export holds 0
records, when it holds them all, sends a user hunting for lost entries."""

from __future__ import annotations

import json

from adv_journal import fill, run


def test_export_to_a_file_says_how_many_records_it_wrote(db_path, tmp_path):
    fill(db_path)  # a reflection, a breakthrough and a strategy note
    target = tmp_path / "all.json"
    result = run(db_path, "export", "--format", "json", "-o", target)
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text())["records"]) == 3
    assert "Exported 3 records" in result.output, result.output  # was: "Exported 0 records to …"


def test_markdown_export_to_a_file_says_how_many_records_it_wrote(db_path, tmp_path):
    fill(db_path)
    target = tmp_path / "all.md"
    result = run(db_path, "export", "-o", target)
    assert result.exit_code == 0, result.output
    assert "Exported 0 records" not in result.output and "Exported 3 records" in result.output, result.output


class _ReadOnlyDisk:
    """os.statvfs as on a read-only mount (seen with `mount -o remount,bind,ro`)."""

    def __init__(self, real):
        self.real = real

    def __call__(self, path):
        import os

        found = self.real(path)
        return os.statvfs_result((*found[:8], found.f_flag | os.ST_RDONLY, found.f_namemax))


def test_a_relative_journal_path_on_a_read_only_disk_is_named_as_it_is(tmp_path, monkeypatch):
    """`journal --db ro/journal.db write …` on a read-only disk said "Ro/journal.db is on a
    read-only disk": a path is data, and on Linux Ro/ is another folder."""
    import os

    from journal.store import open_journal

    monkeypatch.chdir(tmp_path)
    open_journal(tmp_path / "ro" / "journal.db").close()
    monkeypatch.setattr(os, "statvfs", _ReadOnlyDisk(os.statvfs))
    result = run("ro/journal.db", "write", "More.")
    assert result.exit_code == 2, result.output
    assert "ro/journal.db" in result.output and "Ro/journal.db" not in result.output, result.output
    doctor = run("ro/journal.db", "doctor")
    assert "Ro/journal.db" not in doctor.output, doctor.output


def test_search_never_prints_terminal_control_sequences_from_the_text(db_path):
    """Text imported from someone else's file (or pasted) may hold escape sequences:
    OSC 52 writes the terminal's clipboard, OSC 0 its title, CSI 2J clears it.
    `journal search` listed them raw, so the terminal obeyed."""
    from datetime import date

    from journal.store import open_journal, reflections

    db = open_journal(db_path)
    reflections.append(db, date(2026, 3, 2), "hello \x1b]52;c;cm0gLXJmIH4=\x07 there \x1b]0;PWNED\x07 board")
    db.close()
    result = run(db_path, "search", "board")
    assert result.exit_code == 0, result.output
    assert "hello" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output, repr(result.output)

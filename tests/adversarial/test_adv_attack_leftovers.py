"""Attack: kill -9 (or SIGTERM: a shutdown) during `journal restore` of a backup with
another page size. The restore rebuilds the backup in a scratch file beside the
journal (.journal-tmp-…, plus SQLite's -journal for it): on a 160 MB journal,
killed after a second, 91 MB of the user's private text stay there.

"Leftover temporary files of ours are cleaned at the next run": the next
restore, at least, must remove what a killed one left."""

from __future__ import annotations

import os
import time

from adv_journal import fill, run

from journal.files import TEMP_PREFIX
from journal.store import backup as backups


def leftovers_of_a_killed_restore(folder):
    """What `journal restore` left beside the journal when killed (seen with kill -9)."""
    scratch = folder / f"{TEMP_PREFIX}57a42gxb"
    scratch.write_bytes(b"SQLite format 3\x00" + b"private text " * 1000)
    companion = folder / f"{TEMP_PREFIX}57a42gxb-journal"
    companion.write_bytes(b"\x00" * 1024)
    two_days_ago = time.time() - 2 * 86400
    for path in (scratch, companion):
        os.utime(path, (two_days_ago, two_days_ago))
    return scratch, companion


def test_the_next_restore_removes_what_a_killed_restore_left(db_path, tmp_path):
    fill(db_path)
    backup_file = backups.backup(db_path, tmp_path / "backup.db")
    scratch, companion = leftovers_of_a_killed_restore(db_path.parent)
    result = run(db_path, "restore", backup_file, "--yes")
    assert result.exit_code == 0, result.output
    assert not scratch.exists() and not companion.exists(), sorted(p.name for p in db_path.parent.iterdir())

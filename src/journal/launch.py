"""The `journal` command's entry point.

Opening the app (no arguments, or only --db PATH) goes straight to it;
everything else goes to the click command line in cli.py. Skipping click and
sqlite-utils on the way to the first frame saves about 0.1 s a start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.app import JournalApp

EXIT_BAD_INPUT = 2


def _app_only(args: list[str]) -> tuple[bool, str | None]:
    """(True, --db value or None) when args ask for nothing but the app."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0][len("--db="):]
    return False, None


def autosave_delay() -> float:
    """Seconds of quiet before autosave; JOURNAL_AUTOSAVE_SECONDS may change it."""
    from journal.app import AUTOSAVE_DELAY_S

    try:
        return max(0.1, float(os.environ.get("JOURNAL_AUTOSAVE_SECONDS", AUTOSAVE_DELAY_S)))
    except ValueError:
        return AUTOSAVE_DELAY_S


def _upgrading() -> None:
    # Before the app takes the screen: the terminal shows why the first frame waits.
    from journal.cli import UPGRADING

    print(UPGRADING, file=sys.stderr, flush=True)


def open_app(path: Path) -> JournalApp:
    """The app on the journal at path: read-only, saying why, when the file, its
    folder or its disk may not be changed. Raises JournalError (its sentence)."""
    from journal.store.db import open_for_reading

    # The whole-file check runs in the app, after the first frame.
    conn, read_only = open_for_reading(path, on_upgrade=_upgrading)
    from journal.app import JournalApp  # textual only here

    app = JournalApp(conn, db_path=path, autosave_delay=autosave_delay())
    app.read_only_reason = read_only
    return app


def run_app(path: Path) -> int:
    """Open the journal at path in the app; the exit status."""
    from journal.store.db import JournalError

    try:
        app = open_app(path)
    except JournalError as error:
        print(f"journal: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    app.run()
    return app.return_code or 0


def main() -> None:
    wanted, db_option = _app_only(sys.argv[1:])
    if not wanted:
        from journal.cli import main as command_line

        command_line()
        return
    # Everything we create (journal, folders, backups, exports) is private to the user.
    os.umask(0o077)
    from journal.paths import PathProblem, resolve_db_path

    try:
        path = resolve_db_path(db_option)
    except PathProblem as error:
        print(f"journal: {error}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(run_app(path))


if __name__ == "__main__":
    main()

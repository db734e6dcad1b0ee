"""Where the journal file lives: --db, else $JOURNAL_DB, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "journal"
ENV_VAR = "JOURNAL_DB"
FILE_NAME = "journal.db"
# The files SQLite keeps beside a database X, named X-wal, X-shm and X-journal. A
# journal kept under such a name is deleted or overwritten the next time X opens.
COMPANIONS = {"-wal": "write-ahead log", "-shm": "shared-memory index", "-journal": "rollback journal"}
# SQLite's unix VFS opens paths of up to 512 bytes (MAX_PATHNAME), the companions' too.
LONGEST_PATH = 512 - len("-journal")


class PathProblem(ValueError):
    """The journal path cannot be a journal; str() is the sentence for the user."""


def data_dir() -> Path:
    """The platform's user data directory for the journal (not created here)."""
    from platformdirs import user_data_dir  # ~6 ms: only when neither --db nor $JOURNAL_DB names the file

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / FILE_NAME


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The file to open: the --db option wins, then $JOURNAL_DB, then the default.
    Raises PathProblem for a path that can never be a journal."""
    if option is not None:
        return checked_path(os.fspath(option), "--db")
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return checked_path(from_env, f"${ENV_VAR}")
    return default_db_path()


def checked_path(text: str, source: str) -> Path:
    """text as the journal's path, or PathProblem saying why it cannot be one."""
    if not text.strip():
        raise PathProblem(f"{source} is empty: give the path of the journal file, or leave {source} out "
                          "to use the default journal.")
    if "\x00" in text:
        raise PathProblem(f"The path given with {source} contains a NUL character, which no file name can "
                          "hold. Nothing was changed; check the path.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PathProblem(f"The path given with {source} is not valid UTF-8 text. Nothing was changed; "
                          "rename the file or folder, or check your terminal's encoding (locale).") from None
    path = Path(text).expanduser()
    size = len(os.fsencode(os.path.abspath(path)))
    if size > LONGEST_PATH:
        raise PathProblem(f"The path given with {source} is too long: SQLite opens a file only when its full "
                          f"path is at most {LONGEST_PATH} bytes, and this one has {size:,}. Nothing was changed; "
                          "choose a shorter path.")
    for suffix, what in COMPANIONS.items():
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            base = path.with_name(path.name[: -len(suffix)])
            raise PathProblem(
                f"{path.name} is not a journal but the name of SQLite's {what} for {base.name}, which SQLite "
                f"deletes or rewrites whenever {base.name} is opened. Nothing was changed; give the journal "
                f"file itself (--db '{base}'), or a name that does not end in {suffix}.")
    return path

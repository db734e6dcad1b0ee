"""Where the journal file lives: --db, else $JOURNAL_DB, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "journal"
ENV_VAR = "JOURNAL_DB"
FILE_NAME = "journal.db"


def data_dir() -> Path:
    """The platform's user data directory for the journal (not created here)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / FILE_NAME


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """The file to open: the --db option wins, then $JOURNAL_DB, then the default."""
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()

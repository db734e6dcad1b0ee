"""Writing the user's exports: private (0600), never over an existing file unless asked."""

from __future__ import annotations

import os
from pathlib import Path


class ExportError(Exception):
    """A sentence for the user: what went wrong and what to do."""


def resolve_target(text: str) -> Path:
    text = text.strip()
    if not text:
        raise ExportError("Type a file name, for example ~/talking-points.md.")
    path = Path(text).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; add a file name, for example {path / 'talking-points.md'}.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist; create it first or choose another.")
    return path


def write_private_text(path: Path, text: str, overwrite: bool = False) -> None:
    """Write atomically-enough for a user export: 0600, refusing to clobber unless overwrite."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError as error:
        raise ExportError(f"{path} already exists.") from error
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror}.") from error
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)

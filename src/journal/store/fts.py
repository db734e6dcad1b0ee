"""Turn whatever the user typed into a safe FTS5 query."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str, prefix_last: bool = True) -> str | None:
    """Every word quoted (so AND, quotes, *, - and punctuation are plain text),
    all required; the last word also matches as a prefix while the user types.
    None when the text holds no word at all."""
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if prefix_last:
        quoted[-1] += "*"
    return " ".join(quoted)

"""Turn whatever the user typed into a safe FTS5 query."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
# Each word is one more pass over the index: 2,000 words took 12 s. 64 is more
# than any search a person types, and keeps the slowest under a second.
MAX_WORDS = 64


class QueryTooLong(ValueError):
    """str() is the sentence for the user."""


def query_words(text: str) -> list[str]:
    """The words of a search, or QueryTooLong when there are more than MAX_WORDS."""
    words = _WORD.findall(text)
    if len(words) > MAX_WORDS:
        raise QueryTooLong(f"A search can hold at most {MAX_WORDS} words, and this one has {len(words):,}. "
                           "Use fewer words: the most telling ones.")
    return words


def fts_query(text: str, prefix_last: bool = True) -> str | None:
    """Every word quoted (so AND, quotes, *, - and punctuation are plain text),
    all required; the last word also matches as a prefix while the user types.
    None when the text holds no word at all; QueryTooLong past MAX_WORDS."""
    words = query_words(text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if prefix_last:
        quoted[-1] += "*"
    return " ".join(quoted)

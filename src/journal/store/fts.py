"""Turn whatever the user typed into a safe FTS5 query."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
# Each word is one more pass over the index: 2,000 words took 12 s. 64 is more
# than any search a person types, and keeps the slowest under a second.
MAX_WORDS = 64
# Ranking reads every match (bm25 scores each one: 4.2 s for "a" at 1,000,000
# entries), so a list ranks at most this many; past it, it lists newest first
# (walking the date index stops at the page) and says so. Counts stop just past
# it too: "more than 10,000". One rule for `journal search`, the search screen,
# the breakthroughs (F3) and strategy notes (F4) lists.
RANK_AT_MOST = 10_000


def too_many_to_rank(matches: int) -> bool:
    """The rule: more matches than RANK_AT_MOST are listed newest first, not ranked
    (`matches` may be a count stopped at RANK_AT_MOST + 1)."""
    return matches > RANK_AT_MOST


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

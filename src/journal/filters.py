"""The filters every command and the search screen share: one parser for all.

    --from WHEN   from the start of WHEN ("march" -> 1 March)
    --to WHEN     to the end of WHEN ("2025" -> 31 December 2025)
    --on WHEN     within WHEN ("last quarter", "2025", "since march", "yesterday")
    --tag TAG     (repeatable: every tag must be present)
    --kind KIND   reflection | breakthrough | strategy (repeatable)
    --talking-points
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from journal.store.fts import QueryTooLong, query_words
from journal.store.search import KINDS, SearchFilter
from journal.store.tags import parse_tags


def _iso_day(text: str) -> date | None:
    """YYYY-MM-DD as a date, without loading the date parser (journal.dates and
    dateutil, ~7 ms of a command); None for anything else, which the parser reads."""
    text = text.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (text[:4] + text[5:7] + text[8:]).isdigit():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None  # 2023-02-29: the parser says why


def _parse_range(text: str, today: date) -> tuple[date | None, date | None]:
    day = _iso_day(text)
    if day is not None:
        return day, day
    from journal.dates import parse_range

    return parse_range(text, today)


def _date_error() -> type[ValueError]:
    """journal.dates.DateError, imported only once something failed: an except
    clause's class is looked up when an exception reaches it."""
    from journal.dates import DateError

    return DateError


class FilterError(ValueError):
    """Which option was wrong and why; str() is the sentence for the user."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def build_filter(
    text: str = "",
    from_: str | None = None,
    to: str | None = None,
    on: str | None = None,
    tags: Iterable[str] = (),
    kinds: Iterable[str] = (),
    talking_points: bool = False,
    today: date | None = None,
) -> SearchFilter:
    today = today or date.today()
    try:
        query_words(text)
    except QueryTooLong as error:
        raise FilterError("QUERY", str(error)) from error
    since = until = None
    if on is not None and (from_ is not None or to is not None):
        raise FilterError("--on", "Use --on alone, or --from and --to, not both.")
    try:
        if on is not None:
            since, until = _parse_range(on, today)
            if since is None and until is None:
                raise _date_error()("--on needs a date or a span, for example 'last quarter' or 2025.")
        if from_ is not None:
            since = _parse_range(from_, today)[0]
    except _date_error() as error:
        raise FilterError("--on" if on is not None else "--from", str(error)) from error
    try:
        if to is not None:
            until = _parse_range(to, today)[1]
    except _date_error() as error:
        raise FilterError("--to", str(error)) from error
    if since and until and until < since:
        raise FilterError("--to", f"--to ({until}) comes before --from ({since}); swap them.")
    wanted = tuple(dict.fromkeys(k.strip().lower() for k in kinds))
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise FilterError("--kind", f"Kinds are {', '.join(KINDS)}; not {', '.join(unknown)}.")
    tag_list: list[str] = []
    for tag in tags:
        tag_list += parse_tags(tag)
    return SearchFilter(text=text, since=since, until=until, tags=tuple(tag_list), kinds=wanted,
                        talking_points=talking_points)

from __future__ import annotations

from datetime import date

import pytest

from journal.dates import DateError, describe, parse_date

TODAY = date(2026, 11, 21)  # a Saturday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-14", date(2026, 3, 14)),
        ("2026-3-4", date(2026, 3, 4)),
        ("today", TODAY),
        ("  Today ", TODAY),
        ("yesterday", date(2026, 11, 20)),
        ("tomorrow", date(2026, 11, 22)),
        ("3 days ago", date(2026, 11, 18)),
        ("a week ago", date(2026, 11, 14)),
        ("two weeks ago", date(2026, 11, 7)),
        ("1 month ago", date(2026, 10, 21)),
        ("in 3 days", date(2026, 11, 24)),
        ("in 3 months", date(2027, 2, 21)),
        ("last friday", date(2026, 11, 20)),
        ("last saturday", date(2026, 11, 14)),  # strictly before today
        ("saturday", TODAY),  # the most recent, today included
        ("friday", date(2026, 11, 20)),
        ("mon", date(2026, 11, 16)),
        ("next friday", date(2026, 11, 27)),
        ("this monday", date(2026, 11, 16)),
        ("march 3", date(2026, 3, 3)),
        ("3 march", date(2026, 3, 3)),
        ("3rd of March", date(2026, 3, 3)),
        ("Mar 3", date(2026, 3, 3)),
        ("december 25", date(2025, 12, 25)),  # no year: the latest one not in the future
        ("March 3rd, 2025", date(2025, 3, 3)),
        ("3 march 2024", date(2024, 3, 3)),
        ("feb 29", date(2024, 2, 29)),
        ("tue 3 march 2026", date(2026, 3, 3)),
    ],
)
def test_date_words(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, explanation",
    [
        ("02/01/2026", "ambiguous: 2 January or 1 February"),
        ("25/12/2026", "write 2026-12-25"),
        ("2026/03/14", "write it as 2026-03-14"),
        ("32 march", "March has no day 32"),
        ("march 32", "March has no day 32"),
        ("2026-02-30", "February 2026 has no day 30"),
        ("2026-13-01", "months run from 1 to 12"),
        ("february 30 2026", "February 2026 has no day 30"),
        ("soon", "Can't read 'soon' as a date"),
        ("", "Type a date"),
        ("march", "names a month but no day"),
        ("last week", "span of time"),
        ("2025", "span of time"),
        ("9999 years ago", "outside the calendar"),
        ("3 days", "Can't read"),
    ],
)
def test_refusals_explain_themselves(text, explanation):
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    assert explanation in str(caught.value)


def test_describe_shows_the_date_back():
    assert describe(date(2026, 3, 14), TODAY) == "Saturday 14 March 2026 · 252 days ago"
    assert describe(TODAY, TODAY).endswith("· today")
    assert describe(date(2026, 11, 22), TODAY).endswith("· tomorrow")


from journal.dates import describe_range, parse_range  # noqa: E402


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", (None, None)),
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("march 2026", (date(2026, 3, 1), date(2026, 3, 31))),
        ("2026-03", (date(2026, 3, 1), date(2026, 3, 31))),
        ("december", (date(2025, 12, 1), date(2025, 12, 31))),
        ("since march", (date(2026, 3, 1), None)),
        ("since 2026-01-01", (date(2026, 1, 1), None)),
        ("since last friday", (date(2026, 11, 20), None)),
        ("until 2024", (None, date(2024, 12, 31))),
        ("last quarter", (date(2026, 7, 1), date(2026, 9, 30))),
        ("this quarter", (date(2026, 10, 1), date(2026, 12, 31))),
        ("last month", (date(2026, 10, 1), date(2026, 10, 31))),
        ("last week", (date(2026, 11, 9), date(2026, 11, 15))),
        ("last year", (date(2025, 1, 1), date(2025, 12, 31))),
        ("last 30 days", (date(2026, 10, 23), TODAY)),
        ("from 2024-01-01 to 2024-06-30", (date(2024, 1, 1), date(2024, 6, 30))),
        ("2024-01-01 to 2024-06-30", (date(2024, 1, 1), date(2024, 6, 30))),
        ("march to may", (date(2026, 3, 1), date(2026, 5, 31))),
        ("between march 2025 and june 2025", (date(2025, 3, 1), date(2025, 6, 30))),
        ("yesterday", (date(2026, 11, 20), date(2026, 11, 20))),
    ],
)
def test_date_ranges(text, expected):
    assert parse_range(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, explanation",
    [
        ("soon", "Can't read 'soon' as a date range"),
        ("from soon to later", "as a date range"),
        ("2024-06-30 to 2024-01-01", "ends before it starts"),
        ("since 32 march", "March has no day 32"),
        ("2026-13", "months run from 1 to 12"),
    ],
)
def test_range_refusals(text, explanation):
    with pytest.raises(DateError) as caught:
        parse_range(text, TODAY)
    assert explanation in str(caught.value)


def test_describe_range():
    assert describe_range(date(2025, 1, 1), date(2025, 12, 31)) == "1 Jan 2025 – 31 Dec 2025"
    assert describe_range(date(2026, 3, 1), None) == "since 1 Mar 2026"
    assert describe_range(None, None) == "any date"

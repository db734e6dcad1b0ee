"""Date words: "2026-03-14", "yesterday", "3 days ago", "last friday", "march 3".

A small grammar of our own on top of python-dateutil. It never guesses: an
ambiguous or unreadable date raises DateError with a sentence for the user.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

EXAMPLES = "2026-03-14, today, yesterday, 3 days ago, last friday or march 3"


class DateError(ValueError):
    """The text is not a date we can read without guessing; str() explains."""


WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS |= {name.lower(): i for i, name in enumerate(calendar.day_abbr)}
WEEKDAYS |= {"tues": 1, "wed": 2, "thur": 3, "thurs": 3}

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS |= {"sept": 9}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}

_NUMBER = r"(\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"
_UNIT = r"(day|week|month|year)s?"
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NUMERIC_SLASHED = re.compile(r"^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})$")
AGO = re.compile(rf"^{_NUMBER} {_UNIT} ago$")
AHEAD = re.compile(rf"^in {_NUMBER} {_UNIT}$")
WEEKDAY = re.compile(rf"^(?:(last|next|this|on) )?{_WEEKDAY}$")
MONTH_DAY = re.compile(rf"^{_MONTH} {_ORDINAL}(?:,? (\d{{4}}))?$")
DAY_MONTH = re.compile(rf"^{_ORDINAL} (?:of )?{_MONTH}(?:,? (\d{{4}}))?$")
HAS_MONTH_NAME = re.compile(rf"\b{_MONTH}(\b|$)")
RANGE_WORDS = re.compile(r"^(last|this|next) (week|month|quarter|year)$|^\d{4}$|^since |^from ")


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().replace(",", ", ").split()).rstrip(".")


def _number(word: str) -> int:
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


def _make(year: int, month: int, day: int, original: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(f"'{original}' has month {month}; months run from 1 to 12.")
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= year <= 9999:
        raise DateError(f"'{original}' has year {year}; use a year from 1 to 9999.")
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise DateError(f"{name} {year} has no day {day}: it has {last} days.")
    return date(year, month, day)


def _most_recent(month: int, day: int, today: date, original: str) -> date:
    """A month and day without a year: the latest such date not after today."""
    if not 1 <= day <= 31 or day > max(calendar.monthrange(y, month)[1] for y in (2023, 2024)):
        raise DateError(f"{calendar.month_name[month]} has no day {day}.")
    for year in (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if candidate <= today:
            return candidate
    raise DateError(f"'{original}' is not a day that exists in recent years.")


def _weekday(qualifier: str | None, weekday: int, today: date) -> date:
    back = (today.weekday() - weekday) % 7
    if qualifier in (None, "on"):  # the most recent one, today included
        return today - relativedelta(days=back)
    if qualifier == "last":  # strictly before today
        return today - relativedelta(days=back or 7)
    if qualifier == "next":  # strictly after today
        return today + relativedelta(days=(weekday - today.weekday()) % 7 or 7)
    # "this friday": the one in the current Monday-to-Sunday week
    return today + relativedelta(days=weekday - today.weekday())


def _slashed(match: re.Match[str], original: str) -> DateError:
    a, b, c = (int(g) for g in match.groups())
    if len(match.group(1)) == 4:
        return DateError(f"'{original}' is not a form we read; write it as {a:04d}-{b:02d}-{c:02d}.")
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(date(c if c > 99 else 2000 + c, month, day))
        except ValueError:
            pass
    options = " or ".join(dict.fromkeys(d.isoformat() for d in readings))
    if len(set(readings)) > 1:
        return DateError(
            f"'{original}' is ambiguous: {readings[0]:%-d %B} or {readings[1]:%-d %B}? "
            f"Write it as {options}."
        )
    if readings:
        return DateError(f"Dates with slashes are read differently by country; write {options}.")
    return DateError(f"'{original}' is not a date; write it as YYYY-MM-DD, for example 2026-03-14.")


def parse_date(text: str, today: date | None = None) -> date:
    """Read one calendar day from the user's words, relative to today."""
    today = today or date.today()
    try:
        return _parse(text, today)
    except DateError:
        raise
    except (ValueError, OverflowError) as error:
        raise DateError(f"'{text.strip()}' is outside the calendar we can use.") from error


def _parse(text: str, today: date) -> date:
    original = text.strip()
    s = _normalise(text)
    if not s:
        raise DateError(f"Type a date, for example {EXAMPLES}.")
    if s in ("today", "now", "tonight"):
        return today
    if s == "yesterday":
        return today - relativedelta(days=1)
    if s == "tomorrow":
        return today + relativedelta(days=1)
    if m := ISO.match(s):
        return _make(int(m[1]), int(m[2]), int(m[3]), original)
    if m := NUMERIC_SLASHED.match(s):
        raise _slashed(m, original)
    if m := AGO.match(s):
        return today - relativedelta(**{UNITS[m[2]]: _number(m[1])})
    if m := AHEAD.match(s):
        return today + relativedelta(**{UNITS[m[2]]: _number(m[1])})
    if m := WEEKDAY.match(s):
        return _weekday(m[1], WEEKDAYS[m[2]], today)
    if m := MONTH_DAY.match(s):
        month, day, year = MONTHS[m[1]], int(m[2]), m[3]
        return _make(int(year), month, day, original) if year else _most_recent(month, day, today, original)
    if m := DAY_MONTH.match(s):
        day, month, year = int(m[1]), MONTHS[m[2]], m[3]
        return _make(int(year), month, day, original) if year else _most_recent(month, day, today, original)
    if RANGE_WORDS.match(s):
        raise DateError(f"'{original}' is a span of time, not one day; try {EXAMPLES}.")
    if HAS_MONTH_NAME.search(s):
        return _with_dateutil(s, original, today)
    raise DateError(f"Can't read '{original}' as a date. Try {EXAMPLES}.")


def _with_dateutil(s: str, original: str, today: date) -> date:
    """Longer forms with a month name ("tue 3 march 2026"), read by dateutil.

    Parsed twice with different defaults: a part that changes with the
    default was not in the text, and we refuse to guess a missing day.
    """
    from dateutil import parser as dateutil_parser  # only for these rarer forms: it is slow to import

    try:
        one = dateutil_parser.parse(s, default=datetime(2000, 1, 1), fuzzy=False)
        two = dateutil_parser.parse(s, default=datetime(2004, 2, 2), fuzzy=False)
    except (ValueError, OverflowError) as error:
        if "day is out of range" in str(error) or "must be in" in str(error):
            raise DateError(f"'{original}' names a day its month does not have.") from error
        raise DateError(f"Can't read '{original}' as a date. Try {EXAMPLES}.") from error
    if one.day != two.day:
        raise DateError(f"'{original}' names a month but no day; add the day, e.g. march 3.")
    if one.year != two.year:
        return _most_recent(one.month, one.day, today, original)
    return one.date()


def describe(day: date, today: date | None = None) -> str:
    """'Saturday 14 March 2026 · 252 days ago', the parsed date shown back."""
    today = today or date.today()
    delta = (day - today).days
    if delta == 0:
        when = "today"
    elif delta == -1:
        when = "yesterday"
    elif delta == 1:
        when = "tomorrow"
    elif delta < 0:
        when = f"{-delta} days ago"
    else:
        when = f"in {delta} days"
    return f"{day:%A} {day.day} {day:%B %Y} · {when}"


# -- ranges ------------------------------------------------------------------

RANGE_EXAMPLES = "2025, march 2026, since march, last quarter, last 30 days, from 2024-01-01 to 2024-06-30"

YEAR = re.compile(r"^(\d{4})$")
YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MONTH_YEAR = re.compile(rf"^{_MONTH}(?: (\d{{4}}))?$")
RELATIVE_PERIOD = re.compile(r"^(last|this|next|previous|past) (week|month|quarter|year)$")
LAST_N = re.compile(rf"^(?:last|past) {_NUMBER} {_UNIT}$")
SINCE = re.compile(r"^(?:since|from|after) (.+)$")
UNTIL = re.compile(r"^(?:until|till|to|before) (.+)$")
BETWEEN = re.compile(r"^(?:from |between )?(.+?) (?:to|until|till|and|through|-|–|\.\.) (.+)$")


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _period(word: str, unit: str, today: date) -> tuple[date, date]:
    shift = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}[word]
    if unit == "week":
        start = today - relativedelta(days=today.weekday()) + relativedelta(weeks=shift)
        return start, start + relativedelta(days=6)
    if unit == "month":
        first = today.replace(day=1) + relativedelta(months=shift)
        return _month_span(first.year, first.month)
    if unit == "quarter":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) + relativedelta(months=3 * shift)
        return first, first + relativedelta(months=3, days=-1)
    year = today.year + shift
    return date(year, 1, 1), date(year, 12, 31)


def _span(s: str, original: str, today: date) -> tuple[date, date]:
    """A phrase naming a stretch of days (a year, a month, a period) or one day."""
    if m := YEAR.match(s):
        year = int(m[1])
        if not 1 <= year <= 9999:
            raise DateError(f"'{original}' is not a year we can use.")
        return date(year, 1, 1), date(year, 12, 31)
    if m := YEAR_MONTH.match(s):
        year, month = int(m[1]), int(m[2])
        _make(year, month, 1, original)
        return _month_span(year, month)
    if m := MONTH_YEAR.match(s):
        month = MONTHS[m[1]]
        if m[2]:
            return _month_span(int(m[2]), month)
        year = today.year if month <= today.month else today.year - 1  # the latest one begun
        return _month_span(year, month)
    if m := RELATIVE_PERIOD.match(s):
        return _period(m[1], m[2], today)
    day = _parse(s, today)
    return day, day


def parse_range(text: str, today: date | None = None) -> tuple[date | None, date | None]:
    """Read a span of days: (first, last), inclusive; either end may be open (None).

    "2025", "march 2026", "since march", "until 2024", "last quarter",
    "last 30 days", "from 2024-01-01 to 2024-06-30", or a single day.
    """
    today = today or date.today()
    original = text.strip()
    s = _normalise(text)
    if not s:
        return None, None
    try:
        if m := LAST_N.match(s):
            return today - relativedelta(**{UNITS[m[2]]: _number(m[1])}) + relativedelta(days=1), today
        if m := SINCE.match(s):
            if BETWEEN.match(m[1]) and s.startswith("from "):
                pass  # "from X to Y" is handled below
            else:
                return _span(m[1], original, today)[0], None
        if m := UNTIL.match(s):
            return None, _span(m[1], original, today)[1]
        if m := BETWEEN.match(s):
            first = _span(m[1], original, today)[0]
            last = _span(m[2], original, today)[1]
            if last < first:
                raise DateError(f"'{original}' ends before it starts; put the earlier date first.")
            return first, last
        return _span(s, original, today)
    except DateError as error:
        if "span of time" in str(error) or "Can't read" in str(error) or "names a month" in str(error):
            raise DateError(f"Can't read '{original}' as a date range. Try {RANGE_EXAMPLES}.") from error
        raise
    except (ValueError, OverflowError) as error:
        raise DateError(f"'{original}' is outside the calendar we can use.") from error


def describe_range(first: date | None, last: date | None) -> str:
    if first is None and last is None:
        return "any date"
    if first is None:
        return f"until {last:%-d %b %Y}"
    if last is None:
        return f"since {first:%-d %b %Y}"
    if first == last:
        return f"{first:%-d %b %Y}"
    return f"{first:%-d %b %Y} – {last:%-d %b %Y}"

"""Find the date expressions in a sentence and resolve them against the publication date.

Wire reports date events relative to the day they were filed ("late Tuesday", "last week"), so an
expression only becomes a day once it is anchored to the publication date. The result carries
ACLED's ``date_precision``: 1 the day is known, 2 within a week, 3 only the month or less.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from sitrep.extract.numbers import NUMBER_PATTERN, parse_number

__all__ = [
    "DATE_PATTERN",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MONTH_PATTERN",
    "NARRATIVE_PATTERN",
    "Precision",
    "find_date_expressions",
    "parse_explicit_date",
    "resolve_date",
]

Precision = Literal[1, 2, 3]

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
"""The dates sitrep resolves: from the first year its grammar reads ("19xx") to two centuries on,
wide enough for any report's filing date. A publication date outside the range anchors nothing
(as if the report had none), and an expression that would resolve outside it ("1000000 days
ago") is not a date: ``(None, 3)``. Inside the range no day arithmetic can leave Python's dates."""

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Month and weekday names must be capitalised: "may" and "march" are also ordinary words.
_FULL_MONTHS = list(_MONTHS)[:12]
_MONTH_NAMES = "|".join(name.capitalize() for name in sorted(_FULL_MONTHS, key=len, reverse=True))
_MONTH_ABBREVIATIONS = "|".join(
    name.capitalize() for name in sorted(_MONTHS, key=len, reverse=True) if name not in _FULL_MONTHS
)
MONTH_PATTERN = rf"(?:(?:{_MONTH_NAMES})(?!\w)|(?:{_MONTH_ABBREVIATIONS})(?:\.|(?=\s+\d)))"
"""A month name, full or abbreviated ("March", "Sept.", and "Jan 31" as wires write it)."""

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_EXPLICIT = (
    rf"(?:{MONTH_PATTERN}\s+{_DAY}(?:,?\s+{_YEAR})?(?!\d)"
    rf"|{_DAY}\s+{MONTH_PATTERN}(?:,?\s+{_YEAR})?(?!\d))"
)
DATE_PATTERN = _EXPLICIT
"""A full or month-day date: "March 11, 2026", "Sept. 9", "11 March 2026"."""

_WEEKDAY = "|".join(day.capitalize() for day in _WEEKDAYS)
# "two days ago", "in the nearly 40 hours since the attacks began": a span back from the report.
_AGO = (
    r"(?i:(?:nearly|almost|about|some|around|roughly|more\s+than|over|just\s+over)\s+)?"
    rf"(?P<span>{NUMBER_PATTERN})\s+(?P<unit>(?i:hours|days))\s+(?i:ago|since|earlier)"
)
_PART = r"(?:morning|afternoon|evening|night)"
_EXPRESSION_RE = re.compile(
    rf"(?P<explicit>{_EXPLICIT})"
    rf"|(?P<weekday>(?:(?i:late|early|last|this\s+past)\s+)?(?:{_WEEKDAY})(?:\s+{_PART})?"
    r"(?:\s+(?i:(?:of\s+)?last\s+week))?)"
    r"|(?P<relative>(?i:earlier\s+today|today|yesterday|tonight|last\s+night"
    rf"|this\s+{_PART}|earlier\s+this\s+week|earlier\s+in\s+the\s+week|this\s+week|last\s+week"
    r"|earlier\s+this\s+month|this\s+month|last\s+month|the\s+previous\s+week"
    r"|the\s+week\s+before|a\s+week\s+(?:earlier|ago)|the\s+previous\s+day|the\s+day\s+before"
    r"|a\s+day\s+earlier|last\s+year|the\s+previous\s+year|a\s+year\s+(?:ago|earlier)))"
    rf"|(?P<month>(?i:in\s+|early\s+|late\s+|mid-)?{MONTH_PATTERN}(?:\s+{_YEAR})?(?!\s*\d))"
    rf"|(?P<ago>{_AGO})"
    rf"|(?P<year>(?i:in)\s+{_YEAR}(?![\d-]))",
)


NARRATIVE_PATTERN = re.compile(
    r"^(?:the\s+previous|the\s+(?:week|day)\s+before|an?\s+(?:week|day|year)\s+earlier)", re.I
)
"""Expressions that count from the story's day, not the report's: "the previous week" is only
known against the publication date as an estimate, good enough to tell an earlier incident."""


def find_date_expressions(sentence: str) -> list[str]:
    """Return the date expressions in a sentence, in order of appearance.

    Expressions are returned as written ("late Tuesday", "March 10, 2026", "earlier this week",
    "in March") so that ``resolve_date`` can read them and evidence can quote them.
    """
    return [match.group(0) for match in _EXPRESSION_RE.finditer(sentence)]


def find_date_spans(sentence: str) -> list[tuple[int, int, str]]:
    """Like ``find_date_expressions`` but with each expression's offsets in the sentence."""
    return [(m.start(), m.end(), m.group(0)) for m in _EXPRESSION_RE.finditer(sentence)]


def parse_explicit_date(expression: str, reference: dt.date | None = None) -> dt.date | None:
    """Read "March 10", "March 10, 2026", "Sept. 9, 2026" or "10 March 2026" as a date.

    A date without a year takes the reference date's year, or the year before when that would
    put it after the reference (a report filed on 2 January about "December 30"). Without a
    year and without a reference the date cannot be known and None is returned.
    """
    match = re.fullmatch(
        rf"(?:(?P<m1>{MONTH_PATTERN})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{MONTH_PATTERN}))"
        rf"(?:,?\s+(?P<year>{_YEAR}))?",
        " ".join(expression.split()),
    )
    if match is None:
        return None
    month = _MONTHS[(match.group("m1") or match.group("m2")).rstrip(".").lower()]
    day = int(re.sub(r"\D", "", match.group("d1") or match.group("d2")))
    if match.group("year"):
        return _safe_date(int(match.group("year")), month, day)
    if reference is None:
        return None
    candidate = _safe_date(reference.year, month, day)
    if candidate is not None and candidate > reference:
        candidate = _safe_date(reference.year - 1, month, day)
    return candidate


def resolve_date(expression: str, published: dt.date | None) -> tuple[dt.date | None, Precision]:
    """Resolve one date expression against the publication date.

    Returns ``(date, precision)``. Weekdays ("Saturday", "on Tuesday", "late Sunday") are the
    most recent such day on or before publication ("last Tuesday" strictly before); "today",
    "this morning" and "tonight" are the publication day, "yesterday" and "last night" the day
    before. "this week" and "earlier this week" give the publication day at precision 2, "last
    week" the day a week earlier at precision 2; "this month", "in March" give the first of the
    month at precision 3. Whatever needs a publication date and has none, or cannot be read,
    gives ``(None, 3)``, and so does a date outside :data:`EARLIEST_DATE` … :data:`LATEST_DATE`
    (a publication date outside them counts as none).
    """
    if published is not None and not EARLIEST_DATE <= published <= LATEST_DATE:
        published = None
    day, precision = _resolve(expression, published)
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        return None, 3
    return day, precision


def _resolve(expression: str, published: dt.date | None) -> tuple[dt.date | None, Precision]:
    """:func:`resolve_date` before the range check; ``published`` is inside the range."""
    text = " ".join(expression.split())
    lowered = re.sub(r"^(?:on|in|by|since|from)\s+", "", text.lower())
    explicit = re.fullmatch(_EXPLICIT, re.sub(r"^(?i:on|in)\s+", "", text))
    if explicit is not None:
        day = parse_explicit_date(explicit.group(0), published)
        return (day, 1) if day is not None else (None, 3)
    weekday = re.fullmatch(
        rf"(?:(late|early|last|this past)\s+)?({'|'.join(_WEEKDAYS)})(?:\s+{_PART})?"
        r"(\s+(?:of\s+)?last\s+week)?",
        lowered,
    )
    if weekday is not None:
        if published is None:
            return None, 3
        target = _WEEKDAYS.index(weekday.group(2))
        if weekday.group(3):  # "on Friday last week": that day of the week before this one
            monday = published - dt.timedelta(days=published.weekday())
            return monday - dt.timedelta(days=7 - target), 1
        back = (published.weekday() - target) % 7
        if weekday.group(1) == "last" and back == 0:
            back = 7
        return published - dt.timedelta(days=back), 1
    month = re.fullmatch(rf"(?:early\s+|late\s+|mid-)?({MONTH_PATTERN})(?:\s+({_YEAR}))?", text)
    if month is None:
        month = re.fullmatch(
            rf"(?i:in\s+|early\s+|late\s+|mid-)?({MONTH_PATTERN})(?:\s+({_YEAR}))?", text
        )
    year_only = re.fullmatch(rf"(?i:in)\s+({_YEAR})", text)
    if year_only is not None:
        # "in 2016": the year alone, at the lowest precision.
        return dt.date(int(year_only.group(1)), 1, 1), 3
    if month is not None and month.group(2):
        # "in September 2013" needs no publication date.
        return dt.date(int(month.group(2)), _MONTHS[month.group(1).rstrip(".").lower()], 1), 3
    if published is None:
        return None, 3
    ago = re.fullmatch(_AGO, text)
    if ago is not None:
        return _days_back(ago.group("span"), ago.group("unit"), published)
    relative = _resolve_relative(lowered, published)
    if relative is not None:
        return relative
    if month is not None:
        number = _MONTHS[month.group(1).rstrip(".").lower()]
        year = published.year if number <= published.month else published.year - 1
        return dt.date(year, number, 1), 3
    return None, 3


def _days_back(span: str, unit: str, published: dt.date) -> tuple[dt.date | None, Precision]:
    """ "40 hours since" is the day before a report filed the next day; "3 days ago" 3 days back.

    Hours count whole days back (40 hours is one day and some); three days or more of hours
    ("in the 72 hours since") only place the start within the week. A span reaching back before
    :data:`EARLIEST_DATE` is not a date; it is compared before subtracting, which would overflow.
    """
    count = parse_number(span)
    if count is None:
        return None, 3
    hours = unit.lower() == "hours"
    days = count // 24 if hours else count
    if days > (published - EARLIEST_DATE).days:
        return None, 3
    return published - dt.timedelta(days=days), 2 if hours and days >= 3 else 1


def _resolve_relative(lowered: str, published: dt.date) -> tuple[dt.date, Precision] | None:
    """Resolve the words that count from the publication day; None for anything else."""
    if lowered in ("today", "earlier today", "tonight") or re.fullmatch(f"this {_PART}", lowered):
        return published, 1
    if lowered in ("yesterday", "last night"):
        return published - dt.timedelta(days=1), 1
    if lowered in ("this week", "earlier this week", "earlier in the week"):
        return published, 2
    if lowered in (
        "last week",
        "the previous week",
        "the week before",
        "a week earlier",
        "a week ago",
    ):
        return published - dt.timedelta(days=7), 2
    if lowered in ("last year", "the previous year", "a year ago", "a year earlier"):
        return published.replace(year=published.year - 1, month=1, day=1), 3
    if lowered in ("the previous day", "the day before", "a day earlier"):
        return published - dt.timedelta(days=1), 2
    if lowered in ("this month", "earlier this month"):
        return published.replace(day=1), 3
    if lowered == "last month":
        return (published.replace(day=1) - dt.timedelta(days=1)).replace(day=1), 3
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for an impossible one such as February 30."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

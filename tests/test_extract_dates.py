"""Date expressions resolved against the publication date (sitrep/extract/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.dates import EARLIEST_DATE, LATEST_DATE, find_date_expressions, resolve_date

WEDNESDAY = dt.date(2026, 3, 11)

RESOLVED = [
    ("Wednesday", WEDNESDAY, dt.date(2026, 3, 11), 1),
    ("Tuesday", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("on Tuesday", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("late Sunday", WEDNESDAY, dt.date(2026, 3, 8), 1),
    ("early Thursday", WEDNESDAY, dt.date(2026, 3, 5), 1),
    ("Monday night", WEDNESDAY, dt.date(2026, 3, 9), 1),
    ("last Wednesday", WEDNESDAY, dt.date(2026, 3, 4), 1),
    ("today", WEDNESDAY, WEDNESDAY, 1),
    ("this morning", WEDNESDAY, WEDNESDAY, 1),
    ("tonight", WEDNESDAY, WEDNESDAY, 1),
    ("yesterday", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("last night", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("March 10", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("10 March 2026", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("March 10, 2026", None, dt.date(2026, 3, 10), 1),
    ("Sept. 9, 2025", WEDNESDAY, dt.date(2025, 9, 9), 1),
    ("December 30", dt.date(2026, 1, 2), dt.date(2025, 12, 30), 1),
    ("earlier this week", WEDNESDAY, WEDNESDAY, 2),
    ("last week", WEDNESDAY, dt.date(2026, 3, 4), 2),
    ("this month", WEDNESDAY, dt.date(2026, 3, 1), 3),
    ("in February", WEDNESDAY, dt.date(2026, 2, 1), 3),
    ("in November", WEDNESDAY, dt.date(2025, 11, 1), 3),
    ("in September 2013", None, dt.date(2013, 9, 1), 3),
    ("in 2016", WEDNESDAY, dt.date(2016, 1, 1), 3),
    ("last year", WEDNESDAY, dt.date(2025, 1, 1), 3),
    ("two days ago", WEDNESDAY, dt.date(2026, 3, 9), 1),
    ("nearly 40 hours since", WEDNESDAY, dt.date(2026, 3, 10), 1),
    ("72 hours since", WEDNESDAY, dt.date(2026, 3, 8), 2),
    ("Friday last week", WEDNESDAY, dt.date(2026, 3, 6), 1),
    ("Monday of last week", WEDNESDAY, dt.date(2026, 3, 2), 1),
]


@pytest.mark.parametrize(
    ("expression", "published", "day", "precision"),
    RESOLVED,
    ids=[row[0] for row in RESOLVED],
)
def test_resolve_date(
    expression: str, published: dt.date | None, day: dt.date, precision: int
) -> None:
    assert resolve_date(expression, published) == (day, precision)


@pytest.mark.parametrize(
    "expression",
    ["Saturday", "yesterday", "March 10", "someday"],
    ids=["weekday", "relative", "no-year", "unreadable"],
)
def test_unresolvable_without_publication_date(expression: str) -> None:
    assert resolve_date(expression, None) == (None, 3)


FOUND = [
    ("Gunmen struck late Tuesday near the border.", ["late Tuesday"]),
    ("The raid on March 2, 2026 followed one in February.", ["March 2, 2026", "in February"]),
    ("Troops may return; police said it happened yesterday.", ["yesterday"]),
    ("Two died earlier this week and one last night.", ["earlier this week", "last night"]),
    ("No date at all here.", []),
    (
        "Troops killed 40 militants in the 36 hours since the attacks began.",
        ["36 hours since"],
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    FOUND,
    ids=["weekday", "explicit-month", "modal-may", "two", "none", "hours-since"],
)
def test_find_date_expressions(sentence: str, expected: list[str]) -> None:
    assert find_date_expressions(sentence) == expected


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(
    st.dates(min_value=dt.date(1950, 1, 8), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(WEEKDAYS),
    st.sampled_from(["", "on ", "late ", "early "]),
)
def test_weekday_resolves_within_the_week_before(
    published: dt.date, weekday: str, prefix: str
) -> None:
    day, precision = resolve_date(prefix + weekday, published)
    assert day is not None and precision == 1
    assert 0 <= (published - day).days < 7
    assert day.weekday() == WEEKDAYS.index(weekday)


# -- the supported range (issue 15) -------------------------------------------------------------

OUT_OF_RANGE = [
    ("1000000 days ago", WEDNESDAY),  # was OverflowError: before year 1
    ("50000 days ago", WEDNESDAY),  # 1889: before EARLIEST_DATE
    ("999999999999 hours since", WEDNESDAY),
    ("yesterday", dt.date(1, 1, 1)),  # a publication date outside the range anchors nothing
    ("last year", dt.date(9999, 12, 31)),
    ("last week", dt.date(1900, 1, 3)),  # would resolve to 1899
]


@pytest.mark.parametrize(
    ("expression", "published"), OUT_OF_RANGE, ids=[row[0] for row in OUT_OF_RANGE]
)
def test_a_date_outside_the_supported_range_is_not_a_date(
    expression: str, published: dt.date
) -> None:
    assert resolve_date(expression, published) == (None, 3)


def test_a_long_but_possible_span_back_is_still_a_date() -> None:
    assert resolve_date("10000 days ago", WEDNESDAY) == (dt.date(1998, 10, 24), 1)


@given(st.text(), st.one_of(st.none(), st.dates()))
def test_resolve_date_never_raises_and_stays_in_range(text: str, published: dt.date | None) -> None:
    day, precision = resolve_date(text, published)
    assert day is None or EARLIEST_DATE <= day <= LATEST_DATE
    assert precision in (1, 2, 3)


_SPANS = st.builds(
    "{} {} {}".format,
    st.one_of(st.integers(min_value=0, max_value=10**12).map(str), st.sampled_from(["a", "ten"])),
    st.sampled_from(["days", "hours"]),
    st.sampled_from(["ago", "since", "earlier"]),
)


@given(st.one_of(st.text(), _SPANS), st.dates())
def test_every_expression_found_in_any_text_resolves_without_raising(
    text: str, published: dt.date
) -> None:
    for expression in find_date_expressions(f"Gunmen struck {text} near the border."):
        day, _ = resolve_date(expression, published)
        assert day is None or EARLIEST_DATE <= day <= LATEST_DATE

"""Counts as reports write them (sitrep/extract/numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.numbers import MAX_COUNT, parse_number, parse_quantity

QUANTITIES = [
    ("7", 7, 7, 7),
    ("1,200", 1200, 1200, 1200),
    ("eleven", 11, 11, 11),
    ("Twenty-three", 23, 23, 23),
    ("one hundred and five", 105, 105, 105),
    ("two dozen", 24, 24, 24),
    ("a dozen", 12, 12, 12),
    ("nearly a dozen", 11, 10, 12),
    ("almost 50", 49, 45, 50),
    ("over 30", 31, 31, None),
    ("more than 30", 31, 31, None),
    ("dozens", 24, 24, None),
    ("at least 5", 5, 5, None),
    ("at least five", 5, 5, None),
    ("up to 40", 40, 1, 40),
    ("some 20", 20, 20, 20),
    ("about 20", 20, 20, 20),
    ("approximately 20", 20, 20, 20),
    ("several", 3, 2, None),
    ("a number of", 3, 2, None),
    ("10 to 12", 10, 10, 12),
    ("10-12", 10, 10, 12),
    ("between ten and twelve", 10, 10, 12),
    ("scores", 40, 40, None),
    ("hundreds", 200, 200, None),
    ("fewer than 10", 9, 1, 9),
]


@pytest.mark.parametrize(
    ("phrase", "best", "low", "high"), QUANTITIES, ids=[row[0] for row in QUANTITIES]
)
def test_parse_quantity(phrase: str, best: int, low: int, high: int | None) -> None:
    figure = parse_quantity(phrase)
    assert figure is not None
    assert (figure.best, figure.low, figure.high) == (best, low, high)


@pytest.mark.parametrize(
    "phrase",
    ["", "a", "many", "seven eleven", "twenty thirty", "12-year-old", "people"],
    ids=["empty", "article", "many", "unit-unit", "ten-ten", "age", "noun"],
)
def test_parse_quantity_rejects(phrase: str) -> None:
    assert parse_quantity(phrase) is None


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(n: int, british: bool) -> str:
    """Spell 0 < n < 1000 in English words, for the round-trip test only."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(f"{_UNITS[hundreds]} hundred")
        if rest and british:
            words.append("and")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens] + (f"-{_UNITS[units]}" if units else ""))
    elif rest:
        words.append(_UNITS[rest])
    return " ".join(words)


def spell(n: int, british: bool = False) -> str:
    """Spell 0 <= n <= 1,000,000 the way a reporter would ("one hundred and five")."""
    if n == 0:
        return "zero"
    if n == 1_000_000:
        return "one million"
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(f"{_below_thousand(thousands, british)} thousand")
    if rest:
        if thousands and rest < 100 and british:
            parts.append("and")
        parts.append(_below_thousand(rest, british))
    return " ".join(parts)


@given(st.integers(min_value=0, max_value=10**6), st.booleans())
def test_spelled_numbers_round_trip(n: int, british: bool) -> None:
    text = spell(n, british)
    assert parse_number(text) == n
    figure = parse_quantity(text)
    assert figure is not None and figure.best == figure.low == figure.high == n


@given(st.integers(min_value=0, max_value=10**7))
def test_digits_with_commas_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


# -- bounds (issue 15) --------------------------------------------------------------------------

OUT_OF_RANGE = [
    ("4301-digits", "1" * 4301),  # was ValueError: Python's int-string limit
    ("nearly-310-digits", "nearly " + "9" * 310),  # was OverflowError: int to float
    ("over-2-to-63", "over 9223372036854775808"),
    ("above-the-bound", "1000000001"),
    ("above-the-bound-with-commas", "1,000,000,001"),
    ("range-above-the-bound", "between 10 and 99999999999"),
    ("words-above-the-bound", "nine hundred dozen million"),
    ("dozens-of-dozens", " ".join(["a"] + ["dozen"] * 40)),
]


@pytest.mark.parametrize(
    "phrase", [row[1] for row in OUT_OF_RANGE], ids=[r[0] for r in OUT_OF_RANGE]
)
def test_a_number_above_the_bound_is_not_a_figure(phrase: str) -> None:
    assert parse_quantity(phrase) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,000,000,000", MAX_COUNT), ("0001000000000", MAX_COUNT), ("one million", 10**6)],
    ids=["bound-itself", "leading-zeros", "words"],
)
def test_the_bound_itself_is_a_figure(text: str, value: int) -> None:
    assert parse_number(text) == value


_HEDGES = ["", "nearly ", "over ", "at least ", "up to ", "fewer than ", "about ", "between 3 and "]


@given(st.text())
def test_parse_quantity_never_raises_on_any_text(text: str) -> None:
    figure = parse_quantity(text)
    assert figure is None or figure.best <= MAX_COUNT + 1
    value = parse_number(text)
    assert value is None or value <= MAX_COUNT


@given(
    st.sampled_from(_HEDGES),
    st.text(alphabet="0123456789,", min_size=1, max_size=5000),
)
def test_parse_quantity_never_raises_on_long_digit_runs(hedge: str, digits: str) -> None:
    figure = parse_quantity(hedge + digits)
    assert figure is None or figure.high is None or figure.high <= MAX_COUNT

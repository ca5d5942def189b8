"""Read the counts that reports give, from "1,200" to "nearly a dozen", as ``Figure`` spreads.

Reports rarely give a bare number: they hedge ("at least five"), round ("some 20") or only gesture
("dozens"). ``OUTPUT.md`` fixes how some of these become ``{best, low, high}``; this module holds
those rules in one place so every stage reads a hedge the same way.

``QUANTITY_PATTERN`` is the regular expression (no named groups, use it case-insensitively) for
the phrases ``parse_quantity`` understands, so other modules can find them inside a sentence.
"""

from __future__ import annotations

import math
import re

from sitrep.models import Figure

__all__ = ["MAX_COUNT", "NUMBER_PATTERN", "QUANTITY_PATTERN", "parse_number", "parse_quantity"]

MAX_COUNT = 10**9
"""The largest number read as a count: anything larger is not a figure (``parse_number`` gives
None). No report counts a billion dead, wounded or abducted; a longer run of digits is an id, a
phone number or noise. The bound also keeps every stored figure, and any sum of an article's
figures, far inside a 64-bit database integer, and keeps Python's int-string and float limits
(4,300 digits; about 10^308) out of reach."""
_MAX_DIGITS = len(str(MAX_COUNT))

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000}

_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", "dozen", *_SCALES], key=len, reverse=True))
_JOIN = r"(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|(?<=million)\s+and\s+|\s+|-)"
MAX_NUMBER_WORDS = 15
"""The most words one number is read from ("one million two hundred and thirty-four thousand five
hundred and sixty-seven" is 13). The bound keeps the number grammar linear in the text: without
it, a run like "one hundred and one hundred and …" is rescanned from every word it contains."""
_WORDS = rf"(?:(?:an?\s+)?(?:{_WORD})(?:{_JOIN}(?:{_WORD})){{0,{MAX_NUMBER_WORDS - 1}}})"
_DIGITS = r"(?<![\d,])(?:\d{1,3}(?:,\d{3})+|\d+)"

NUMBER_PATTERN = rf"(?:{_DIGITS}|{_WORDS})(?!\w|-[A-Za-z])"
"""One number, in digits ("1,200") or words ("one hundred and five", "a dozen")."""

# Hedges before a number, grouped by how they shift the spread (see parse_quantity).
_NEARLY = r"nearly|almost|close\s+to|just\s+under|just\s+short\s+of"
_OVER = r"over|more\s+than|above|in\s+excess\s+of|upwards\s+of"
_AT_LEAST = r"at\s+least|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than"
_UP_TO = r"up\s+to|as\s+many\s+as|at\s+most"
_FEWER = r"fewer\s+than|less\s+than|under"
_ABOUT = r"some|about|around|approximately|roughly|an\s+estimated|estimated|nearly\s+all|all|the"
_HEDGE = rf"(?:{_NEARLY}|{_OVER}|{_AT_LEAST}|{_UP_TO}|{_FEWER}|{_ABOUT})"

_RANGE = (
    rf"(?:between\s+{NUMBER_PATTERN}\s+and\s+{NUMBER_PATTERN}"
    rf"|{NUMBER_PATTERN}\s*(?:-|–|—|to|or)\s*{NUMBER_PATTERN})"
)
_VAGUE = {
    # phrase: (best, low, high); OUTPUT.md fixes "dozens", the others follow the same idea.
    "dozens": (24, 24, None),
    "scores": (40, 40, None),
    "hundreds": (200, 200, None),
    "thousands": (2000, 2000, None),
    "tens of thousands": (20000, 20000, None),
    "several": (3, 2, None),
    "a number of": (3, 2, None),
    "a few": (3, 2, None),
    "a handful of": (3, 2, 5),
    "a handful": (3, 2, 5),
}
_VAGUE_PATTERN = "|".join(
    re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(_VAGUE, key=len, reverse=True)
)

QUANTITY_PATTERN = (
    rf"(?:(?:{_HEDGE}\s+)?(?:{_RANGE}|{NUMBER_PATTERN})|(?:{_VAGUE_PATTERN})(?![\w-]))"
)
"""A count as reports write it: an optional hedge and a number or range, or a vague quantity."""

_NUMBER_RE = re.compile(NUMBER_PATTERN, re.IGNORECASE)
_HEDGED_RE = re.compile(rf"(?:(?P<hedge>{_HEDGE})\s+)?(?P<rest>.+)", re.IGNORECASE | re.DOTALL)
_RANGE_RE = re.compile(
    rf"(?:between\s+(?P<a1>{NUMBER_PATTERN})\s+and\s+(?P<b1>{NUMBER_PATTERN})"
    rf"|(?P<a2>{NUMBER_PATTERN})\s*(?:-|–|—|to|or)\s*(?P<b2>{NUMBER_PATTERN}))",
    re.IGNORECASE,
)


def parse_number(text: str) -> int | None:
    """Read one number written in digits or English words; None when it is not well formed.

    Words follow the usual grammar: "twenty-three", "one hundred and five", "two dozen" (24),
    "a thousand", "one million two hundred thousand". A sequence that no one would write, such
    as "seven eleven" or "twenty thirty", is rejected rather than added up, and so is a number
    above :data:`MAX_COUNT`: it is not a count.
    """
    cleaned = text.strip().lower()
    if re.fullmatch(_DIGITS, cleaned):
        digits = cleaned.replace(",", "").lstrip("0") or "0"
        if len(digits) > _MAX_DIGITS:
            return None  # checked before int(): 4,301 digits would raise, not just be too big
        value = int(digits)
        return value if value <= MAX_COUNT else None
    tokens = [token for token in re.split(r"[\s-]+", cleaned) if token and token != "and"]
    if tokens and tokens[0] in ("a", "an"):
        if len(tokens) == 1:
            return None
        tokens[0] = "one"
    if not tokens:
        return None
    total = 0
    current = 0
    last = ""  # the kind of the previous token: "unit", "ten", "teen", "scale"
    smallest_scale = 10**9  # thousands and millions must come in falling order
    for token in tokens:
        if token in _UNITS:
            value = _UNITS[token]
            if last in ("unit", "teen") or (last == "ten" and value >= 10):
                return None
            current += value
            last = "teen" if value >= 10 else "unit"
        elif token in _TENS:
            if last in ("unit", "teen", "ten") or current % 100:
                return None
            current += _TENS[token]
            last = "ten"
        elif token == "hundred":
            if current % 100 == 0 and current:
                return None
            current = (current or 1) * 100
            last = "scale"
        elif token == "dozen":
            current = (current or 1) * 12
            last = "scale"
        elif token in _SCALES:
            scale = _SCALES[token]
            if smallest_scale <= scale:
                return None  # "two thousand one million", "a thousand thousand"
            total += (current or 1) * scale
            current = 0
            smallest_scale = scale
            last = "scale"
        else:
            return None
        if total + current > MAX_COUNT:
            return None  # "a dozen dozen dozen …" grows without bound; stop at the first excess
    return total + current


def parse_quantity(phrase: str) -> Figure | None:
    """Turn a count as reported into a ``Figure``; None when the phrase holds no count.

    The hedges follow ``OUTPUT.md`` where it speaks and its spirit where it does not:

    * a plain number, "a dozen", "some/about/around/approximately/roughly 20", "an estimated 20":
      exact (best = low = high = N). ACLED codes the stated figure; a rounding word gives no
      direction to spread it in.
    * "nearly/almost/close to N": high N, best N - 1, low the smaller of N - 2 and 90% of N
      ("nearly a dozen" is 10/11/12).
    * "over/more than/above N": low = best = N + 1, high open.
    * "at least/no fewer than N": low = best = N, high open.
    * "up to/as many as N": best = high = N, low 1 (the report only bounds the count).
    * "fewer than/less than/under N": best = high = N - 1, low 1.
    * ranges "10 to 12", "10-12", "between 10 and 12": best = low = 10, high 12; best takes the
      lower bound because the higher one is the less certain.
    * "several", "a number of", "a few": best 3, low 2, high open; "a handful": 2/3/5;
      "dozens" 24, "scores" 40, "hundreds" 200, "thousands" 2000, all with high open.
    """
    text = " ".join(phrase.split()).lower()
    if not text:
        return None
    if text in _VAGUE:
        best, low, high = _VAGUE[text]
        return Figure(best=best, low=low, high=high)
    hedged = _HEDGED_RE.fullmatch(text)
    if hedged is None:
        return None
    hedge = " ".join((hedged.group("hedge") or "").split())
    rest = hedged.group("rest")
    span = _RANGE_RE.fullmatch(rest)
    if span is not None:
        first = parse_number(span.group("a1") or span.group("a2"))
        second = parse_number(span.group("b1") or span.group("b2"))
        if first is None or second is None:
            return None
        low, high = sorted((first, second))
        return Figure(best=low, low=low, high=high)
    if _NUMBER_RE.fullmatch(rest) is None:
        return None
    value = parse_number(rest)
    if value is None:
        return None
    return _hedge(hedge, value)


def _hedge(hedge: str, value: int) -> Figure | None:
    """Apply one hedge word to a number, following the table in ``parse_quantity``."""
    if re.fullmatch(_NEARLY, hedge):
        if value == 0:
            return None
        low = max(0, min(value - 2, math.floor(value * 0.9)))
        return Figure(best=value - 1, low=low, high=value)
    if re.fullmatch(_OVER, hedge):
        return Figure(best=value + 1, low=value + 1, high=None)
    if re.fullmatch(_AT_LEAST, hedge):
        return Figure(best=value, low=value, high=None)
    if re.fullmatch(_UP_TO, hedge):
        return Figure(best=value, low=min(1, value), high=value)
    if re.fullmatch(_FEWER, hedge):
        if value <= 1:
            return None
        return Figure(best=value - 1, low=1, high=value - 1)
    return Figure.exact(value)

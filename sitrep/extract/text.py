"""Cut a report into headline, dateline and sentences, keeping offsets into the original text.

Evidence must point at the characters of the article, so nothing here rewrites the text: every
piece is a span (``start``/``end``) of the string it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitrep.extract.dates import DATE_PATTERN, parse_explicit_date
from sitrep.extract.lexicon import ExtractLexicon, default_lexicon

__all__ = [
    "Clauses",
    "Dateline",
    "Sentence",
    "covered_sentences",
    "split_dateline",
    "split_sentences",
]


@dataclass(frozen=True)
class Dateline:
    """Where and when a wire report was filed, as its first words say.

    Attributes:
        place: The place as written ("PESHAWAR").
        country: The country when the dateline names one ("Pakistan").
        agency: The agency in brackets ("Reuters", "AP", "Sitrep Wire").
        date: The filing date when the dateline carries a full date.
        start: Offset of the place in the text.
        end: Offset where the story itself begins, after the dash.
    """

    place: str
    country: str | None
    agency: str | None
    date: dt.date | None
    start: int
    end: int

    @property
    def city(self) -> str:
        """The place in title case ("PESHAWAR" → "Peshawar"), for gazetteer look-ups; of two
        ("MADRID/CARACAS", an agency's desk and its reporter's city), the last, where the story
        was reported from."""
        place = self.place.rsplit("/", 1)[-1].strip()
        return place.title() if place.isupper() else place


_NAME = r"[A-Z][A-Za-z'’.\-]*(?:\s+(?:[A-Z][A-Za-z'’.\-]*|de|al|el|es|of|the|and))*"
_DATELINE_RE = re.compile(
    r"(?P<byline>[ \t]*By\s+[^\n]{1,80}\n\s*)?"
    rf"(?P<place>{_NAME}(?:/{_NAME}){{0,2}})"
    rf"(?:\s*,\s*(?P<country>{_NAME}))??"
    rf"(?:\s*,\s*(?P<date>{DATE_PATTERN}))?"
    r"(?:\s*\((?P<agency>[^()\n]{1,40})\))?"
    r"(?P<dash>\s+-{1,2}\s+|\s*[–—]\s*|:\s+)"
)


def split_dateline(text: str) -> Dateline | None:
    """Recognise the dateline at the start of a story, if it has one.

    Handles "QUETTA, Pakistan –", "ISLAMABAD (Reuters) -", "MAIDUGURI, Nigeria, May 19, 2026 —",
    "PEMBA, Mozambique (AP) —", "QUETTA, Jan 31 (Reuters) -", South Asian papers' "PESHAWAR:",
    and a "By ..." byline line before them. The dash may be a hyphen
    (with spaces around it), an en dash or an em dash. A dateline is short: anything longer than
    about ten words before the dash is taken to be story text instead.
    """
    stripped = len(text) - len(text.lstrip())
    match = _DATELINE_RE.match(text, stripped)
    if match is None:
        return None
    place = match.group("place")
    if len(place.split()) > 5 or len(match.group(0)) > 120:
        return None
    if match.group("dash").startswith(":") and not place.isupper():
        return None  # "Police said: …" is a quote, not a dateline; "KARACHI: …" is one
    if not place.isupper() and match.group("country") is None and match.group("agency") is None:
        # A title-case opening ("Gunmen – witnesses say") needs a country or agency to count.
        return None
    date = parse_explicit_date(match.group("date")) if match.group("date") else None
    agency = match.group("agency")
    return Dateline(
        place=place,
        country=match.group("country"),
        agency=agency.strip() if agency else None,
        date=date,
        start=match.start("place"),
        end=match.end(),
    )


@dataclass(frozen=True)
class Sentence:
    """One sentence: its offsets in the source and its text, with ``text == source[start:end]``."""

    start: int
    end: int
    text: str


_CANDIDATE_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_NEXT_START_RE = re.compile(r"\s*[\"'“‘(\[]*[A-Z0-9]")


def split_sentences(
    text: str, offset: int = 0, lexicon: ExtractLexicon | None = None
) -> list[Sentence]:
    """Split text into sentences by rule, with offsets into ``text``.

    A full stop, question or exclamation mark ends a sentence when the next word starts with a
    capital letter or a digit, unless the stop belongs to an abbreviation from
    ``extract_abbreviations.csv`` ("Gen.", "Sept.", "U.S.") or to an initial ("Ibrahim M.
    Musa"). Decimals never split because no space follows their point. A newline always ends a
    sentence: reports put paragraphs on lines of their own. Sentences are trimmed of whitespace
    and empty ones dropped.

    Args:
        text: The text to split.
        offset: Where to start; text before it is ignored (e.g. a dateline).
        lexicon: The abbreviations to respect; the shipped lexicon by default.
    """
    abbreviations = (lexicon or default_lexicon()).abbreviations
    sentences: list[Sentence] = []
    start = offset
    for match in _CANDIDATE_RE.finditer(text, offset):
        if match.group(0) != "\n":
            if _NEXT_START_RE.match(text, match.end()) is None:
                continue
            if _is_abbreviation(text, match.start(), abbreviations):
                continue
        _append(sentences, text, start, match.end())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


_CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but|and in)\s+|\s+-\s+|\s+—\s+")


class Clauses:
    """The clauses of a sentence, split once: "attacks in A were thwarted, while in B insurgents
    tried to abduct passengers" types A by its own clause, not by B's."""

    def __init__(self, sentence: Sentence) -> None:
        self._sentence = sentence
        self._breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(sentence.text)]
        self._break_starts = [start for start, _ in self._breaks]

    def around(self, position: int) -> str:
        """The clause holding ``position`` (an offset in the article)."""
        offset = position - self._sentence.start
        index = bisect_left(self._break_starts, offset)  # the first break at or after it
        start = self._breaks[index - 1][1] if index else 0
        end = self._breaks[index][0] if index < len(self._breaks) else len(self._sentence.text)
        return self._sentence.text[start:end]


_LONGEST_TOKEN = 64
"""Longer words before a full stop are never abbreviations or initials."""


def _is_token_char(char: str) -> bool:
    return char == "." or char.isalnum() or char == "_"


def _is_abbreviation(text: str, stop: int, abbreviations: frozenset[str]) -> bool:
    """True when the full stop at ``stop`` closes an abbreviation or an initial, not a sentence."""
    if text[stop] != ".":
        return False
    # Walk back over the word before the stop, a bounded distance: searching the whole text
    # before every full stop made splitting quadratic in the text's length.
    start = stop
    while start > 0 and stop - start <= _LONGEST_TOKEN and _is_token_char(text[start - 1]):
        start -= 1
    if stop - start > _LONGEST_TOKEN:
        return False  # no abbreviation or run of initials is that long
    token = text[start:stop]
    if not token:
        return False
    if token in abbreviations or token.rstrip(".") in abbreviations:
        return True
    # An initial ("Ibrahim M. Musa") or dotted initials ("D.I. Khan", "U.N. envoy").
    return re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token) is not None


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` trimmed of whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start=start, end=end, text=text[start:end]))


def covered_sentences(
    sentences: Sequence[tuple[int, int]],
    spans: Iterable[tuple[int, int]],
    ends: Sequence[int] | None = None,
) -> list[int]:
    """Indices, in order, of the sentences (sorted, not overlapping) that any span touches.

    An empty span touches the sentence it sits in. Found by bisection, so a stage that asks
    for every event's sentences does not scan the whole article once per event (when it passes
    the sentences' ``ends``, computed once).
    """
    if ends is None:
        ends = [end for _, end in sentences]  # pass them when asking for many events
    found: set[int] = set()
    for start, end in spans:
        stop = max(end, start + 1)
        index = bisect_right(ends, start)
        while index < len(sentences) and sentences[index][0] < stop:
            found.add(index)
            index += 1
    return sorted(found)

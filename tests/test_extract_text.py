"""Headline, dateline and sentence splitting (sitrep/extract/text.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.text import covered_sentences, split_dateline, split_sentences

DATELINES = [
    ("QUETTA, Pakistan – Gunmen opened fire.", "QUETTA", "Pakistan", None, None),
    ("ISLAMABAD (Reuters) - Police said.", "ISLAMABAD", None, "Reuters", None),
    (
        "KANO, Nigeria, April 2, 2026 — Police said.",
        "KANO",
        "Nigeria",
        None,
        dt.date(2026, 4, 2),
    ),
    ("PEMBA, Mozambique (AP) — Insurgents.", "PEMBA", "Mozambique", "AP", None),
    (
        "HERAT, Afghanistan, Sept. 3, 2026 (Sitrep Wire) — A blast.",
        "HERAT",
        "Afghanistan",
        "Sitrep Wire",
        dt.date(2026, 9, 3),
    ),
    (
        "Gao, Mali, 14 June 2026 — Drones struck.",
        "Gao",
        "Mali",
        None,
        dt.date(2026, 6, 14),
    ),
    ("By Jane Roe\nDERA ISMAIL KHAN, Pakistan — A", "DERA ISMAIL KHAN", "Pakistan", None, None),
    (
        "BENI, Democratic Republic of Congo — Rebels.",
        "BENI",
        "Democratic Republic of Congo",
        None,
        None,
    ),
    ("NAIROBI/JUBA, March 4 (Reuters) - Troops.", "NAIROBI/JUBA", None, "Reuters", None),
]


@pytest.mark.parametrize(
    ("text", "place", "country", "agency", "date"),
    DATELINES,
    ids=[
        "en-dash",
        "agency-hyphen",
        "full-date",
        "ap",
        "abbrev-month",
        "day-first",
        "byline",
        "country-of-several-words",
        "two-cities",
    ],
)
def test_split_dateline(
    text: str, place: str, country: str | None, agency: str | None, date: dt.date | None
) -> None:
    dateline = split_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.country, dateline.agency, dateline.date) == (
        place,
        country,
        agency,
        date,
    )
    assert text[dateline.start : dateline.start + len(place)] == place
    assert not text[dateline.end :].startswith((" ", "—", "–", "-"))


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("DERA ISMAIL KHAN, Pakistan — Text", "Dera Ismail Khan"),
        ("MADRID/CARACAS, July 30 (EFE) — Text", "Caracas"),
    ],
    ids=["title-case", "the-reporting-city-of-two"],
)
def test_dateline_city(text: str, city: str) -> None:
    dateline = split_dateline(text)
    assert dateline is not None and dateline.city == city


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed two people on Monday, police said.",
        "Tehrik-i-Taliban Pakistan fighters attacked a post.",
        "Militants - armed with rifles - stormed the post.",
    ],
    ids=["plain-sentence", "hyphenated-name", "parenthetical-dashes"],
)
def test_no_dateline(text: str) -> None:
    assert split_dateline(text) is None


SENTENCES = [
    ("One. Two.", ["One.", "Two."]),
    ("Gen. Asif Khan visited. He left.", ["Gen. Asif Khan visited.", "He left."]),
    (
        "Lt. Col. Ahmed spoke on Sept. 4 at No. 3 camp.",
        ["Lt. Col. Ahmed spoke on Sept. 4 at No. 3 camp."],
    ),
    ("Aid came from the U.S. Army last week.", ["Aid came from the U.S. Army last week."]),
    (
        "Officer Aliyu B. Sani said so. Then he left.",
        ["Officer Aliyu B. Sani said so.", "Then he left."],
    ),
    ("Prices rose 2.5 percent. Fuel too.", ["Prices rose 2.5 percent.", "Fuel too."]),
    ("A headline-ish line\nA second line", ["A headline-ish line", "A second line"]),
    ("“We fled.” Then silence.", ["“We fled.”", "Then silence."]),
    ("Is it over? Nobody knows!  Yes.", ["Is it over?", "Nobody knows!", "Yes."]),
    ("It ended at 3 p.m. on Friday.", ["It ended at 3 p.m. on Friday."]),
    ("  Leading space.\n\n  Trailing space.  ", ["Leading space.", "Trailing space."]),
    ("See www.example.org. Then go.", ["See www.example.org.", "Then go."]),
    ("x" * 80 + ". Next one.", ["x" * 80 + ".", "Next one."]),
    ("Troops of the U.N. Mission left.", ["Troops of the U.N. Mission left."]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    SENTENCES,
    ids=[
        "two",
        "title-gen",
        "ranks-month-number",
        "us",
        "initial",
        "decimal",
        "newline",
        "quote",
        "question-exclamation",
        "pm",
        "whitespace",
        "web-address",
        "long-word",
        "dotted-initials",
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [sentence.text for sentence in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize("sentences", [10, 100, 1000])
def test_splitting_looks_at_a_bounded_stretch_before_each_stop(
    sentences: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work per full stop must not grow with the text before it (it once searched all of it)."""
    looked: list[str] = []

    def counting(char: str) -> bool:
        looked.append(char)
        return char == "." or char.isalnum() or char == "_"

    monkeypatch.setattr("sitrep.extract.text._is_token_char", counting)
    text = "Gen. Khan said troops of the U.N. force stayed. " * sentences
    assert len(split_sentences(text)) == sentences
    assert len(looked) <= 10 * 3 * sentences  # three stops a sentence, a few letters each


def test_split_sentences_from_offset() -> None:
    text = "KABUL (AP) — A blast hit. Two died."
    dateline = split_dateline(text)
    assert dateline is not None
    sentences = split_sentences(text, dateline.end)
    assert [sentence.text for sentence in sentences] == ["A blast hit.", "Two died."]
    assert sentences[0].start == dateline.end


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("PESHAWAR: A suicide bomber struck a mosque.", "PESHAWAR", None),
        ("LANDI KOTAL: Jets pounded hideouts.", "LANDI KOTAL", None),
        ("QUETTA, Jan 31 (Reuters) - Gunmen attacked a post.", "QUETTA", "Reuters"),
    ],
    ids=["colon", "colon-two-words", "wire-month-day"],
)
def test_other_dateline_styles(text: str, place: str, agency: str | None) -> None:
    dateline = split_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.agency) == (place, agency)


def test_a_quote_with_a_colon_is_no_dateline() -> None:
    assert split_dateline("Police said: the attackers fled.") is None


SENTENCE_SPANS = [(0, 10), (11, 20), (22, 30)]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(2, 5)], [0]),
        ([(8, 12)], [0, 1]),  # a span across a sentence break touches both
        ([(10, 11)], []),  # the gap between two sentences
        ([(15, 15)], [1]),  # an empty span touches the sentence it sits in
        ([(25, 28), (1, 2)], [0, 2]),  # in order, whatever the spans' order
        ([(0, 40)], [0, 1, 2]),
        ([], []),
    ],
)
def test_covered_sentences(spans: list[tuple[int, int]], expected: list[int]) -> None:
    assert covered_sentences(SENTENCE_SPANS, spans) == expected


@given(
    cuts=st.lists(st.integers(0, 200), min_size=2, max_size=20, unique=True),
    spans=st.lists(st.tuples(st.integers(0, 210), st.integers(0, 30)), max_size=5),
)
def test_covered_sentences_agrees_with_a_scan(
    cuts: list[int], spans: list[tuple[int, int]]
) -> None:
    points = sorted(cuts)
    sentences = [(a, b) for a, b in zip(points[::2], points[1::2], strict=False) if a < b]
    pairs = [(start, start + length) for start, length in spans]
    scanned = [
        i
        for i, (s_start, s_end) in enumerate(sentences)
        if any(start < s_end and s_start < max(end, start + 1) for start, end in pairs)
    ]
    assert covered_sentences(sentences, pairs) == scanned

"""The dependency parse as the second reader of casualty sentences (sitrep/extract/parse.py).

Each sentence here is one the phrase grammar of casualties.py cannot read on its own: the count,
the victims and the verb sit too far apart. The parse must tie them, and must still refuse what
is not a toll.
"""

from __future__ import annotations

import pytest

from sitrep.extract.casualties import find_casualties
from sitrep.extract.lexicon import default_lexicon
from sitrep.extract.parse import parse_casualties
from sitrep.extract.text import Sentence


def _sentence(text: str) -> Sentence:
    return Sentence(start=0, end=len(text), text=text)


PARSED = [
    (
        "Three children who had been sheltering inside the school with their families died.",
        [("killed", "civilians", 3)],
    ),
    (
        "Two soldiers — a sergeant from Multan and a sepoy from Kohat — were martyred.",
        [("killed", "security_forces", 2)],
    ),
    (
        "The attackers, who arrived on motorbikes before dawn, shot four farmers dead.",
        [("killed", "civilians", 4)],
    ),
    (
        "The rebels, witnesses said, abducted about 30 pupils from the dormitory.",
        [("abducted", "civilians", 30)],
    ),
    (
        "Five members of the village defence committee perished in the fire.",
        [("killed", "unknown", 5)],
    ),
    ("No one was hurt in the explosion.", []),
    ("The blast could have killed 200 people.", []),
    ("Eight of the victims died on the spot.", []),
    ("Police seized 12 rifles and 3 grenades.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    PARSED,
    ids=[
        "relative-clause",
        "dash-aside",
        "object-with-dead",
        "reported-abduction",
        "members-of-an-unlisted-group",
        "negated",
        "hypothetical",
        "partitive",
        "no-victims",
    ],
)
def test_parse_casualties(text: str, expected: list[tuple[str, str, int]]) -> None:
    found = parse_casualties(_sentence(text), default_lexicon())
    assert [(c.kind, c.category, c.figure.best) for c in found] == expected


def test_the_parse_only_reads_numbers_the_grammar_left() -> None:
    text = "Gunmen killed five villagers and, the police chief said, two policemen later died."
    found = find_casualties(_sentence(text))
    assert sorted((c.category, c.figure.best) for c in found) == [
        ("civilians", 5),
        ("security_forces", 2),
    ]


def test_a_count_the_grammar_read_is_not_read_again() -> None:
    text = "One victim was gunned down, while the other five perished in the fire."
    found = find_casualties(_sentence(text))
    assert sorted(c.figure.best for c in found) == [1, 5]


def test_the_parser_is_not_asked_without_a_casualty_word() -> None:
    text = "Twelve lorries carrying 300 tonnes of wheat crossed the border."
    assert parse_casualties(_sentence(text), default_lexicon()) == []


# Stray whitespace (an ideographic space, a control character) splits a sentence so that the
# parse hangs a number on the noun before it; the span used to end before it started (issue 15).
ODD_WHITESPACE = [
    ("ideographic-then-separator", "A bomb killed civilians\x1c\u3000nine in Quetta."),
    ("separator-then-ideographic", "Gunmen killed soldiers\u3000\x1c5 near Turbat."),
    ("vertical-tab", "wounded\u3000killed\x1ecivilians\x1c\u3000nine"),
    ("file-separator-digits", "A bomb killed civilians\x1c\u30005."),
]


@pytest.mark.parametrize(
    "text", [row[1] for row in ODD_WHITESPACE], ids=[row[0] for row in ODD_WHITESPACE]
)
def test_a_parsed_span_covers_its_number_noun_and_verb_in_any_order(text: str) -> None:
    found = parse_casualties(_sentence(text), default_lexicon())
    assert found  # the parse does read these (the old span ended before it started)
    for item in found:
        assert 0 <= item.start <= item.number_at < item.end <= len(text)

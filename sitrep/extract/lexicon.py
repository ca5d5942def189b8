"""The extraction lexicons, read from ``sitrep/data/extract_*.csv`` into one immutable object.

Words live in data files so that a linguist can extend them without touching code. Phrases use a
tiny syntax, compiled here into regular expressions (always matched case-insensitively, on whole
words):

* ``word*`` matches the word with any ending ("protest*" matches "protesters");
* ``...`` matches a short gap of up to six words within the sentence ("attacked ... post");
* ``<n>`` matches a number in digits or words (also inside a word: ``<n>-hour``),
  ``<month>`` a month name.

Every function that needs a lexicon takes one as an argument and falls back on
``default_lexicon()``, so two lexicons can coexist in one process (tests build their own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.extract.dates import MONTH_PATTERN
from sitrep.extract.numbers import NUMBER_PATTERN
from sitrep.models import CATEGORIES, Category
from sitrep.taxonomy import is_valid_pairing

__all__ = [
    "CasualtyKind",
    "ExtractLexicon",
    "Trigger",
    "default_lexicon",
    "load_lexicon",
    "phrase_pattern",
]

CasualtyKind = Literal["killed", "injured", "abducted"]
StatementCue = Literal["claim", "denial", "accusation"]

_GAP = r"(?:\s+[^\s.;!?]+){0,6}?"
_WORD = re.compile(r"[\w'’-]+")
_STEM = 3
"""Stems of "word*" triggers are looked up by their first letters."""


def _fold_word(word: str) -> str:
    return word.lower().replace("’", "'")


_INHERIT = "inherit"


_DIGITS_OR_WORD = r"(?:\d+|[a-z]+(?:-[a-z]+)?)"
"""A number glued to a word ("24-hour", "two-day"), where a free-standing number may not end."""


def phrase_pattern(phrase: str) -> str:
    """Compile one lexicon phrase into a regular expression (see the module docstring)."""
    tokens = phrase.split()
    if not tokens or tokens[0] == "..." or tokens[-1] == "...":
        raise LexiconError(f"phrase {phrase!r} is empty or starts or ends with a gap")
    pattern = ""
    for index, token in enumerate(tokens):
        if token == "...":
            pattern += _GAP
            continue
        if token == "<n>":
            piece = NUMBER_PATTERN
        elif token == "<month>":
            piece = MONTH_PATTERN
        elif token.endswith("*"):
            piece = re.escape(token[:-1]) + r"[\w'’-]*"
        elif "<n>" in token:  # "<n>-hour"
            piece = _DIGITS_OR_WORD.join(re.escape(part) for part in token.split("<n>"))
        else:
            piece = re.escape(token)
        pattern += piece if index == 0 else r"\s+" + piece
    return rf"(?<![\w-])(?:{pattern})(?![\w-])"


@lru_cache(maxsize=512)
def _compiled(phrase: str) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrase), re.IGNORECASE)


def _alternation(phrases: list[str]) -> str:
    """One regular expression matching any of the phrases, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(f"(?:{phrase_pattern(phrase)})" for phrase in ordered)


@dataclass(frozen=True)
class Trigger:
    """A word that says a sentence reports violence, and the ACLED type it points to."""

    phrase: str
    event_type: str
    sub_event_type: str
    priority: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, eq=False)
class ExtractLexicon:
    """Everything the rule-based extractor knows about words, compiled once.

    Compared and hashed by identity, so derived grammars can be cached per lexicon.
    """

    abbreviations: frozenset[str]
    victims: Mapping[str, tuple[Category | None, bool]]
    """Victim term (lower case) → (category, None to inherit; True when it names one person)."""
    victim_pattern: str
    singular_victim_pattern: str
    verbs_after: Mapping[str, CasualtyKind]
    verbs_after_pattern: str
    verbs_before: Mapping[str, CasualtyKind]
    verbs_before_pattern: str
    triggers: tuple[Trigger, ...]
    non_trigger_re: re.Pattern[str]
    generic_re: re.Pattern[str]
    period_re: re.Pattern[str]
    history_re: re.Pattern[str]
    accident_re: re.Pattern[str]
    later_deaths_re: re.Pattern[str]
    statement_cues: tuple[tuple[StatementCue, re.Pattern[str]], ...]
    crowd_re: re.Pattern[str]
    """A crowd of any kind ("protesters", "supporters", "youths", "fans"): its clash or its
    violence is a riot."""
    mob_re: re.Pattern[str]
    """A crowd turned on people ("rival fans", "a lynch mob"): its riot is mob violence."""
    crowd_violence_re: re.Pattern[str]
    """What a crowd does that makes a demonstration violent ("threw stones", "torched")."""
    armed_re: re.Pattern[str]
    """An armed group ("militants", "rebels"): with one in the event, a clash is fought."""

    def triggers_in(self, text: str) -> list[Trigger]:
        """The triggers that may match ``text``, in the lexicon's order: those whose first word
        (or its stem, for "word*") is a word of the text. Searching only these finds what
        searching every trigger finds, at a fraction of the cost."""
        exact, stems, always = self._trigger_index
        found = set(always)
        for word in {_fold_word(word) for word in _WORD.findall(text)}:
            found.update(exact.get(word, ()))
            for stem, index in stems.get(word[:_STEM], ()):
                if word.startswith(stem):
                    found.add(index)
        return [self.triggers[index] for index in sorted(found)]

    @cached_property
    def _trigger_index(
        self,
    ) -> tuple[dict[str, list[int]], dict[str, list[tuple[str, int]]], list[int]]:
        exact: dict[str, list[int]] = {}
        stems: dict[str, list[tuple[str, int]]] = {}
        always: list[int] = []
        for index, trigger in enumerate(self.triggers):
            first = _fold_word(trigger.phrase.split()[0])
            if "<" in first or (first.endswith("*") and len(first) <= _STEM):
                always.append(index)  # "<n>-hour", a very short stem: searched in every text
            elif first.endswith("*"):
                stems.setdefault(first[:_STEM], []).append((first[:-1], index))
            else:
                exact.setdefault(first, []).append(index)
        return exact, stems, always

    def victim(self, term: str) -> tuple[Category | None, bool]:
        """Category and singularity of a victim term as matched in text."""
        return self.victims[" ".join(term.lower().split())]

    def verb_kind(self, verb: str, position: Literal["after", "before"]) -> CasualtyKind:
        """What a matched casualty verb says happened to the victims."""
        table = self.verbs_after if position == "after" else self.verbs_before
        for phrase, kind in table.items():
            if _compiled(phrase).fullmatch(verb):
                return kind
        raise LexiconError(f"verb {verb!r} matched no {position} entry")


def load_lexicon() -> ExtractLexicon:
    """Read and compile all ``extract_*.csv`` files; raises LexiconError on a bad entry."""
    abbreviations = frozenset(
        row["abbreviation"] for row in read_table("extract_abbreviations.csv", ["abbreviation"])
    )
    victims: dict[str, tuple[Category | None, bool]] = {}
    for row in read_table("extract_victims.csv", ["term", "category", "number"]):
        victims[row["term"].lower()] = (_category(row["category"]), _singular(row["number"]))
    verbs_after: dict[str, CasualtyKind] = {}
    verbs_before: dict[str, CasualtyKind] = {}
    for row in read_table("extract_casualty_verbs.csv", ["phrase", "kind", "position"]):
        kind = _casualty_kind(row["kind"])
        if row["position"] == "after":
            verbs_after[row["phrase"]] = kind
        elif row["position"] == "before":
            verbs_before[row["phrase"]] = kind
        else:
            raise LexiconError(f"extract_casualty_verbs.csv: position {row['position']!r}")
    triggers = tuple(
        _trigger(row)
        for row in read_table(
            "extract_triggers.csv", ["trigger", "event_type", "sub_event_type", "priority"]
        )
    )
    non_triggers = [row["phrase"] for row in read_table("extract_non_triggers.csv", ["phrase"])]
    generic = [row["cue"] for row in read_table("extract_generic_cues.csv", ["cue"])]
    periods = [row["phrase"] for row in read_table("extract_periods.csv", ["phrase"])]
    history = [row["phrase"] for row in read_table("extract_history_cues.csv", ["phrase"])]
    accidents = [row["phrase"] for row in read_table("extract_accident_cues.csv", ["phrase"])]
    later = [row["phrase"] for row in read_table("extract_later_deaths.csv", ["phrase"])]
    cues = tuple(
        (_statement_cue(row["kind"]), re.compile(phrase_pattern(row["phrase"]), re.IGNORECASE))
        for row in read_table("extract_statement_cues.csv", ["phrase", "kind"])
    )
    riot: dict[str, list[str]] = {"crowd": [], "violence": [], "mob": [], "armed": []}
    for row in read_table("extract_riot_cues.csv", ["phrase", "kind"]):
        if row["kind"] not in riot:
            raise LexiconError(f"extract_riot_cues.csv: kind {row['kind']!r}")
        riot[row["kind"]].append(row["phrase"])
    plural = [term for term, (_, singular) in victims.items() if not singular]
    singular = [term for term, (_, one) in victims.items() if one]
    return ExtractLexicon(
        abbreviations=abbreviations,
        victims=victims,
        victim_pattern=_alternation(plural + singular),
        singular_victim_pattern=_alternation(singular),
        verbs_after=verbs_after,
        verbs_after_pattern=_alternation(list(verbs_after)),
        verbs_before=verbs_before,
        verbs_before_pattern=_alternation(list(verbs_before)),
        triggers=triggers,
        non_trigger_re=re.compile(_alternation(non_triggers), re.IGNORECASE),
        generic_re=re.compile(_alternation(generic), re.IGNORECASE),
        period_re=re.compile(_alternation(periods), re.IGNORECASE),
        history_re=re.compile(_alternation(history), re.IGNORECASE),
        accident_re=re.compile(_alternation(accidents), re.IGNORECASE),
        later_deaths_re=re.compile(_alternation(later), re.IGNORECASE),
        statement_cues=cues,
        crowd_re=re.compile(_alternation(riot["crowd"]), re.IGNORECASE),
        mob_re=re.compile(_alternation(riot["mob"]), re.IGNORECASE),
        crowd_violence_re=re.compile(_alternation(riot["violence"]), re.IGNORECASE),
        armed_re=re.compile(_alternation(riot["armed"]), re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> ExtractLexicon:
    """The lexicon shipped with sitrep, loaded once; it is immutable, so sharing it is safe."""
    return load_lexicon()


def _category(value: str) -> Category | None:
    """A victim category from the data file; None means "inherit from the previous figure"."""
    if value == _INHERIT:
        return None
    for category in CATEGORIES:
        if value == category:
            return category
    raise LexiconError(f"extract_victims.csv: unknown category {value!r}")


def _singular(value: str) -> bool:
    if value not in ("s", "p"):
        raise LexiconError(f"extract_victims.csv: number must be s or p, not {value!r}")
    return value == "s"


def _casualty_kind(value: str) -> CasualtyKind:
    kinds: dict[str, CasualtyKind] = {
        "killed": "killed",
        "injured": "injured",
        "abducted": "abducted",
    }
    if value in kinds:
        return kinds[value]
    raise LexiconError(f"extract_casualty_verbs.csv: unknown kind {value!r}")


def _statement_cue(value: str) -> StatementCue:
    kinds: dict[str, StatementCue] = {
        "claim": "claim",
        "denial": "denial",
        "accusation": "accusation",
    }
    if value in kinds:
        return kinds[value]
    raise LexiconError(f"extract_statement_cues.csv: unknown kind {value!r}")


def _trigger(row: dict[str, str]) -> Trigger:
    if not is_valid_pairing(row["event_type"], row["sub_event_type"]):
        raise LexiconError(
            f"extract_triggers.csv: {row['event_type']!r} / {row['sub_event_type']!r} is not an "
            "ACLED pairing; see sitrep/data/event_types.csv"
        )
    try:
        priority = int(row["priority"])
    except ValueError as exc:
        raise LexiconError(f"extract_triggers.csv: priority {row['priority']!r}") from exc
    return Trigger(
        phrase=row["trigger"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        priority=priority,
        pattern=re.compile(phrase_pattern(row["trigger"]), re.IGNORECASE),
    )

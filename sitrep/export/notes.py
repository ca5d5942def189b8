"""A one-sentence summary of an event, written from its fields for ACLED's ``notes`` column.

"On 31 January 2026, Baloch Liberation Army attacked Police Forces of Pakistan with a grenade in
Quetta, Balochistan, killing 2 members of the security forces." The verb phrase of each sub-event
type is in ``data/export_notes_phrases.csv`` and the words for the dead in
``data/export_notes_victims.csv``. A part the event does not know (no date, no actor, no place, no
death figure) is left out of the sentence, never written as "None" or "unknown".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.extract.actors import default_actor_lexicon
from sitrep.models import CATEGORIES, Event, Figure
from sitrep.taxonomy import event_taxonomy

__all__ = ["NotesLexicon", "event_notes", "load_notes_lexicon"]


@dataclass(frozen=True)
class NotesLexicon:
    """The phrases of the notes sentence, by sub-event type and by category of the dead."""

    verbs: dict[str, tuple[str, str, str]]
    """sub-event type → (verb with {actor2}, verb without actor2, noun phrase)."""
    victims: dict[str, tuple[str, str]]
    """category (and "others") → (singular, plural)."""


def load_notes_lexicon() -> NotesLexicon:
    """Read the notes phrases, refusing a sub-event type that is missing or unknown.

    Raises:
        LexiconError: A sub-event type has no phrases or is not ACLED's, or a category of the
            dead has no words.
    """
    known = {sub for subs in event_taxonomy().values() for sub in subs}
    verbs: dict[str, tuple[str, str, str]] = {}
    for row in read_table(
        "export_notes_phrases.csv", ["sub_event_type", "verb", "verb_alone", "noun"]
    ):
        sub = row["sub_event_type"]
        if sub not in known:
            raise LexiconError(f"export_notes_phrases.csv: {sub!r} is no ACLED sub-event type")
        verbs[sub] = (row["verb"], row["verb_alone"], row["noun"])
    if missing := sorted(known - set(verbs)):
        raise LexiconError(f"export_notes_phrases.csv: no phrases for {', '.join(missing)}")
    victims = {
        row["category"]: (row["singular"], row["plural"])
        for row in read_table("export_notes_victims.csv", ["category", "singular", "plural"])
    }
    if missing := sorted({*CATEGORIES, "others"} - set(victims)):
        raise LexiconError(f"export_notes_victims.csv: no words for {', '.join(missing)}")
    return NotesLexicon(verbs=verbs, victims=victims)


@lru_cache(maxsize=1)
def _default_lexicon() -> NotesLexicon:
    return load_notes_lexicon()


def _when(date: dt.date | None, precision: int) -> str:
    if date is None:
        return ""
    day = f"{date.day} {date:%B %Y}"
    if precision == 1:
        return f"On {day}"
    if precision == 2:
        return f"Around {day}"
    return f"In {date:%B %Y}"


def _where(event: Event) -> str:
    parts: list[str] = []
    for name in (event.location or event.admin2, event.admin1):
        if name and name not in parts:
            parts.append(name)
    if not parts and event.country:
        # "in the Democratic Republic of Congo": the form that follows "Military Forces of"
        country = default_actor_lexicon().forces_names.get(event.country)
        if country:
            parts.append(country)
    return f"in {', '.join(parts)}" if parts else ""


def _count(figure: Figure, words: tuple[str, str]) -> str:
    noun = words[0] if figure.best == 1 else words[1]
    if figure.high is None and figure.low == figure.best:
        return f"at least {figure.best} {noun}"
    return f"{figure.best} {noun}"


def _series(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _toll(event: Event, lexicon: NotesLexicon) -> str:
    named: list[str] = []
    for category in CATEGORIES:
        figure: Figure | None = getattr(event.fatalities, category)
        if figure is None or figure.best == 0:
            continue
        words = lexicon.victims["others" if category == "unknown" and named else category]
        named.append(_count(figure, words))
    clauses = []
    if named:
        clauses.append(f"killing {_series(named)}")
    elif event.fatalities_total is not None:
        clauses.append("with no deaths reported")
    if event.injured is not None and event.injured.best > 0:
        clauses.append(f"injuring {_count(event.injured, lexicon.victims['unknown'])}")
    return " and ".join(clauses)


def event_notes(event: Event, lexicon: NotesLexicon | None = None) -> str:
    """One sentence that tells the event: when, who did what to whom, where, and the toll."""
    lexicon = lexicon or _default_lexicon()
    verb, verb_alone, noun = lexicon.verbs[event.sub_event_type]
    if event.actor1:
        action = verb.format(actor2=event.actor2) if event.actor2 else verb_alone
        clause = f"{event.actor1} {action}"
    else:
        clause = f"{noun} took place"
    where = _where(event)
    if where:
        clause = f"{clause} {where}"
    toll = _toll(event, lexicon)
    if toll:
        clause = f"{clause}, {toll}"
    when = _when(event.date, event.date_precision)
    sentence = f"{when}, {clause}" if when else clause
    return sentence[0].upper() + sentence[1:] + "."

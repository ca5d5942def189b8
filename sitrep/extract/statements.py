"""Tell statements about violence apart from reports of it, and say who is speaking.

A figure is only an event's toll when the article reports it as such. "180 militants killed since
January" sums many events, "the group said it killed 15 soldiers" is a claim, "New Delhi denies"
is a denial: each becomes a ``Statement`` so that nothing counts twice or counts on someone's
word. A revised toll ("rose to 9 from 6") is the exception: it is a statement *and* the figure
the event keeps.
"""

from __future__ import annotations

import re

from sitrep.extract.actors import default_actor_lexicon
from sitrep.extract.casualties import Casualty, find_casualties, find_tolls
from sitrep.extract.lexicon import ExtractLexicon, default_lexicon
from sitrep.extract.text import Sentence
from sitrep.models import Statement

__all__ = ["find_attribution", "find_claimant", "find_statements", "is_statement_only"]

# A proper name: capitalised words, joined by the small words names contain. A word ending in
# "-linked" or "-backed" describes the name ("al Qaeda-linked") and is not part of it.
_WORD = r"[A-Z][\w'’]*(?:-(?!linked|backed|allied|based|affiliated|aligned)[\w'’]+)*"
# Both repetitions are bounded (no group's name runs past a dozen words): a long run of
# capitalised words is then scanned a bounded number of times from each of its words, not to its
# end from every one of them, which made a sentence of headline-case words quadratic.
_NAME_WORDS = 12
_NAME = (
    rf"{_WORD}(?:\s+(?:(?:of|for|the|and|on|wal|lid|is)\s+){{0,3}}{_WORD}){{0,{_NAME_WORDS - 1}}}"
)
_ADVERBS = r"(?:\s+(?:has|have|had|also|immediately|reportedly|later|\w+ly)){0,4}"

_CLAIMANT_RE = re.compile(
    rf"(?P<name>{_NAME})(?:\s+\((?P<acronym>[A-Z][\w-]{{1,10}})\))?(?:,[^,;]{{1,150}},)?"
    rf"{_ADVERBS}\s+(?:claimed|claims|took|takes|has\s+taken|accepted|accepts)\s+"
    r"(?:the\s+)?responsibility"
)
_ACTOR_VERBS = {
    "denial": r"(?:denied|denies|deny|refutes|refuted|rejected|rejects|dismissed)",
    "accusation": r"(?:accused|accuses|accusing|blamed|blames)",
}
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "the", "a", "an", "this", "that"})

_SAY = r"(?:said|says|told\s+[^,.]{1,40}?|added|confirmed|stated)"
_ATTRIBUTION_RES = (
    re.compile(r"\baccording\s+to\s+(?P<who>[^,.;“”\"]{2,80}?)\s*(?=[,.;]|$)"),
    re.compile(
        rf",\s*(?P<who>[^,“”\"]{{2,80}}?)\s+{_SAY}(?:\s+(?:on|in)\s+[^,.]{{1,40}})?"
        r"\s*[.!]?[”\"]?\s*$"
    ),
    re.compile(rf"[”\"]\s*,?\s*(?P<who>[^,“”\"\s][^,“”\"]{{1,60}}?)\s+{_SAY}\b"),
    re.compile(
        r"^(?P<who>[A-Z][^“”\";]{2,80}?),?\s+"
        r"(?:said|says|told|confirmed|stated|announced|indicated|posted)\b"
    ),
)
# "The BLA asserted that 84 soldiers had been killed": a group speaking of what it did.
_SPEAKER_RE = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but|while)\s+)(?P<who>[^,.;:“”\"]{2,80}?)\s+"
    r"(?:(?:also|further|later|has|had|have)\s+)*"
    r"(?:said|says|asserted|asserts|alleged|alleges|claimed|claims|stated|insisted|boasted)\b"
)
_ARMED_GROUP_RE = re.compile(
    r"^(?:the|this|that)\s+(?:(?:militant|armed|separatist|insurgent|rebel|jihadist|terrorist|"
    r"banned|outlawed|proscribed|extremist|islamist)\s+){1,2}(?:group|outfit)$",
    re.IGNORECASE,
)
_NOT_ARMED_RE = re.compile(
    r"\b(?:rights|aid|advocacy|monitor\w*|humanitarian|medical|charity|relief|civic|press)\b",
    re.IGNORECASE,
)
_REVISION_RE = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|increased|jumped|revised|reached)\b", re.IGNORECASE
)


HISTORY_MIN = 100
"""A figure this large in a sentence that speaks of a running tally ("the war has killed") is an
aggregate; a smaller one may be a fresh incident told in the perfect ("a blast has killed 5")."""


def find_statements(
    sentence: Sentence,
    casualties: list[Casualty] | None = None,
    lexicon: ExtractLexicon | None = None,
) -> list[Statement]:
    """Return the statements a sentence makes, each with the sentence as its span.

    * aggregate: a casualty figure together with a period or a wide area from
      ``extract_periods.csv`` ("in the past 48 hours", "since January", "across the country");
      one statement per figure.
    * claim: a perpetrator's claimed toll (cues in ``extract_statement_cues.csv``: "said it
      killed", "claimed to have killed"); the actor is the group claiming responsibility when the
      sentence names it.
    * denial and accusation: the cue words, with the actor named just before the verb ("a
      claim New Delhi denies") or after "spokesman for".
    * revision: a death toll that rose or was revised ("rose to 9 from 6"); its count is the
      new figure.

    Args:
        sentence: The sentence, with offsets in the article text.
        casualties: Its casualties when already found (saves finding them again).
        lexicon: The lexicon to use; the shipped one by default.
    """
    lex = lexicon or default_lexicon()
    found = find_casualties(sentence, lex) if casualties is None else casualties
    attributed = find_attribution(sentence.text)
    statements: list[Statement] = []

    def add(kind: str, casualty: Casualty | None = None, **extra: str | None) -> None:
        statements.append(
            Statement.model_validate(
                {
                    "kind": kind,
                    "category": casualty.category if casualty else None,
                    "count": casualty.figure if casualty else None,
                    "attributed_to": attributed,
                    "text": sentence.text,
                    "start": sentence.start,
                    "end": sentence.end,
                    **extra,
                }
            )
        )

    for toll in find_tolls(sentence, lex):
        span = sentence.text[
            toll.casualty.start - sentence.start : toll.casualty.end - sentence.start
        ]
        if toll.previous is not None or _REVISION_RE.search(span):
            add("revision", toll.casualty)
    cues = {kind for kind, pattern in lex.statement_cues if pattern.search(sentence.text)}
    if _group_speaks(sentence.text, found):
        cues.add("claim")
    if "claim" in cues:
        figures: list[Casualty | None] = [casualty for casualty in found if not casualty.toll]
        for casualty in figures or [None]:
            add("claim", casualty, actor=find_claimant(sentence.text))
    for kind in ("denial", "accusation"):
        if kind in cues:
            add(kind, actor=_actor(sentence.text, kind))
    period = lex.period_re.search(sentence.text)
    if period is not None and _ranks_the_event(sentence.text, period, found, sentence.start):
        period = None  # "…, the deadliest attack this year": the year ranks the event
    if period is not None and "claim" not in cues:
        for casualty in found:
            add("aggregate", casualty, period=_period_name(period.group(0)))
    elif "claim" not in cues and lex.history_re.search(sentence.text):
        for casualty in found:
            if casualty.figure.best >= HISTORY_MIN:
                add("aggregate", casualty, period="to date")
    return statements


_SUPERLATIVE = re.compile(
    r"\b(?:deadliest|bloodiest|worst|biggest|largest|heaviest|most\s+(?:lethal|deadly|violent|"
    r"serious)|highest)\b",
    re.IGNORECASE,
)
_SUPERLATIVE_REACH = 60
"""How far before a period a superlative may stand and still be what the period qualifies."""


def _ranks_the_event(text: str, period: re.Match[str], found: list[Casualty], offset: int) -> bool:
    """Whether the period qualifies a superlative that ranks the event ("killed 23 people, the
    deadliest attack in the province this year") rather than a figure: then the figure is the
    event's toll, not a tally of the year. A figure between the superlative and the period
    ("the worst year, with 700 killed since January") is the period's own."""
    ranked = list(
        _SUPERLATIVE.finditer(text, max(0, period.start() - _SUPERLATIVE_REACH), period.start())
    )
    if not ranked:
        return False
    superlative = ranked[-1]
    return not any(
        superlative.end() <= casualty.start - offset < period.start() for casualty in found
    )


def is_statement_only(statements: list[Statement]) -> bool:
    """True when a sentence's statements mean it reports no event of its own.

    Aggregates, claims and denials make no event; a revision does, with its new figure, and so
    does a toll told with its blame ("eight were killed in a raid blamed on the ADF"): the blame
    is a statement beside the event, not instead of it.
    """
    return any(statement.kind not in ("revision", "accusation") for statement in statements)


def find_claimant(text: str) -> str | None:
    """The group that "claimed responsibility" / "took responsibility", as written.

    Returns the name without a leading "The" and without the bracketed acronym; the acronym alone
    when that is all there is. None when no capitalised name precedes the claim ("No group
    immediately claimed responsibility").
    """
    match = _CLAIMANT_RE.search(text)
    if match is None:
        return None
    name = re.sub(r"^(?:The|A|An)\s+", "", match.group("name"))
    if name.lower() in _PRONOUNS or name.split()[0] in ("No", "Nobody"):
        return None
    return name


def find_attribution(text: str) -> str | None:
    """Who the sentence says the information came from ("police", "Ibrahim Musa"), if anyone.

    Looks for "according to X", a closing "..., X said.", a quote followed by "X said" and an
    opening "X said". Pronouns ("he said") are not sources and give None.
    """
    for pattern in _ATTRIBUTION_RES:
        match = pattern.search(text)
        if match is None:
            continue
        who = match.group("who").strip(" ,")
        if not who or who.lower() in _PRONOUNS or len(who.split()) > 10:
            continue
        return who
    return None


def _actor(text: str, kind: str) -> str | None:
    """The one who denies or accuses: "spokesman for X", or a name right before the verb."""
    verbs = _ACTOR_VERBS[kind]
    spokesman = re.search(
        rf"spokes(?:man|woman|person)\s+for\s+(?P<name>[^,;]{{2,60}}?)\s+{verbs}\b",
        text,
        re.IGNORECASE,
    )
    if spokesman is not None:
        return spokesman.group("name")
    match = re.search(rf"(?P<name>{_NAME}){_ADVERBS}\s+{verbs}\b", text)
    if match is None:
        return None
    name = re.sub(r"^(?:The|A|An)\s+", "", match.group("name"))
    return None if name.lower() in _PRONOUNS else name


def _group_speaks(text: str, casualties: list[Casualty]) -> bool:
    """True when an armed group, not the state, is the one giving the sentence's toll of others.

    The speaker is read from "X said/asserted/alleged (that)": a named group (``actors.csv``) or
    a word for attackers (``actor_forces.csv``, kind unnamed: "the militants", "the group"), and
    no word for state forces ("the army said" is an official figure).
    """
    if not any(c.category == "security_forces" and not c.toll for c in casualties):
        # A group claims the soldiers or police it killed; the people an enemy's strike killed
        # ("68 people were killed when a US airstrike hit …, the Houthi movement said") are a
        # report of the incident, not a claim.
        return False
    actors = default_actor_lexicon()
    for match in _SPEAKER_RE.finditer(text):
        who = match.group("who")
        if actors.forces.spans(who) or _NOT_ARMED_RE.search(who):
            continue
        named = actors.group_spans(who, None) or actors.unnamed.spans(who)
        if named or _ARMED_GROUP_RE.search(who):
            return True
    return False


def _period_name(phrase: str) -> str:
    """Drop the preposition from a period: "in the past 48 hours" → "past 48 hours"."""
    return re.sub(r"^(?:in|over|so\s+far)\s+(?:the\s+)?", "", phrase, flags=re.IGNORECASE).strip()

"""Name who did what to whom in each event, the way ACLED names actors.

The extractor finds events and figures but leaves ``actor1``/``actor2`` empty and ``claimed_by``
as written. This stage fills them with ACLED's names ("Baloch Liberation Army", "Military Forces
of Pakistan", "Civilians (Pakistan)", "Unidentified Armed Group (Pakistan)") because the evaluation
and every export compare actors by those names, not by the words a report happened to use.

It reads the sentences that hold an event's evidence, so a group named elsewhere in the story (a
background attack, an analyst's aside) does not become the perpetrator; the rest of the article
is consulted only for a claim of responsibility, or for the one group it says attacked, when the
event's own sentences name nobody. Within a sentence it looks at the words around each actor it
recognises, not at a parse: the actor just before an attack verb did it, the actor just after
suffered it, and "by" after an attack verb and blame or claim wording mark the perpetrator. That
is crude but predictable, and every word list lives in ``sitrep/data/actors.csv`` (group aliases)
and ``sitrep/data/actor_forces.csv`` (force words, attack verbs, cues, country-name overrides),
so a reader can fix a miss without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Literal

from sitrep.datafiles import COUNTRY_CODE_COLUMNS, read_table
from sitrep.errors import LexiconError
from sitrep.extract.lexicon import ExtractLexicon, default_lexicon, phrase_pattern
from sitrep.extract.text import covered_sentences, split_sentences
from sitrep.models import ArticleRecord, Event

__all__ = ["ActorLexicon", "assign_actors", "default_actor_lexicon", "load_actor_lexicon"]

MentionKind = Literal["group", "military", "police", "unnamed"]
Role = Literal["claimant", "agent", "patient", "source", "other"]

_FORCE_KINDS = ("military", "police", "weapon", "target")
_KINDS = (
    *_FORCE_KINDS,
    "unnamed",
    "attack",
    "victim",
    "passive",
    "claim_cue",
    "agent_cue",
    "operation",
    "unclaimed",
    "barrier",
    "affiliation",
    "state_strike",
    "country",
    "country_forces",
)
_STATE_PREFIXES = ("Military Forces of ", "Police Forces of ")
_UNIDENTIFIED = "Unidentified Armed Group"
_SEPARATOR = r"[\s\-–]+"
_WORD_RE = re.compile(r"[\w'’]+")
_BY_RE = re.compile(r"\bby\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# The source's own description ("according to media affiliated with X", "according to a
# statement by X"), not a clause about someone else ("according to residents, who blamed X").
_ACCORDING_TO = re.compile(
    r"\baccording\s+to\s+(?:(?!(?:who|which|that)\b)[\w'’-]+\s+){0,6}$", re.IGNORECASE
)
_BY_REACH = 200  # "by" and three words: searched in the characters before a mention only
_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|inside|across|into|on|at|from|of|to|near|throughout|over|against)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
"""Before a country named as where something happened ("strikes across the Gaza Strip")."""
_PREPOSITION_REACH = 40
"""The characters before a country searched for that preposition (its longest is 15)."""
# What may stand between a demonym and the force it qualifies: "Russian drones", "Pakistan's
# security forces", "Russian Shahed drones".
_DEMONYM_GAP_RE = re.compile(r"(?:['’]s)?(?:\s+[\w-]+){0,2}?\s+")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    value: str
    specific: bool = False


@dataclass(frozen=True)
class _Matcher:
    """Phrases compiled one by one, each carrying the value its data row gave it."""

    phrases: tuple[tuple[re.Pattern[str], str, bool, str], ...]
    """(pattern, value, country-specific, a lower-case word every match contains or "")."""

    def spans(self, text: str) -> list[_Span]:
        """Every match, longest first on overlaps (a country-specific row wins a tie).

        A phrase whose key word is not in the text is skipped without running its pattern:
        hundreds of aliases against every sentence is the actor stage's main cost.
        """
        lower = text.lower()
        found = [
            _Span(match.start(), match.end(), value, specific)
            for pattern, value, specific, key in self.phrases
            if key in lower
            for match in pattern.finditer(text)
            if match.end() > match.start()
        ]
        found.sort(key=lambda span: (-(span.end - span.start), not span.specific, span.start))
        chosen: list[_Span] = []
        for span in found:
            if all(span.end <= other.start or span.start >= other.end for other in chosen):
                chosen.append(span)
        return sorted(chosen, key=lambda span: span.start)


@dataclass(frozen=True, eq=False)
class ActorLexicon:
    """Everything the actor stage knows about names and words, compiled once.

    Build it with :func:`load_actor_lexicon`; it is immutable, so one instance can serve every
    thread, and compared by identity so two lexicons can coexist in one test run.

    Attributes:
        groups: Alias matchers by ISO country; the key "" holds the aliases read anywhere.
        countries: Country names and demonyms from ``countries.csv``, valued by ISO code.
        country_names: ISO code → the name ACLED puts in brackets ("Civilians (Myanmar)").
        forces_names: ISO code → the name after "Military Forces of" ("the Philippines").
        forces: Force words, valued "military", "police", "weapon" or (for targets) the force.
        unnamed: Words for attackers nobody names, valued by ACLED's generic actor.
        attacks: Attack verbs.
        victims: Words that make the actor before them a casualty.
        passives: Words that turn an actor before an attack verb into its object.
        claims: Claims of responsibility, valued "before" or "after" (where the claimant is).
        cues: Blame wording, valued "before" or "after" (where the perpetrator is).
        operations: Words for a security operation, which the state's forces initiate.
        unclaimed: Words that say nobody claimed the attack ("no group has claimed").
        barriers: Words that close the clause an actor belongs to.
        affiliations: Words that make a group the parent of another named beside it ("linked
            to X", "X's affiliate"), valued "before" or "after" (where the parent stands).
        civilian_victims: Victim words (from ``extract_victims.csv``) that mean civilians died.
        state_strikes: Sub-event types whose unnamed perpetrator is the state's military.
    """

    groups: Mapping[str, _Matcher]
    countries: _Matcher
    country_names: Mapping[str, str]
    forces_names: Mapping[str, str]
    forces: _Matcher
    unnamed: _Matcher
    attacks: _Matcher
    victims: _Matcher
    passives: _Matcher
    claims: _Matcher
    cues: _Matcher
    operations: _Matcher
    unclaimed: _Matcher
    barriers: _Matcher
    affiliations: _Matcher
    civilian_victims: _Matcher
    state_strikes: frozenset[str]

    def group_spans(self, text: str, country: str | None) -> list[_Span]:
        """Named groups in ``text``, country-specific aliases first, longest alias first."""
        rows = list(self.groups[""].phrases)
        if country and country in self.groups:
            rows = list(self.groups[country].phrases) + rows
        return _Matcher(tuple(rows)).spans(text)

    def resolve_name(self, name: str, country: str | None) -> str:
        """ACLED's name for a group as a report wrote it; unknown names come back as written."""
        spans = self.group_spans(name, country)
        if not spans:
            return name
        return max(spans, key=lambda span: span.end - span.start).value

    def country_name(self, iso: str | None) -> str | None:
        """The country as ACLED writes it inside brackets, or None for an unknown code."""
        return self.country_names.get(iso) if iso else None

    def military(self, iso: str | None) -> str | None:
        """ "Military Forces of {Country}", or None without a known country."""
        return self._forces("Military", iso)

    def police(self, iso: str | None) -> str | None:
        """ "Police Forces of {Country}", or None without a known country."""
        return self._forces("Police", iso)

    def generic(self, prefix: str, iso: str | None) -> str | None:
        """A crowd or unnamed actor with its country: "Civilians (Kenya)", or None."""
        name = self.country_name(iso)
        return f"{prefix} ({name})" if name else None

    def _forces(self, branch: str, iso: str | None) -> str | None:
        if not iso or iso not in self.forces_names:
            return None
        return f"{branch} Forces of {self.forces_names[iso]}"


def _key(phrase: str) -> str:
    """The part of a phrase's first word that every match contains, lower-cased ("" for none)."""
    first = re.split(r"[\s\-'’*]", phrase.strip(), maxsplit=1)[0]
    return "" if first.startswith("<") else first.lower()


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """Compile an alias: spaces and hyphens interchangeable, apostrophes optional.

    All-caps aliases (BLA, IS, PDF) and short mixed-case acronyms (LeT, JeM) are case-sensitive
    so that the words "is", "pdf" or "let" never match; the rest ignore case. A hyphen may
    follow the alias only before a lower-case word ("TTP-linked"), so "IS" does not match
    inside "IS-K".
    """
    tokens = [token for token in re.split(_SEPARATOR, alias.strip()) if token]
    if not tokens:
        raise LexiconError(f"actors.csv: empty alias {alias!r}")
    escaped = [re.sub(r"['’]", "['’]?", re.escape(token)) for token in tokens]
    body = _SEPARATOR.join(escaped)
    flags = 0 if _acronym(alias) else re.IGNORECASE
    return re.compile(rf"(?<![\w\-])(?:{body})(?!\w)(?!-[A-Z0-9])", flags)


def _acronym(alias: str) -> bool:
    """All-caps (BLA) or a short mixed-case acronym (LeT, JeM): "Let Pan Hla" is a village."""
    if not any(char.islower() for char in alias):
        return True
    letters = alias.replace("-", "")
    return " " not in alias and len(letters) <= 5 and sum(c.isupper() for c in letters) >= 2


def _phrase(phrase: str) -> re.Pattern[str]:
    """A lexicon phrase; case-sensitive when it has no lower-case letter (FC, CTD)."""
    flags = 0 if not any(char.islower() for char in phrase) else re.IGNORECASE
    return re.compile(phrase_pattern(phrase), flags)


def _matcher(rows: Iterable[tuple[str, str]]) -> _Matcher:
    return _Matcher(tuple((_phrase(phrase), value, False, _key(phrase)) for phrase, value in rows))


def load_actor_lexicon(extract: ExtractLexicon | None = None) -> ActorLexicon:
    """Read ``actors.csv``, ``actor_forces.csv`` and ``countries.csv`` into an ActorLexicon.

    Args:
        extract: The extraction lexicon whose civilian victim words mark civilian casualties;
            the shipped one by default.

    Raises:
        LexiconError: A data file is missing, a row has an unknown kind or country code, or a
            cue says neither "before" nor "after".
    """
    country_rows = read_table("countries.csv", ["iso2", "name", "aliases"], COUNTRY_CODE_COLUMNS)
    codes = {row["iso2"] for row in country_rows}
    groups: dict[str, list[tuple[re.Pattern[str], str, bool, str]]] = {"": []}
    for row in read_table("actors.csv", ["alias", "actor"], ["country"]):
        country = row["country"]
        if country and country not in codes:
            raise LexiconError(f"actors.csv: unknown country {country!r} for {row['alias']!r}")
        groups.setdefault(country, []).append(
            (_alias_pattern(row["alias"]), row["actor"], bool(country), _key(row["alias"]))
        )
    by_kind: dict[str, list[tuple[str, str]]] = {kind: [] for kind in _KINDS}
    for row in read_table("actor_forces.csv", ["kind", "phrase"], ["value"]):
        if row["kind"] not in by_kind:
            raise LexiconError(
                f"actor_forces.csv: unknown kind {row['kind']!r}; use one of {', '.join(_KINDS)}"
            )
        by_kind[row["kind"]].append((row["phrase"], row["value"]))
    _check_values(by_kind)
    names = {row["iso2"]: row["name"] for row in country_rows}
    names.update(dict(by_kind["country"]))
    forces_names = dict(names)
    forces_names.update(dict(by_kind["country_forces"]))
    demonyms = _Matcher(
        tuple(
            (_alias_pattern(alias), row["iso2"], False, _key(alias))
            for row in country_rows
            for alias in row["aliases"].split("|")
            if alias.strip()
        )
    )
    extract = extract or default_lexicon()
    civilian_words = [
        (term, "civilians")
        for term, (category, _) in extract.victims.items()
        if category in ("civilians", "unknown")
    ]
    return ActorLexicon(
        groups={country: _Matcher(tuple(rows)) for country, rows in groups.items()},
        countries=demonyms,
        country_names=names,
        forces_names=forces_names,
        forces=_matcher(
            (phrase, value if kind == "target" else kind)
            for kind in _FORCE_KINDS
            for phrase, value in by_kind[kind]
        ),
        unnamed=_matcher(by_kind["unnamed"]),
        attacks=_matcher(by_kind["attack"]),
        victims=_matcher(by_kind["victim"]),
        passives=_matcher(by_kind["passive"]),
        claims=_matcher(by_kind["claim_cue"]),
        cues=_matcher(by_kind["agent_cue"]),
        operations=_matcher(by_kind["operation"]),
        unclaimed=_matcher(by_kind["unclaimed"]),
        barriers=_matcher(by_kind["barrier"]),
        affiliations=_matcher(by_kind["affiliation"]),
        civilian_victims=_matcher(civilian_words),
        state_strikes=frozenset(phrase for phrase, _ in by_kind["state_strike"]),
    )


def _check_values(by_kind: Mapping[str, list[tuple[str, str]]]) -> None:
    """Refuse rows whose value the code would silently misread."""
    allowed = {
        "target": {"military", "police"},
        "claim_cue": {"before", "after"},
        "agent_cue": {"before", "after"},
        "affiliation": {"before", "after"},
    }
    for kind, values in allowed.items():
        for phrase, value in by_kind[kind]:
            if value not in values:
                raise LexiconError(f"actor_forces.csv: {kind} {phrase!r} needs value {values}")
    for kind in ("unnamed", "country", "country_forces"):
        for phrase, value in by_kind[kind]:
            if not value:
                raise LexiconError(f"actor_forces.csv: {kind} {phrase!r} needs a value")


@lru_cache(maxsize=1)
def default_actor_lexicon() -> ActorLexicon:
    """The actor lexicon shipped with sitrep, loaded once; immutable, so sharing it is safe."""
    return load_actor_lexicon()


@dataclass(frozen=True)
class _ArticleContext:
    """The one group the whole article credits, for events whose own sentences name nobody.

    Reports often give the claim of responsibility or the group's name in a later paragraph
    than the toll. Only a sole candidate is used: with two groups claiming or attacking, the
    article gives no way to tell which one an event belongs to.
    """

    claimant: str | None
    attacker: str | None
    unclaimed: bool = False
    """The article says no group has claimed the attack: a group it only suspects, or names
    near the attack, is no perpetrator ("early findings point to the BLA, but no group has
    claimed the attack")."""

    @classmethod
    def of(cls, mentions: list[_Mention], unclaimed: bool = False) -> _ArticleContext:
        claimants = _unique(
            m.name for m in mentions if m.kind == "group" and m.role == "claimant" and m.name
        )
        attackers = _unique(
            m.name
            for m in mentions
            if m.kind == "group" and m.role in ("claimant", "agent") and m.name
        )
        return cls(
            claimant=claimants[0] if len(claimants) == 1 else None,
            attacker=attackers[0] if len(attackers) == 1 else None,
            unclaimed=unclaimed and not claimants,
        )


@dataclass(frozen=True)
class _Mention:
    """An actor named in a sentence: a group, state forces or unnamed attackers.

    ``name`` is the ACLED name for groups and the generic prefix for unnamed attackers; ``iso``
    is the state a force belongs to (a demonym's country, else the event's).
    """

    start: int
    end: int
    kind: MentionKind
    name: str | None
    iso: str | None
    role: Role = "other"


def assign_actors(record: ArticleRecord, lexicon: ActorLexicon | None = None) -> ArticleRecord:
    """Fill ``actor1``, ``actor2`` and ACLED names in ``claimed_by`` for every event.

    Rules, in the order they are tried (``{C}`` is the event's country as ACLED writes it;
    without a country, no generic actor is given and the field stays None):

    * ``claimed_by`` names are mapped through the alias table; unknown names stay as written.
    * Protests: actor1 "Protesters ({C})"; "Protest with intervention" adds actor2 "Police
      Forces of {C}" (military when only soldiers are mentioned), and so does "Excessive force
      against protesters": ACLED's actor1 in a protest is always the protesters
      (``data/export_acled_actor_roles.csv``).
    * Riots: actor1 "Rioters ({C})"; actor2 the police when forces are mentioned for a violent
      demonstration, "Civilians ({C})" for mob violence.
    * Otherwise actor1 is, first to apply: the first ``claimed_by`` name; a named group in the
      event's sentences that claims it, or is the subject of an attack verb, follows "by" after
      one, or is blamed or suspected; for a strike or shelling (by no foreign state) or a battle
      the sentences call a security operation, the country's forces that are the subject of an
      attack verb; the one group that claims responsibility anywhere in the
      article; for an air/drone strike or shelling, another state whose forces or weapons are
      named ("a Russian drone" is "Military Forces of Russia"); state forces that are the
      subject of an attack verb ("Military Forces of {C}" for soldiers, FC, Rangers …, "Police
      Forces of {C}" for police, CTD, Levies …; a demonym names another state); any other named
      group that is not the victim; for a strike or shelling, or a battle the sentences call a
      security operation, the event country's military (police when only police are named);
      for a battle or explosion whose only named group is the victim, the military; arrests
      default to the police, and other strategic developments stay None rather than guess;
      then the one group the article says attacked, when the sentences name no group; else
      an unnamed attacker's generic name ("Unidentified Armed Group ({C})", "Unidentified
      Gang ({C})").
    * Where the article says no group has claimed the attack, a group it only suspects or names
      beside the attack is not taken for the perpetrator.
    * actor2: "Civilians ({C})" for violence against civilians. When the state is actor1, the
      named group it fought, else civilians if civilians died, else the unnamed attackers (a
      battle always gets "Unidentified Armed Group ({C})"). When a group is actor1, the forces
      it attacked (forces that were killed, or a checkpoint, post, base or station that was
      attacked), else another group it attacked, else civilians if civilians died, else (in a
      battle) any forces the sentences mention, else the country's military: a battle has two
      armed sides, and the one a report leaves unnamed when a group attacks is the state's.

    Args:
        record: The extractor's record; it is not modified.
        lexicon: The names and words to use; the shipped lexicon by default.

    Returns:
        A copy of the record whose events carry ACLED actor names.
    """
    lexicon = lexicon or default_actor_lexicon()
    text = record.article.text
    sentences = [(sentence.start, sentence.end) for sentence in split_sentences(text)]
    cache: dict[tuple[int, str | None], list[_Mention]] = {}
    unclaimed = bool(lexicon.unclaimed.spans(text))

    def mentions_in(index: int, iso: str | None) -> list[_Mention]:
        if (index, iso) not in cache:
            start, end = sentences[index]
            cache[index, iso] = _mentions(text, start, end, iso, lexicon)
        return cache[index, iso]

    contexts: dict[str | None, _ArticleContext] = {}

    def context_for(iso: str | None) -> _ArticleContext:
        # The article's actors as read for one country: the same for every event of it.
        if iso not in contexts:
            everywhere = [m for index in range(len(sentences)) for m in mentions_in(index, iso)]
            contexts[iso] = _ArticleContext.of(everywhere, unclaimed)
        return contexts[iso]

    events = []
    ends = [end for _, end in sentences]
    for event in record.events:
        chosen = covered_sentences(
            sentences, ((evidence.start, evidence.end) for evidence in event.evidence), ends
        )
        context = context_for(event.country)
        local = [m for index in chosen for m in mentions_in(index, event.country)]
        sentence_text = " ".join(
            text[sentences[index][0] : sentences[index][1]] for index in chosen
        )
        assigned = _assign(event, local, sentence_text, context, lexicon)
        if (
            context.claimant
            and assigned.actor1 == context.claimant
            and context.claimant not in assigned.claimed_by
            and not assigned.background
        ):
            # The article's one claim of responsibility ("the BLA said its fighters carried out
            # the attacks") names who claimed this event too.
            assigned = assigned.model_copy(
                update={"claimed_by": [*assigned.claimed_by, context.claimant]}
            )
        events.append(assigned)
    return record.model_copy(update={"events": _share_perpetrator(events, lexicon)})


_GENERIC_PREFIXES = (
    "Military Forces",
    "Police Forces",
    "Unidentified",
    "Civilians",
    "Protesters",
    "Rioters",
)


def _named_group(actor: str | None) -> bool:
    return actor is not None and not actor.startswith(_GENERIC_PREFIXES)


def _share_perpetrator(events: list[Event], lexicon: ActorLexicon) -> list[Event]:
    """The places of a campaign were struck by the campaign's perpetrator.

    A town's own sentence often names only the forces that fought back ("security forces
    repelled the attack on Kalat") or no one ("in Odesa, attack drones set fire to a
    warehouse"); the group that claimed or is named for the whole wave, or the foreign state
    that struck it ("Russian missiles and drones"), is still who attacked it. The parent takes
    the group that claimed the wave, and each child whose perpetrator came out as its own
    state's forces or an unnamed group takes the parent's.
    """
    parents = {event.parent for event in events if event.parent}
    shared: dict[str, str] = {}
    result = []
    for event in events:
        if event.id in parents and event.claimed_by and not _named_group(event.actor1):
            event = event.model_copy(
                update={"actor1": event.claimed_by[0], "actor2": event.actor1 or event.actor2}
            )
        if (
            event.id in parents
            and event.actor1
            and (_named_group(event.actor1) or _foreign_state(event.actor1, event.country, lexicon))
        ):
            shared[event.id] = event.actor1
        result.append(event)
    final = []
    for event in result:
        group = shared.get(event.parent or "")
        if group is not None and not _named_group(event.actor1) and group != event.actor1:
            other = event.actor2 if event.actor2 != group else event.actor1
            event = event.model_copy(update={"actor1": group, "actor2": other})
        final.append(event)
    return final


def _foreign_state(name: str, country: str | None, lexicon: ActorLexicon) -> bool:
    """Whether ``name`` is the forces of a state other than the event's own."""
    return _is_state(name) and name not in (lexicon.military(country), lexicon.police(country))


def _assign(
    event: Event,
    mentions: list[_Mention],
    sentence_text: str,
    context: _ArticleContext,
    lexicon: ActorLexicon,
) -> Event:
    """One event's actors from the mentions in its sentences and what the article says."""
    claimed = _unique(lexicon.resolve_name(name, event.country) for name in event.claimed_by)
    actor1, actor2 = _actors(event, claimed, mentions, sentence_text, context, lexicon)
    return event.model_copy(update={"actor1": actor1, "actor2": actor2, "claimed_by": claimed})


def _unique(names: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


def _is_state(name: str | None) -> bool:
    return name is not None and name.startswith(_STATE_PREFIXES)


def _force_name(mention: _Mention, lexicon: ActorLexicon) -> str | None:
    if mention.kind == "police":
        return lexicon.police(mention.iso)
    if mention.kind == "military":
        return lexicon.military(mention.iso)
    if mention.kind == "group":
        return mention.name
    return lexicon.generic(mention.name or _UNIDENTIFIED, mention.iso)


_STATE_INTERVENED = ("Protest with intervention", "Excessive force against protesters")
_REGAINED = "Government regains territory"


def _actors(
    event: Event,
    claimed: list[str],
    mentions: list[_Mention],
    sentence_text: str,
    context: _ArticleContext,
    lexicon: ActorLexicon,
) -> tuple[str | None, str | None]:
    """(actor1, actor2) for one event by the rules of :func:`assign_actors`."""
    iso = event.country
    forces = [mention for mention in mentions if mention.kind in ("military", "police")]
    military_only = bool(forces) and all(mention.kind == "military" for mention in forces)
    state = lexicon.military(iso) if military_only else lexicon.police(iso)
    if event.event_type == "Protests":
        protesters = lexicon.generic("Protesters", iso)
        if event.sub_event_type in _STATE_INTERVENED:
            return protesters, state
        return protesters, None
    if event.event_type == "Riots":
        rioters = lexicon.generic("Rioters", iso)
        if event.sub_event_type == "Mob violence":
            return rioters, lexicon.generic("Civilians", iso)
        return rioters, state if forces else None
    actor1 = _perpetrator(event, claimed, mentions, sentence_text, context, lexicon)
    if event.sub_event_type == _REGAINED and not _is_state(actor1):
        # ACLED: the state regains territory from the group that held it, whoever the
        # sentences make the subject ("the RSF were driven out of the palace by the army").
        return state, actor1
    if event.event_type == "Violence against civilians":
        return actor1, lexicon.generic("Civilians", iso)
    if event.event_type == "Strategic developments":
        groups = [m.name for m in mentions if m.kind == "group" and m.name != actor1]
        return actor1, groups[0] if groups else None
    return actor1, _target(event, actor1, mentions, sentence_text, lexicon)


def _perpetrator(
    event: Event,
    claimed: list[str],
    mentions: list[_Mention],
    sentence_text: str,
    context: _ArticleContext,
    lexicon: ActorLexicon,
) -> str | None:
    """actor1 outside protests and riots: claimant, named agent, state agent, …, unnamed."""
    iso = event.country
    if claimed:
        return claimed[0]
    groups = [m for m in mentions if m.kind == "group"]
    states = [m for m in mentions if m.kind in ("military", "police")]
    for role in ("claimant", "agent"):
        for mention in groups:
            if mention.role == role:
                return mention.name
    strike = event.sub_event_type in lexicon.state_strikes
    foreign = [m for m in states if m.kind == "military" and m.iso != iso]
    operation = event.event_type == "Battles" and bool(lexicon.operations.spans(sentence_text))
    if (strike and not foreign) or operation:
        # "Military jets pounded militant positions", "in the search operation, troops opened
        # fire": the event's own sentences name the state as the attacker, which a group's claim
        # elsewhere in the article (of another attack) does not undo. (Troops who kill the
        # militants who stormed their base are not the attackers: that group's claim stands.)
        for mention in states:
            if mention.role == "agent" and mention.iso == iso:
                return _force_name(mention, lexicon)
    if context.claimant:
        return context.claimant
    if strike and foreign:
        # A strike by another state's forces: reports of Russia's strikes name Ukraine's air
        # defence as the subject of "shot down" and Russia's drones as its object.
        return _force_name(foreign[0], lexicon)
    for mention in states:
        if mention.role == "agent":
            return _force_name(mention, lexicon)
    for mention in groups:
        if mention.role == "other" and not context.unclaimed:
            return mention.name
    if strike or operation:
        police_only = bool(states) and all(m.kind == "police" for m in states)
        return lexicon.police(iso) if police_only else lexicon.military(iso)
    victims = [m for m in groups if m.role == "patient" and not _is_state(m.name)]
    if (
        victims
        and not context.unclaimed
        and event.event_type in ("Battles", "Explosions/Remote violence")
    ):
        return lexicon.military(iso)
    if event.event_type == "Strategic developments":
        if event.sub_event_type == "Arrests":
            return lexicon.police(iso)
        if event.sub_event_type != "Looting/property destruction":
            return None
    unnamed = [m for m in mentions if m.kind == "unnamed"]
    if context.attacker and not context.unclaimed and all(m.kind != "group" for m in mentions):
        return context.attacker
    agents = [m for m in unnamed if m.role == "agent"] or unnamed
    prefix = agents[0].name if agents and agents[0].name else _UNIDENTIFIED
    return lexicon.generic(prefix, iso)


def _target(
    event: Event,
    actor1: str | None,
    mentions: list[_Mention],
    sentence_text: str,
    lexicon: ActorLexicon,
) -> str | None:
    """actor2 for battles and explosions: the side that was attacked."""
    iso = event.country
    civilians = bool(lexicon.civilian_victims.spans(sentence_text))
    battle = event.event_type == "Battles"
    others = [m for m in mentions if _force_name(m, lexicon) not in (None, actor1)]
    groups = [
        m for m in others if m.kind == "group" and not _is_state(m.name) and m.role != "source"
    ]
    if _is_state(actor1):
        ordered = [m for m in groups if m.role == "patient"] + groups
        if ordered:
            return ordered[0].name
        foreign = [m for m in others if _is_state(_force_name(m, lexicon)) and m.role == "patient"]
        if foreign:
            return _force_name(foreign[0], lexicon)
        if civilians and not battle:
            return lexicon.generic("Civilians", iso)
        unnamed = [m for m in others if m.kind == "unnamed"]
        if unnamed or battle:
            return lexicon.generic((unnamed[0].name if unnamed else None) or _UNIDENTIFIED, iso)
        return None
    attacked = [m for m in others if m.role == "patient" and m.kind != "unnamed"]
    states = [m for m in attacked if _is_state(_force_name(m, lexicon))]
    if states or attacked:
        return _force_name((states or attacked)[0], lexicon)
    if civilians and not battle:
        return lexicon.generic("Civilians", iso)
    if battle:
        present = [m for m in others if m.kind in ("military", "police")]
        return _force_name(present[0], lexicon) if present else lexicon.military(iso)
    return None


def _mentions(
    text: str, start: int, end: int, iso: str | None, lexicon: ActorLexicon
) -> list[_Mention]:
    """The actors named in ``text[start:end]`` with the role each plays there."""
    sentence = text[start:end]
    taken: list[tuple[int, int]] = []

    def free(span: _Span) -> bool:
        return all(span.end <= a or span.start >= b for a, b in taken)

    found: list[_Mention] = []
    for span in lexicon.group_spans(sentence, iso):
        found.append(_Mention(span.start, span.end, "group", span.value, None))
        taken.append((span.start, span.end))
    found = _parents_dropped(sentence, _merge_acronyms(sentence, found), lexicon)
    demonyms = [span for span in lexicon.countries.spans(sentence) if free(span)]
    attacks = lexicon.attacks.spans(sentence)
    for span in lexicon.forces.spans(sentence):
        if not free(span):
            continue
        demonym = next(
            (
                d
                for d in reversed(demonyms)
                if d.end <= span.start and _DEMONYM_GAP_RE.fullmatch(sentence, d.end, span.start)
            ),
            None,
        )
        if span.value == "weapon" and demonym is None:
            continue
        kind: MentionKind = "police" if span.value == "police" else "military"
        first = demonym.start if demonym else span.start
        found.append(_Mention(first, span.end, kind, None, demonym.value if demonym else iso))
        taken.append((first, span.end))
    for demonym in demonyms:
        # "Russia launched …": a state named as the subject of an attack verb is its military;
        # one named after a preposition is where it happened ("strikes across the Gaza Strip
        # killed 65").
        if _AFTER_PREPOSITION.search(
            sentence, max(0, demonym.start - _PREPOSITION_REACH), demonym.start
        ):
            continue
        if free(demonym) and any(
            a.start >= demonym.end and not _more_words_than(sentence, demonym.end, a.start, 1)
            for a in attacks
        ):
            found.append(_Mention(demonym.start, demonym.end, "military", None, demonym.value))
            taken.append((demonym.start, demonym.end))
    for span in lexicon.unnamed.spans(sentence):
        if not free(span):
            continue
        before = [m for m in found if m.kind == "group" and m.end <= span.start]
        if before and not _more_words_than(sentence, before[-1].end, span.start, 0):
            # "TTP militants", "al-Shabaab fighters": the word belongs to the group's name.
            group = before[-1]
            found[found.index(group)] = _Mention(group.start, span.end, "group", group.name, None)
            continue
        found.append(_Mention(span.start, span.end, "unnamed", span.value, iso))
    found.sort(key=lambda mention: mention.start)
    free_attacks = [a for a in attacks if all(a.end <= m.start or a.start >= m.end for m in found)]
    cues = _Cues.of(sentence, lexicon)  # once per sentence, not once per actor in it
    return [
        _Mention(
            start + m.start,
            start + m.end,
            m.kind,
            m.name,
            m.iso,
            _role(sentence, m, found, free_attacks, lexicon, cues),
        )
        for m in found
    ]


def _parents_dropped(
    sentence: str, groups: list[_Mention], lexicon: ActorLexicon
) -> list[_Mention]:
    """The groups of a sentence without those it names only as another's parent: in "JNIM,
    al-Qaeda's affiliate in the Sahel, claimed the attack" or "al-Shabaab, which is linked to
    al-Qaeda", al-Qaeda did nothing. A parent named with no other group stays (then it is the
    only name the report gives)."""
    if len({mention.name for mention in groups}) < 2:
        return groups
    cues = lexicon.affiliations.spans(sentence)
    if not cues:
        return groups

    def parent(mention: _Mention) -> bool:
        for cue in cues:
            if cue.value == "before" and 0 <= mention.start - cue.end <= 5:
                return True  # "linked to al-Qaeda", "an affiliate of the Islamic State"
            if cue.value == "after" and 0 <= cue.start - mention.end <= 1:
                return True  # "al-Qaeda-linked", "al-Qaeda's affiliate"
        return False

    return [mention for mention in groups if not parent(mention)]


def _merge_acronyms(sentence: str, groups: list[_Mention]) -> list[_Mention]:
    """Join "Tehreek-e-Jihad Pakistan (TJP)" into one mention, so the acronym is no third party."""
    groups = sorted(groups, key=lambda mention: mention.start)
    merged: list[_Mention] = []
    for mention in groups:
        if merged and merged[-1].name == mention.name:
            # "X (X-acronym)", "the Majeed Brigade of the BLA", "BLA, or Baloch Liberation Army"
            last = merged[-1]
            gap = sentence[last.end : mention.start]
            closing = re.match(r"\s*\)", sentence[mention.end :])
            opening = re.fullmatch(r"\s*\(\s*", gap) and closing
            joined = re.fullmatch(
                r"\s*(?:of(?:\s+the)?(?:\s+[a-z]+)?|,\s*or|/|-)\s*", gap, re.IGNORECASE
            )
            if opening or joined:
                end = mention.end + closing.end() if opening and closing else mention.end
                merged[-1] = _Mention(last.start, end, "group", last.name, None)
                continue
        merged.append(mention)
    return merged


def _more_words_than(text: str, start: int, end: int, limit: int) -> bool:
    """Whether ``text[start:end]`` holds more than ``limit`` words, reading no further than
    the word that makes it so (a far-away cue must not cost the whole sentence each time)."""
    return len(list(islice(_WORD_RE.finditer(text, start, end), limit + 1))) > limit


@dataclass(frozen=True)
class _Cues:
    """The words around actors that tell their role, found once per sentence."""

    cues: list[tuple[Role, _Span]]
    victims: list[_Span]

    @classmethod
    def of(cls, sentence: str, lexicon: ActorLexicon) -> _Cues:
        cues: list[tuple[Role, _Span]] = [("claimant", c) for c in lexicon.claims.spans(sentence)]
        cues += [("agent", cue) for cue in lexicon.cues.spans(sentence)]
        return cls(cues, lexicon.victims.spans(sentence))


_BY_AFTER = re.compile(r"\s+by\b", re.IGNORECASE)


def _role(
    sentence: str,
    mention: _Mention,
    mentions: list[_Mention],
    attacks: list[_Span],
    lexicon: ActorLexicon,
    found: _Cues,
) -> Role:
    """Whether the actor did the attacking, suffered it, or neither, judged by nearby words."""

    def clear(a: int, b: int, limit: int, commas: bool = False) -> bool:
        """True when text[a:b] is a short stretch of one clause with no other actor in it."""
        if a > b or _more_words_than(sentence, a, b, limit):
            return False
        gap = sentence[a:b]
        if lexicon.barriers.spans(gap):
            return False
        if not commas and re.search(r"[,;:()]", gap):
            return False
        return all(m is mention or m.end <= a or m.start >= b for m in mentions)

    if _ACCORDING_TO.search(sentence, max(0, mention.start - _BY_REACH * 2), mention.start):
        # "…, according to media affiliated with the Houthi movement": who told it, neither who
        # did it nor who suffered it, whatever blame or claim words the source's description holds.
        return "source"
    for role, cue in found.cues:
        if cue.value == "after" and cue.end <= mention.start and clear(cue.end, mention.start, 4):
            return role
        if cue.value == "before" and mention.end <= cue.start and clear(mention.end, cue.start, 4):
            return role
    by = _BY_RE.search(sentence, max(0, mention.start - _BY_REACH), mention.start)
    if by and any(a.end <= by.start() and clear(a.end, by.start(), 4) for a in attacks):
        return "agent"
    for victim in found.victims:
        # "three soldiers were martyred", but not "CTD personnel shot dead a suspect".
        acted = any(mention.end <= a.start and a.end <= victim.start for a in attacks)
        if victim.start >= mention.end and not acted and clear(mention.end, victim.start, 3):
            return "patient"
    for attack in attacks:
        # Before the subject test: in "troops killed ten TTP militants who attacked a post" the
        # militants are the troops' victims first.
        if attack.end <= mention.start and clear(attack.end, mention.start, 6, commas=True):
            return "patient"
    for attack in attacks:
        if attack.start < mention.end or not clear(mention.end, attack.start, 5):
            continue
        if lexicon.passives.spans(sentence[mention.end : attack.start]):
            return "patient"
        if _BY_AFTER.match(sentence, attack.end):
            return "patient"
        return "agent"
    return "other"

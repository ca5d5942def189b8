"""Coordinated waves: one event per place under a campaign parent that holds the wave's totals.

Sentence-by-sentence extraction reads "insurgents attacked Quetta, Mastung, Nushki and Kharan"
as one event; ACLED codes one event per place. When an article reports a wave — several places
struck on one day, or a wave word ("coordinated", "simultaneous", "a series of attacks") and at
least two places — the day's events are regrouped: a parent with the figures the article gives
for the whole wave, and a child per place carrying only what the article says about that place.
The article's toll is then the sum over root events, and nothing is counted twice.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sitrep.datafiles import read_table
from sitrep.extract.casualties import Casualty, find_casualties
from sitrep.extract.events import (
    GENERIC_TRIGGER,
    STRONG_TRIGGER,
    lethal_force,
    reconcile_unknown,
    riot,
    sentence_trigger,
    unknown_as_civilians,
)
from sitrep.extract.lexicon import ExtractLexicon, Trigger, default_lexicon, phrase_pattern
from sitrep.extract.numbers import NUMBER_PATTERN, parse_number
from sitrep.extract.statements import find_statements
from sitrep.extract.text import Clauses, Sentence, covered_sentences, split_sentences
from sitrep.geo.gazetteer import Place
from sitrep.geo.resolve import PlaceMention
from sitrep.models import (
    CATEGORIES,
    ArticleRecord,
    Category,
    Event,
    Evidence,
    Fatalities,
    Figure,
    sum_figures,
)

__all__ = ["form_campaigns"]

_MIN_PLACES_WITHOUT_CUE = 3
_PLACE_FEATURES = ("city", "admin2", "admin1")


@dataclass
class _Site:
    """A place of the wave and what the article says about it."""

    place: Place
    precision: int
    evidence: list[Evidence] = field(default_factory=list)
    event_type: str | None = None
    sub_event_type: str | None = None
    own: dict[Category, Figure | None] = field(default_factory=lambda: dict.fromkeys(CATEGORIES))
    struck: bool = False
    """Whether a clause of its own tells of violence there (a strong trigger)."""
    alone: bool = False
    """Whether a sentence that tells of violence (a strong trigger) names no other place of
    the wave: what it tells happened there ("In the port of Odesa, drones set fire to …")."""
    priority: int = 0
    """The priority of the trigger that typed it: a generic one ("raids") says no kind."""
    clauses: list[str] = field(default_factory=list)
    """The clauses that name it, where the article says what happened there."""


def _wave_pattern() -> re.Pattern[str]:
    rows = read_table("extract_wave_cues.csv", required=["cue"])
    return re.compile(
        r"\b(?:" + "|".join(re.escape(row["cue"]) for row in rows) + r")\b", re.IGNORECASE
    )


@lru_cache(maxsize=1)
def _attacks_on_list() -> re.Pattern[str]:
    """The words before a list of places that make one attack per place, ending at the list."""
    rows = read_table("extract_wave_lists.csv", required=["word"])
    words = "|".join(re.escape(row["word"]) for row in rows)
    return re.compile(
        rf"\b(?:{words})\s+(?:on|in|against|across|targeting|at)\s+(?:the\s+)?"
        r"(?:(?:villages?|towns?|areas?|districts?|localities|cities|settlements)\s+of\s+)?$",
        re.IGNORECASE,
    )


_LIST_JOIN = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _attacked_list(sentence: Sentence, inside: Sequence[PlaceMention], text: str) -> bool:
    """Whether the sentence tells of attacks on a list of two or more of its places."""
    ordered = sorted(inside, key=lambda m: m.start)
    for index, first in enumerate(ordered):
        before = text[max(sentence.start, first.start - 80) : first.start]
        if not _attacks_on_list().search(before):
            continue
        listed = {_key(first.place)}
        for previous, mention in zip(ordered[index:], ordered[index + 1 :], strict=False):
            if not _LIST_JOIN.fullmatch(text, previous.end, mention.start):
                break
            listed.add(_key(mention.place))
        if len(listed) >= 2:
            return True
    return False


@lru_cache(maxsize=1)
def _planning() -> re.Pattern[str]:
    rows = read_table("extract_planning_cues.csv", required=["phrase"])
    return re.compile("|".join(phrase_pattern(row["phrase"]) for row in rows), re.IGNORECASE)


def _sites_named(sentence: Sentence, mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """The towns, districts and provinces a sentence names, less a division that holds its
    towns ("in the villages of A and B in Lamu West" names two places, not three).

    ``mentions`` are in text order (as ``article_mentions`` gives them).
    """
    first = bisect_left(mentions, sentence.start, key=lambda m: m.start)
    last = bisect_left(mentions, sentence.end, key=lambda m: m.start)
    inside = [m for m in mentions[first:last] if m.place.feature in _PLACE_FEATURES]
    holds_a_town = _holds_one_of([m.place for m in inside])
    return [m for m in inside if not holds_a_town(m.place)]


def _holds_one_of(places: Sequence[Place]) -> Callable[[Place], bool]:
    """Whether a place is a division that holds one of ``places``: a province holding one of
    its towns or districts; a district whose town knows it as its own, or that holds a village
    the gazetteer lacks, placed at the district the text puts it in ("Kyar Si, a village in
    Pale Township"). Found through the places' divisions and points, not by trying every pair,
    so a long list of places stays linear."""
    towns = [place for place in places if place.feature == "city"]
    districts = {(t.country, t.admin2) for t in towns if t.admin2 is not None}
    points = {(t.country, t.latitude, t.longitude) for t in towns}
    provinces = {(place.country, place.admin1) for place in places if place.feature != "admin1"}

    def holds(division: Place) -> bool:
        if division.feature == "admin1":
            return (division.country, division.admin1) in provinces
        if division.feature != "admin2":
            return False
        if division.admin2 is not None and (division.country, division.admin2) in districts:
            return True
        return (division.country, division.latitude, division.longitude) in points

    return holds


def _deaths_by_site(
    sentence: Sentence, inside: Sequence[PlaceMention], lex: ExtractLexicon
) -> dict[tuple[str, str], dict[Category, Figure | None]]:
    """Deaths a sentence reports for each of its places; aggregates and claims give none.

    With one place, all its dead are there. With several, a figure belongs to a place only when
    the place is named right with it ("killed five civilians at Kazarahoyo and two at Bulongo");
    a figure told of the whole wave ("31 civilians were martyred in the wave, which hit Quetta,
    Mastung …") belongs to none.
    """
    keys = {_key(m.place) for m in inside}
    if not keys:
        return {}
    casualties = [c for c in find_casualties(sentence, lex) if c.kind == "killed"]
    if any(s.kind in ("aggregate", "claim") for s in find_statements(sentence, casualties, lex)):
        return {}
    if len(keys) >= 2 and casualties:
        broken_down = _toll_by_place(sentence, inside, casualties)
        if broken_down:
            return {key: broken_down.get(key, dict.fromkeys(CATEGORIES)) for key in keys}
    owned: dict[tuple[str, str], list[Casualty]] = {key: [] for key in keys}
    for casualty in casualties:
        owner = next(iter(keys)) if len(keys) == 1 else _site_of(casualty, inside, sentence)
        if owner is not None:
            owned[owner].append(casualty)
    return {
        key: {
            category: sum_figures([c.figure for c in found if c.category == category])
            for category in CATEGORIES
        }
        for key, found in owned.items()
    }


_PER_PLACE = re.compile(
    rf"(?:^|[,;:]|\band\b|\s)\s*(?:and\s+)?(?P<count>{NUMBER_PATTERN})"
    r"(?P<how>[^,;:.\d]{0,40}?)\s(?:in|at)\s+(?:[^,;:.\d]{0,40}?)$",
    re.IGNORECASE,
)
"""A count right before the place it is told at: "five were killed in Caracas", "two in the
north-western state of Zulia", "and one in Tachira"."""
_OTHER_HARM = re.compile(r"\b(?:wound|injur|hurt|abduct|kidnap|arrest|detain|missing)", re.I)


def _toll_by_place(
    sentence: Sentence, inside: Sequence[PlaceMention], casualties: Sequence[Casualty]
) -> dict[tuple[str, str], dict[Category, Figure | None]]:
    """A toll the sentence breaks down by place ("Of the 11, five were killed in Caracas, two in
    Zulia and one in Aragua"): each place's count, of the category the sentence's dead are (or
    unknown). Nothing unless two places or more have a count of their own: "eleven died in
    Caracas, Zulia and Aragua" is one toll for the three."""
    categories = {c.category for c in casualties if c.kind == "killed"}
    category: Category = next(iter(categories)) if len(categories) == 1 else "unknown"
    counts: dict[tuple[str, str], int] = {}
    boundary = sentence.start
    for mention in sorted(inside, key=lambda m: m.start):
        window = sentence.text[boundary - sentence.start : mention.start - sentence.start]
        boundary = mention.end
        match = _PER_PLACE.search(window)
        if match is None or _OTHER_HARM.search(match.group("how")):
            continue
        count = parse_number(match.group("count"))
        if count is not None and count > 0:
            key = _key(mention.place)
            counts[key] = counts.get(key, 0) + count
    if len(counts) < 2:
        return {}
    return {
        key: {
            c: Figure(low=count, best=count, high=count) if c == category else None
            for c in CATEGORIES
        }
        for key, count in counts.items()
    }


_NAMED_WITH = re.compile(
    r"\s+(?:at|in|near)\s+(?:the\s+)?(?:(?:village|town|locality)\s+of\s+)?$", re.IGNORECASE
)


def _site_of(
    casualty: Casualty, inside: Sequence[PlaceMention], sentence: Sentence
) -> tuple[str, str] | None:
    ordered = sorted(inside, key=lambda m: m.start)
    for mention, after in zip(ordered, [*ordered[1:], None], strict=True):
        if mention.start >= casualty.end and _NAMED_WITH.fullmatch(
            sentence.text, casualty.end - sentence.start, mention.start - sentence.start
        ):
            if after is not None and _LIST_JOIN.fullmatch(
                sentence.text, mention.end - sentence.start, after.start - sentence.start
            ):
                return None  # "twelve were killed in A, B and C": one toll for the three
            return _key(mention.place)
    return None


def _key(place: Place) -> tuple[str, str]:
    return (place.country, place.name)


def form_campaigns(
    record: ArticleRecord,
    mentions: Sequence[PlaceMention],
    lexicon: ExtractLexicon | None = None,
) -> ArticleRecord:
    """Regroup a wave's events into a campaign parent and one child per place.

    Args:
        record: The placed record (after the geo stage).
        mentions: The article's place mentions (``sitrep.geo.article_mentions``), villages
            the gazetteer lacks included (placed beside their neighbours, precision 2).
        lexicon: For the type of a place's own sentence; the shipped one by default.

    Returns:
        The record unchanged when it reports no wave; otherwise a new record whose main day's
        events are replaced by the campaign.
    """
    lex = lexicon or default_lexicon()
    main = [e for e in record.events if not e.background and e.parent is None]
    if not main:
        return record
    day = main[0].date
    wave = [e for e in main if e.date == day]
    text = record.article.text
    sentences = split_sentences(text)
    bounds = [(s.start, s.end) for s in sentences]
    ends = [end for _, end in bounds]
    sites: dict[tuple[str, str], _Site] = {}
    seen: set[int] = set()
    listed = False
    for event in wave:
        # The sentences that report the event (not the one its place was borrowed from).
        spans = [(e.start, e.end) for e in event.evidence if e.field != "place"]
        for index in covered_sentences(bounds, spans, ends):
            sentence = sentences[index]
            if sentence.start in seen:
                continue
            seen.add(sentence.start)
            inside = _sites_named(sentence, mentions)
            distinct = {_key(m.place) for m in inside}
            listed = listed or (len(distinct) >= 2 and _attacked_list(sentence, inside, text))
            clauses = Clauses(sentence)
            # Each clause's trigger is read once however many places it names, and the
            # sentence's only if a clause has none.
            typed: dict[str, Trigger | None] = {}
            whole: list[Trigger | None] = []
            for mention in inside:
                clause = clauses.around(mention.start)
                if clause not in typed:
                    planned = _planning().search(clause)
                    typed[clause] = None if planned else sentence_trigger(clause, lex)
                own_trigger = typed[clause]
                if own_trigger is None and not whole:
                    whole.append(sentence_trigger(sentence.text, lex))
                trigger = own_trigger or whole[0]
                site = sites.setdefault(
                    _key(mention.place), _Site(mention.place, mention.precision)
                )
                if clause not in site.clauses:
                    site.clauses.append(clause)
                site.struck = site.struck or (
                    own_trigger is not None and own_trigger.priority >= STRONG_TRIGGER
                )
                site.alone = site.alone or (
                    len(distinct) == 1
                    and trigger is not None
                    and trigger.priority >= STRONG_TRIGGER
                )
                if not site.evidence or site.evidence[-1].start != sentence.start:
                    # each sentence is read once, so a repeat can only be the one just added
                    site.evidence.append(
                        Evidence(
                            start=sentence.start,
                            end=sentence.end,
                            text=sentence.text,
                            field="event",
                        )
                    )
                if site.event_type is None and trigger is not None:
                    site.event_type = trigger.event_type
                    site.sub_event_type = trigger.sub_event_type
                    site.priority = trigger.priority
            for key, deaths in _deaths_by_site(sentence, inside, lex).items():
                site = sites[key]
                for category, figure in deaths.items():
                    site.own[category] = _largest([site.own[category], figure])
    # A district whose towns are places of the wave is where they are, not a place of its own.
    holds_a_town = _holds_one_of([site.place for site in sites.values()])
    sites = {
        key: site
        for key, site in sites.items()
        if not holds_a_town(site.place)
        # A province is a place of the wave only with dead of its own ("two in the state of
        # Zulia"); named otherwise, it is where the towns are or the wave's region.
        and (site.place.feature != "admin1" or any(site.own.values()))
    }
    cue = listed or _wave_pattern().search(text) is not None
    # Without a wave word, places count only where the article tells of violence there, in a
    # clause of their own or with their own dead: three towns named in the telling of one attack
    # (where the bomber came from, where the vest was collected) are not a wave.
    struck = [site for site in sites.values() if site.struck or any(site.own.values())]
    # Two places struck in clauses or sentences of their own, each with its own dead ("a missile
    # killed seven in Dnipro … in Odesa, drones killed two"), are two incidents however the
    # article tells them; a place where bodies were found or taken is not one.
    killed_at = [
        site for site in sites.values() if (site.struck or site.alone) and any(site.own.values())
    ]
    # With a wave word, one place is enough when the day has another event too ("a dozen
    # coordinated assaults … two police officers died in a grenade attack in Quetta"): the place
    # is a child of the wave, and its dead are counted once, in the wave's totals.
    enough = len(sites) >= 2 or (cue and len(sites) == 1 and len(wave) >= 2)
    if not enough or (not cue and len(struck) < _MIN_PLACES_WITHOUT_CUE and len(killed_at) < 2):
        return record
    parent = _parent(wave, sites)
    children = [_child(index, site, parent, lex) for index, site in enumerate(sites.values(), 2)]
    others = [e for e in record.events if e not in wave]
    renumbered = _renumber([parent, *children, *others])
    return record.model_copy(update={"events": renumbered})


def _parent(wave: Sequence[Event], sites: dict[tuple[str, str], _Site]) -> Event:
    """The campaign: the wave's own figures, or the sum of its places' where that is larger."""
    first = wave[0]
    # Each place's dead counted as the wave's events count theirs (people killed in an attack
    # are civilians), so that the sum and the wave's own figures speak of the same people.
    places = [_counted(first.event_type, site.own) for site in sites.values()]
    totals: dict[Category, Figure | None] = {}
    for category in CATEGORIES:
        own = _largest([getattr(e.fatalities, category) for e in wave])
        summed = sum_figures([place.get(category) for place in places])
        totals[category] = summed if own is None or (summed and summed.best > own.best) else own
    totals = reconcile_unknown(totals)  # "seven people" at one site, "seven labourers" at another
    countries = {site.place.country for site in sites.values()}
    provinces = {site.place.admin1 for site in sites.values()}
    province = next(iter(provinces)) if len(provinces) == 1 else None
    fatalities = Fatalities(**totals)
    return first.model_copy(
        update={
            "id": "campaign",
            "parent": None,
            "fatalities": fatalities,
            "fatalities_total": fatalities.total(),
            "injured": _largest([e.injured for e in wave]),
            "abducted": _largest([e.abducted for e in wave]),
            "claimed_by": list(dict.fromkeys(c for e in wave for c in e.claimed_by)),
            "evidence": [ev for e in wave for ev in e.evidence],
            "country": next(iter(countries)) if len(countries) == 1 else first.country,
            "admin1": province,
            "admin2": None,
            "location": province,
            "latitude": None,
            "longitude": None,
            "geo_precision": 3,
        }
    )


def _largest(figures: Sequence[Figure | None]) -> Figure | None:
    present = [f for f in figures if f is not None]
    return max(present, key=lambda f: f.best) if present else None


def _wave_type(parent: Event) -> tuple[str, str]:
    """The type of a place the article says nothing particular about.

    A wave in which security forces or militants died was fought: ACLED codes its attacks on
    towns as armed clashes, unless a town's own sentence says otherwise (a bombing, a massacre),
    and one town's suicide bombing says nothing of the next town.
    """
    fought = parent.fatalities.security_forces or parent.fatalities.militants
    if fought:
        return "Battles", "Armed clash"
    return parent.event_type, parent.sub_event_type


def _counted(event_type: str, own: dict[Category, Figure | None]) -> dict[Category, Figure | None]:
    """A place's dead as an event of ``event_type`` counts them: an unknown total that counts
    named victims too ("six people were killed … six demonstrators") reconciled with them, then
    the people an attack killed as civilians."""
    return unknown_as_civilians(event_type, reconcile_unknown(dict(own)))


def _child(index: int, site: _Site, parent: Event, lex: ExtractLexicon) -> Event:
    event_type, sub_event_type = _wave_type(parent)
    # "raids on A and B" says violence happened at B, not its kind: the wave's type stands.
    if (
        site.event_type is not None
        and site.sub_event_type is not None
        and site.priority > GENERIC_TRIGGER
    ):
        event_type, sub_event_type = site.event_type, site.sub_event_type
    rioted = riot(event_type, sub_event_type, " ".join(site.clauses), lex)
    if rioted is not None:
        # "clashes broke out between protesters and the police" in Vrbas: a riot there, and
        # only there ("marched in Cusco, while in Juliaca they hurled stones").
        event_type, sub_event_type = "Riots", rioted
    sub_event_type = lethal_force(event_type, sub_event_type, site.own)
    fatalities = Fatalities(**_counted(event_type, site.own))
    return parent.model_copy(
        update={
            "id": f"place{index}",
            "parent": "campaign",
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "fatalities": fatalities,
            "fatalities_total": fatalities.total(),
            "injured": None,
            "abducted": None,
            "evidence": site.evidence,
            "country": site.place.country,
            "admin1": site.place.admin1,
            "admin2": site.place.admin2,
            "location": site.place.name,
            "latitude": site.place.latitude,
            "longitude": site.place.longitude,
            "geo_precision": site.precision,
        }
    )


def _renumber(events: Sequence[Event]) -> list[Event]:
    names = {event.id: f"e{number}" for number, event in enumerate(events, start=1)}
    return [
        event.model_copy(update={"id": names[event.id], "parent": names.get(event.parent or "")})
        for event in events
    ]

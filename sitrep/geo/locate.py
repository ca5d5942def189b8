"""The geo stage: give each event of an article a country, divisions, location and coordinates."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from sitrep.geo.attach import Candidate, PlaceContext, place_candidates
from sitrep.geo.build import load_gazetteer
from sitrep.geo.gazetteer import Gazetteer, Place, fold_name
from sitrep.geo.resolve import (
    MentionCues,
    PlaceMention,
    clearly_places,
    count_countries,
    find_place_mentions,
    is_acronym,
    load_mention_cues,
    resolve_place,
    sentence_spans,
    stated_names,
)
from sitrep.geo.split import SPLIT_YES, other_places, split_features
from sitrep.models import ArticleRecord, Event, Evidence, Fatalities

if TYPE_CHECKING:
    from sitrep.learn.linear import LinearModel

__all__ = [
    "EVENT_PLACE_MODEL",
    "NAMED_AS_DIVISION",
    "PLACE_YES",
    "article_country",
    "article_mentions",
    "event_spans",
    "geolocate",
    "headline_place",
    "locate_event",
    "place_beside",
    "place_context",
    "with_place",
]

EVENT_PLACE_MODEL = "event_place"
"""The packaged model that chooses each event's place (``sitrep/data/models/event_place.json``)."""
PLACE_YES = "here"
"""The place model's class for "the event happened here" (the other is "elsewhere")."""


_PLACE_VOTE = 1.5
"""A place named in the text outweighs a country named or implied by a demonym ("a Russian drone
struck Odesa" happened in Ukraine); the vote is shared by the countries that have a place of that
name, in proportion to their population."""
_SMALL_PLACE = 2000
"""The population a place without one counts as, so that villages still vote."""


def article_country(
    text: str,
    gazetteer: Gazetteer,
    dateline_country: str | None = None,
    dateline_place: str | None = None,
) -> str | None:
    """The country an article is about, used to choose between places of the same name.

    The dateline's country wins (given as an alpha-2 code or a name); then the country named or
    implied by a demonym most often in the text, with the places it names as further votes (the
    first named on a tie); then the country of the dateline's place.
    """
    if dateline_country:
        code = dateline_country.strip()
        if gazetteer.is_country_code(code):
            return code
        named = gazetteer.country_by_name(code)
        if named is not None:
            return named
    counts: dict[str, float] = {
        code: float(n) for code, n in count_countries(text, gazetteer).items()
    }
    # Places vote too: a place whose name only one country has is a strong hint, an ambiguous
    # one a weak one. This settles ties ("a Russian drone hit Kharkiv") and articles that name
    # no country at all.
    names = {
        m.name: m for m in find_place_mentions(text, gazetteer) if m.place.feature != "country"
    }
    stated = stated_names(text, gazetteer)
    for mention in names.values():  # each name votes once, however often it is repeated
        if mention.start in stated:
            # "Boni (Douentza, Mopti)": the text says where, and the name's other countries
            # have no say.
            counts[mention.place.country] = counts.get(mention.place.country, 0.0) + _PLACE_VOTE
            continue
        weights: dict[str, float] = {}
        for candidate in gazetteer.lookup(mention.name):
            # Places of the kind the context asks for weigh by population ("on Beni" is a town,
            # "Soum province" a division); the others count as small places.
            same_kind = candidate.feature == mention.place.feature
            people = candidate.population or 0 if same_kind else 0
            weights[candidate.country] = max(
                weights.get(candidate.country, 0.0), float(people + _SMALL_PLACE)
            )
        total = sum(weights.values())
        for code, weight in weights.items():
            counts[code] = counts.get(code, 0.0) + _PLACE_VOTE * weight / total
    if counts:
        return max(counts, key=lambda code: counts[code])  # the first named wins a tie
    if dateline_place:
        place = resolve_place(dateline_place, gazetteer)
        if place is not None:
            return place.country
    return None


def article_mentions(
    text: str,
    gazetteer: Gazetteer,
    dateline_country: str | None = None,
    dateline_place: str | None = None,
    unknown: list[tuple[str, int, int]] | None = None,
) -> tuple[str | None, list[PlaceMention]]:
    """The article's country and the places it names, as every event of it is placed.

    A town or district in a country that is neither the article's nor named in the text is
    dropped: it is a local name the gazetteer lacks, or a person's, and must not become a
    confident pin abroad ("Lido" beach in Mogadishu is not Lido in Indonesia). A province named
    as one ("Niger State") stands; a bare region name ("across the Sahel") does not.

    A name the gazetteer lacks that the text clearly gives as a place
    (:func:`~sitrep.geo.resolve.clearly_places`: "the villages of Nyaung Kone and Kyarsi") is a
    mention too, under its own name, placed beside the nearest place the text names (see
    :func:`place_beside`) at precision 2 (3 beside a province): an event there is findable by
    its village's name without a pin that pretends to know where the village is. ``unknown``,
    if given, receives those names as ``(name, start, end)``.
    """
    country = article_country(text, gazetteer, dateline_country, dateline_place)
    found: list[tuple[str, int, int]] = []
    mentions = find_place_mentions(text, gazetteer, country=country, unknown=found)
    if country is not None:
        named = {country, *count_countries(text, gazetteer)}
        kept = [
            m
            for m in mentions
            if m.place.country in named
            or (m.place.feature == "admin1" and NAMED_AS_DIVISION.match(text, m.end))
        ]
        # A name known only abroad ("Kisima village" in Congo, not Kisima in Kenya) is a place
        # the gazetteer lacks here: it may still be placed beside its neighbours.
        abroad = [(m.name, m.start, m.end) for m in mentions if m not in kept]
        # A name the gazetteer lacks as written may be a transliteration of a place here
        # ("Khan Younis", Khan Yunis): that place, if a spelling of it is in a named country.
        respelled = [_respelled(item, gazetteer, country, named) for item in found]
        found = [item for item, m in zip(found, respelled, strict=True) if m is None]
        found = sorted([*found, *abroad], key=lambda item: item[1])
        mentions = sorted([*kept, *(m for m in respelled if m is not None)], key=lambda m: m.start)
    unplaced = clearly_places(text, mentions, found)
    if unknown is not None:
        unknown.extend(unplaced)
    cues = load_mention_cues()
    sentences = sentence_spans(text) if unplaced else []
    beside = [
        _beside(name, (start, end), text, mentions, cues, sentences)
        for name, start, end in unplaced
    ]
    mentions = sorted([*mentions, *(m for m in beside if m is not None)], key=lambda m: m.start)
    return country, mentions


_RESPELLED_FEATURES = frozenset({"city", "admin1"})
_RESPELLED_POPULATION = 20_000
"""The least a town read through a spelling of its name must hold: the names written many
ways are those of towns in the news; a village the gazetteer lacks is more often itself than a
namesake spelled alike ("Nyaung Kone" is not Nyaung Gon), and is placed beside its neighbours."""
_RESPELLED_WORDS = 3
"""The most words of a name read through its spellings: longer runs are titles or groups."""


def _respelled(
    item: tuple[str, int, int], gazetteer: Gazetteer, country: str, named: set[str]
) -> PlaceMention | None:
    """The place a name in place context means when the gazetteer has it only spelled
    otherwise (:meth:`~sitrep.geo.gazetteer.Gazetteer.similar_names`: a transliteration or a
    slip), kept only in the article's country or one the text names: a spelling alike abroad
    is more often another word than the place ("in Hamas" is not Hama)."""
    name, start, end = item
    if len(name.split()) > _RESPELLED_WORDS or is_acronym(name):
        return None
    for other, _similarity in gazetteer.similar_names(name):
        places = [
            p
            for p in gazetteer.lookup(other)
            if p.feature in _RESPELLED_FEATURES
            and p.country in named
            and (p.feature != "city" or (p.population or 0) >= _RESPELLED_POPULATION)
        ]
        if places:
            # A bare name is the town before the province named for it (as resolve_place).
            place = min(places, key=lambda p: (p.country != country, p.feature != "city"))
            return PlaceMention(name, start, end, place, 1 if place.feature == "city" else 3)
    return None


NAMED_AS_DIVISION = re.compile(
    r"\s+(?:state|province|region|governorate|oblast|department|county|prefecture)\b", re.I
)
"""After a province abroad: "Niger State" is named as one; a bare "across the Sahel" is the
wider region, not Burkina Faso's Sahel province."""


def _beside(
    name: str,
    span: tuple[int, int],
    text: str,
    mentions: list[PlaceMention],
    cues: MentionCues,
    sentences: list[tuple[int, int]],
) -> PlaceMention | None:
    """An unknown place named at ``start``, at the place beside it.

    One called a district, township or the like ("Pale Township") is a division, not a village:
    a village named in it is the more precise place of an event told in both.
    """
    start, end = span
    beside = place_beside(name, text, mentions, start, sentences)
    if beside is None or beside.place.feature == "country":
        return None
    word = re.match(r"\s+([A-Za-z]+)", text[end : end + 30])
    division = word is not None and cues.after.get(word.group(1).lower()) == "district"
    place = replace(beside.place, name=name, feature="admin2" if division else "city")
    # Beside a province only the province is known: its centroid, at precision 3.
    return PlaceMention(name, start, end, place, 3 if beside.place.feature == "admin1" else 2)


def place_beside(
    name: str,
    text: str,
    mentions: list[PlaceMention],
    at: int | None = None,
    sentences: list[tuple[int, int]] | None = None,
) -> PlaceMention | None:
    """Where to put a place the gazetteer lacks: the place the text names beside it.

    "Balincha in Kech district" goes to Kech, and "Balincha, Tump and Kharan" to Tump: the
    nearest place named in the same sentence, else the nearest named before it, else after it.
    Within each, a place that knows its district beats a province. The result is at most
    precision 2 (near a known place, or part of a district), never a confident pin of its own.
    ``at`` is where the name is named, when the caller knows (else its first occurrence);
    ``sentences``, the text's sentence spans when the caller has them.
    """
    at = text.find(name) if at is None else at
    candidates = [m for m in mentions if m.place.feature != "country"]
    if at < 0 or not candidates:
        return None
    spans = sentences if sentences is not None else sentence_spans(text)
    sentence = next((s for s in spans if s[0] <= at < s[1]), None)
    beside = [m for m in candidates if sentence and sentence[0] <= m.start < sentence[1]]
    before = [m for m in candidates if m.start < at]
    after = [m for m in candidates if m.start > at]
    named = Counter(m.place.admin2 for m in candidates if m.place.admin2)
    for group in (beside, before, after):
        if group:
            # A district or town (which knows its district) says more than a province; away
            # from the name's own sentence, the district the article keeps naming beats one it
            # passes through ("… reached Thall in Hangu district" in a report about Kurram).
            chosen = min(
                group,
                key=lambda m: (
                    m.place.admin2 is None,
                    0 if group is beside else -named[m.place.admin2 or ""],
                    abs(m.start - at),
                ),
            )
            if chosen.place.admin2 is None:
                # Only its province is named beside it: a district of that province named
                # elsewhere in the article ("Beni territory … Kilya, North Kivu") says more.
                inside = [
                    m
                    for m in (*before, *after)
                    if m.place.admin2 is not None
                    and m.place.country == chosen.place.country
                    and m.place.admin1 == chosen.place.admin1
                ]
                if inside:
                    chosen = min(inside, key=lambda m: abs(m.start - at))
            return replace(chosen, precision=max(chosen.precision, 2))
    return None


def geolocate(
    record: ArticleRecord,
    gazetteer: Gazetteer | None = None,
    dateline_place: str | None = None,
    dateline_country: str | None = None,
    mentions: tuple[str | None, list[PlaceMention]] | None = None,
    model: LinearModel | None = None,
    split: LinearModel | None = None,
) -> ArticleRecord:
    """A copy of ``record`` whose events carry their place.

    Every place the article offers an event (:func:`~sitrep.geo.attach.place_candidates`: the
    places named near its sentences, the headline's town, the dateline's place, the country) is
    scored by ``model``, the place model ``sitrep train`` fitted, and the best is taken. Without
    a model the rules' order decides: the most precise place named in the sentences its evidence
    spans; else the nearest place named earlier in the article (the first place of the article
    for an event without evidence); else the town the headline names and the story repeats
    (:func:`headline_place`, precision 2); else the dateline's place, at precision 3 since a
    dateline says where the report was filed, not where the event was; else the article's country
    alone, at precision 3 and without coordinates. The span of the place mention used is added to
    the event's evidence with field "place".

    Events that already have a location or a geo-precision are left as they are, so that running
    the stage twice changes nothing and a place set by an earlier stage is kept.

    Args:
        record: The article and its extracted events.
        gazetteer: Where names are looked up; the packaged gazetteer by default.
        dateline_place: The dateline's city ("QUETTA, Pakistan —" gives "Quetta"), if any.
        dateline_country: The dateline's country, as an alpha-2 code or a name, if any.
        mentions: The article's country and place mentions when the caller has them already
            (from :func:`~sitrep.geo.toponyms.placed_mentions`), so they are not found twice.
        model: The learned place model; None keeps the rules' order.
        split: The learned split model (:mod:`sitrep.geo.split`): an event it says also
            happened at another place of its own sentences is copied there, without figures.
            None (or no place model) keeps one place per event.

    Returns:
        A new record; ``record`` is not changed.
    """
    context = place_context(record, gazetteer, dateline_place, dateline_country, mentions)
    split = split if model is not None else None
    events = [
        located
        for event in record.events
        for located in _at_every_place(*locate_event(event, context, model), context, split)
    ]
    return record.model_copy(update={"events": events})


def place_context(
    record: ArticleRecord,
    gazetteer: Gazetteer | None = None,
    dateline_place: str | None = None,
    dateline_country: str | None = None,
    mentions: tuple[str | None, list[PlaceMention]] | None = None,
) -> PlaceContext:
    """What the places stage knows of an article before it places any of its events."""
    from sitrep.geo.toponyms import placed_mentions  # it builds on this module

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    text = record.article.text
    country, found = mentions or placed_mentions(text, gaz, dateline_country, dateline_place)
    dateline = _dateline_place(dateline_place, gaz, country)
    if dateline is not None and country is not None and dateline.country != country:
        dateline = None  # filed from Bangkok about Myanmar: the dateline places nothing
    return PlaceContext(
        text=text,
        title=record.article.title,
        mentions=found,
        sentences=sentence_spans(text),
        headline=headline_place(record.article.title, text, gaz, country),
        dateline=dateline,
        country=gaz.country(country) if country is not None else None,
    )


def event_spans(event: Event, text: str) -> list[tuple[int, int]]:
    """The spans of the text that report ``event`` (not a place borrowed for it)."""
    return [
        (min(e.start, len(text)), min(e.end, len(text)))
        for e in event.evidence
        if e.field != "place"
    ]


def locate_event(
    event: Event, context: PlaceContext, model: LinearModel | None
) -> tuple[Event, Candidate | None, list[Candidate]]:
    """The event at its place, the candidate it was placed at and every candidate it had.

    The candidate is None when the event kept a place set before or has none to take.
    """
    if event.location is not None or event.geo_precision is not None:
        return event, None, []
    candidates = place_candidates(event_spans(event, context.text), context)
    if not candidates:
        return event, None, candidates
    if model is None or event.background:
        # An incident recalled as context is one the annotations need not place (finding it
        # is neither required nor penalised), so the model never learned where such events
        # are: the rules' order places them.
        chosen = next((c for c in candidates if c.proposed), None)
        if chosen is None:
            return event, None, candidates
    else:
        chosen = max(candidates, key=lambda c: model.probabilities(c.features)[PLACE_YES])
    return with_place(event, chosen.place, chosen.precision, chosen.evidence), chosen, candidates


def _at_every_place(
    event: Event,
    chosen: Candidate | None,
    candidates: list[Candidate],
    context: PlaceContext,
    split: LinearModel | None,
) -> list[Event]:
    if split is None or chosen is None or event.background:
        return [event]
    events = [event]
    for candidate in other_places(candidates, chosen):
        features = split_features(candidate, chosen, event, context, candidates)
        if split.probabilities(features)[SPLIT_YES] > 0.5:
            events.append(_also_at(event, candidate, len(events)))
    return events


def _also_at(event: Event, candidate: Candidate, index: int) -> Event:
    """A copy of a placed event at another place, without the first place's figures (the
    sentence's deaths are counted once, where the event was placed first)."""
    told = [item for item in event.evidence if item.field != "place"]
    copy = with_place(
        event.model_copy(update={"evidence": told}),
        candidate.place,
        candidate.precision,
        candidate.evidence,
    )
    return copy.model_copy(
        update={
            "id": f"{event.id}.{index}",
            "fatalities": Fatalities(),
            "fatalities_total": None,
            "injured": None,
            "abducted": None,
        }
    )


_HEADLINE_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|al|el|de|da))*")


def headline_place(
    title: str | None, text: str, gazetteer: Gazetteer, country: str | None
) -> Place | None:
    """The place a headline names ("Turbat sit-in enters fifth day"), if the story names it too.

    Headlines drop the words that put a name in place context, so any gazetteer name there
    counts, provided the story repeats it and it lies in the article's country: for an event the
    story places nowhere, that is a better guess than the dateline, which says where the report
    was filed.
    """
    if not title or country is None:
        return None
    stopwords = load_mention_cues().stopwords
    for run in _HEADLINE_NAME.finditer(title):
        words = run.group().split()
        for size in range(min(len(words), 4), 0, -1):
            for first in range(len(words) - size + 1):
                name = " ".join(words[first : first + size])
                name = re.sub(r"['’]s$", "", name)
                if fold_name(name) in stopwords or not re.search(rf"\b{re.escape(name)}\b", text):
                    continue
                place = resolve_place(name, gazetteer, country)
                if place is not None and place.country == country and place.feature != "country":
                    return place
    return None


def _dateline_place(name: str | None, gazetteer: Gazetteer, country: str | None) -> Place | None:
    if not name or not name.strip():
        return None
    return resolve_place(name.strip().title(), gazetteer, country)


def with_place(
    event: Event, place: Place, precision: Literal[1, 2, 3], evidence: Evidence | None
) -> Event:
    update: dict[str, object] = {
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.name if place.feature != "country" else None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": precision,
    }
    if evidence is not None:
        update["evidence"] = [*event.evidence, evidence]
    return event.model_copy(update=update)

"""Which place a name at known offsets means: every reading of it scored by a learned ranker.

The rules of :mod:`sitrep.geo.resolve` choose among a name's readings by a fixed order (the
article's country first, then a country, a town, a division, then population). That order is
right for a report about one country and wrong wherever a report ranges wider: a US paper's
"Egypt" is the country, not Egypt, Pennsylvania; "Paris, Texas" is not in France; "Georgia" is
the state in a story set in Atlanta and the country in one set in Tbilisi. Here each reading is
described by features (its kind and population, whether its country is the article's or is
named, whether the text names its province or writes it after the name, how far it lies from
the article's other places, how many of the article's other names have a reading near it,
whether the rules chose it) and the reading with the highest probability of being right wins.
The weights are learned by ``sitrep train --toponyms`` from a geoparsing corpus (LGL) and
written to ``data/models/place_name.json``; without that file the rules' reading stands.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.extract.text import split_dateline
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import FEATURES, Gazetteer, Place, fold_name
from sitrep.geo.locate import NAMED_AS_DIVISION, article_mentions
from sitrep.geo.resolve import (
    PlaceMention,
    count_countries,
    load_mention_cues,
    resolve_place,
    stated_division,
)
from sitrep.learn.linear import LinearModel, load_model
from sitrep.models import Article, ArticlePlaces, PlaceName

__all__ = [
    "PLACE_NAME_MODEL",
    "RIGHT",
    "NameContext",
    "Reading",
    "article_places",
    "choose_jointly",
    "find_places",
    "name_context",
    "name_features",
    "place_name",
    "placed_mentions",
    "readings",
    "resolve_names",
]

PLACE_NAME_MODEL = "place_name"
"""The packaged ranker of a name's readings (``sitrep/data/models/place_name.json``)."""
RIGHT = "right"
"""The ranker's class for "this reading is the place meant" (the other is "wrong")."""

_QUALIFIER = re.compile(r"\s*,\s*((?:[A-Z][\w.'’-]*\.?)(?:\s+[A-Z][\w.'’-]*\.?){0,2})")
"""The words after a name and a comma: "Alexandria, Va.", "Quetta, Balochistan"."""
_PRECEDED = re.compile(r"((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2})\s*,\s*$")
"""A name and a comma just before this one: this name may be the other's province or country."""
_CALLED_DIVISION = re.compile(
    r"\s+(?:state|province|governorate|oblast|prefecture|county)\b(?!\s+(?:University|College))",
    re.I,
)
"""A division word after a name: "Niger State" is the Nigerian state, not the country. Not
"region" or "department" ("the Charlotte region" is the city's), nor a university's name."""
_NEAR_KM = (50.0, 200.0, 1000.0)
RESPELLED_LEAST = 0.5
"""The ranker's least probability for a reading reached only by a similar spelling."""
_NEIGHBOURS = 25
"""The other places a name is read beside: this many on either side in the text, so that a long
report costs time in proportion to its length (LGL's articles name 8 places on average)."""
_AREA_KM = 161.0
"""Two readings this close are one area: the rules' choice of town or division stands."""
_PRECISION: dict[str, Literal[1, 2, 3]] = {"city": 1, "admin2": 2, "admin1": 3, "country": 3}


@dataclass(frozen=True, slots=True)
class Reading:
    """One gazetteer entry a name may mean, and how the name reached it."""

    place: Place
    variant: bool
    """Reached through another way of writing the name ("St." for "Saint", "County" dropped)."""
    similarity: float = 1.0
    """Below 1 for a name spelled otherwise ("Jableh" for Jablah): how alike the two are."""
    demonym: bool = False
    """A country reached through its people's name or a short form ("Somali", "Canadians")."""


@dataclass(frozen=True)
class NameContext:
    """What the article says around its names, worked out once per article."""

    text: str
    country: str | None
    dateline_country: str | None
    named_countries: Counter[str]
    mentions: list[PlaceMention]
    """The places the rules find in the text (:func:`~sitrep.geo.locate.article_mentions`), in
    text order and never overlapping."""
    names: frozenset[str] = frozenset()
    """Every run of up to four words starting with a capital, folded: the names the text gives
    (so that "the text names its province" is one set lookup, not a search of the text)."""
    starts: tuple[int, ...] = ()
    """Where each mention starts, for finding the mentions near an offset without a scan."""
    cells: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    """For each cell of a degree, the (folded) names of the article that have a reading there."""

    def names_near(self, place: Place, own: str) -> int:
        """How many other names of the article have a reading within about a degree of
        ``place`` (its cell and the eight around it): the places an article names lie near
        one another, so a reading beside the other names' readings is likely the one meant."""
        if place.latitude is None or place.longitude is None:
            return 0
        row, column = _cell(place.latitude, place.longitude)
        near: set[str] = set()
        for r in (row - 1, row, row + 1):
            for c in (column - 1, column, column + 1):
                near |= self.cells.get((r, c), frozenset())
        near.discard(own)
        return len(near)

    def mention_at(self, start: int, end: int) -> PlaceMention | None:
        """The rules' mention overlapping ``start:end``, if any."""
        index = bisect_left(self.starts, end) - 1
        if index >= 0 and self.mentions[index].end > start:
            return self.mentions[index]
        return None

    def mentions_near(self, start: int, end: int) -> list[PlaceMention]:
        """The ``_NEIGHBOURS`` mentions on either side of ``start:end`` (not overlapping it)."""
        before = bisect_left(self.starts, start)
        after = bisect_left(self.starts, end)
        return [
            m
            for m in (
                *self.mentions[max(0, before - _NEIGHBOURS) : before],
                *self.mentions[after : after + _NEIGHBOURS],
            )
            if m.end <= start or m.start >= end
        ]


def name_context(
    text: str,
    gazetteer: Gazetteer,
    dateline_country: str | None = None,
    dateline_place: str | None = None,
    spans: Sequence[tuple[int, int]] = (),
) -> NameContext:
    """The context of an article's names; the dateline is read from the text if not given.

    ``spans`` are the names to be resolved (besides those the rules find), whose readings
    count among the places the article may name.
    """
    if dateline_country is None and dateline_place is None:
        dateline = split_dateline(text)
        if dateline is not None:
            dateline_country, dateline_place = dateline.country, dateline.city
    country, mentions = article_mentions(text, gazetteer, dateline_country, dateline_place)
    code = None
    if dateline_country:
        code = (
            dateline_country
            if gazetteer.is_country_code(dateline_country)
            else gazetteer.country_by_name(dateline_country)
        )
    names = {fold_name(m.name) for m in mentions}
    names |= {fold_name(text[start:end]) for start, end in spans}
    capitalised = _capitalised_names(text)
    return NameContext(
        text,
        country,
        code,
        count_countries(text, gazetteer),
        mentions,
        capitalised,
        tuple(m.start for m in mentions),
        _reading_cells(names, capitalised, gazetteer),
    )


_CELL_DEGREES = 1.0
_CELL_READINGS = 20
"""The readings of a name put on the map: the most populous, so that "Springfield" costs no more
than twenty."""


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / _CELL_DEGREES), math.floor(longitude / _CELL_DEGREES)


def _reading_cells(
    names: set[str], capitalised: frozenset[str], gazetteer: Gazetteer
) -> dict[tuple[int, int], frozenset[str]]:
    cells: dict[tuple[int, int], set[str]] = {}
    places = {name: [r.place for r in readings(name, gazetteer)] for name in names}
    for name in capitalised - names:  # "Guanajuato prosecutors": a name not in place context
        places[name] = gazetteer.lookup(name)
    for name, found in places.items():
        for place in found[:_CELL_READINGS]:
            if place.latitude is None or place.longitude is None or place.feature == "country":
                continue
            cells.setdefault(_cell(place.latitude, place.longitude), set()).add(name)
    return {cell: frozenset(found) for cell, found in cells.items()}


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_NAME_WORDS = 4


def _capitalised_names(text: str) -> frozenset[str]:
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    names: set[str] = set()
    for index, (word, _, _) in enumerate(words):
        if not word[0].isupper():
            continue
        run = [word]
        names.add(fold_name(word))
        for following, start, _ in words[index + 1 : index + _NAME_WORDS]:
            if text[words[index + len(run) - 1][2] : start].strip():
                break  # a comma or a full stop ends the name
            run.append(following)
            names.add(fold_name(" ".join(run)))
    return frozenset(names)


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str, str, frozenset[str]], ...]:
    rows = read_table(
        "geo_name_variants.csv", required=["written", "position"], optional=["means", "kinds"]
    )
    variants = []
    for row in rows:
        if row["position"] not in ("prefix", "suffix"):
            raise LexiconError(
                f"geo_name_variants.csv: position of {row['written']!r} must be prefix or suffix"
            )
        kinds = frozenset(kind for kind in row.get("kinds", "").split("|") if kind)
        if not kinds <= set(FEATURES):
            raise LexiconError(
                f"geo_name_variants.csv: kinds of {row['written']!r} must be among {FEATURES}"
            )
        variants.append((row["written"], row["means"], row["position"], kinds))
    return tuple(variants)


def _written_otherwise(name: str) -> list[tuple[str, frozenset[str]]]:
    """Other ways of writing ``name``, each with the kinds of place it admits (empty: any)."""
    words = name.split()
    other = []
    for written, means, position, kinds in _variants():
        if len(words) < 2:
            break
        if position == "prefix" and words[0].lower() == written.lower():
            rest = words[1:]
            other.append((" ".join([means, *rest]) if means else " ".join(rest), kinds))
        elif position == "suffix" and words[-1].lower() == written.lower():
            rest = words[:-1]
            other.append((" ".join([*rest, means]) if means else " ".join(rest), kinds))
    return other


def _short_form(place: Place, folded: str) -> bool:
    return place.feature == "country" and fold_name(place.name) != folded


def readings(name: str, gazetteer: Gazetteer) -> list[Reading]:
    """Every place ``name`` may mean, the gazetteer's order kept; [] when it names nothing.

    A possessive is dropped ("Iraq's"); a demonym or its plural ("Canadians") is its country;
    a name that finds nothing as written takes the places of other ways of writing it ("St.
    Petersburg" as "Saint Petersburg"), marked as variants; one that finds nothing at all takes
    the places of the names spelled most like it (:meth:`~sitrep.geo.gazetteer.Gazetteer.
    similar_names`), with their similarity, for the ranker to weigh.
    """
    return list(_readings(name, gazetteer))


@lru_cache(maxsize=1 << 13)
def _readings(name: str, gazetteer: Gazetteer) -> tuple[Reading, ...]:
    """:func:`readings`, kept for the names asked again (each name of an article is read for
    the map of its readings, for each round of the choice, and beside its neighbours)."""
    name = re.sub(r"['’]s?$", "", name.strip())
    folded = fold_name(name)
    found = [
        Reading(place, False, demonym=_short_form(place, folded))
        for place in gazetteer.lookup(name)
    ]
    code = gazetteer.country_by_name(name)
    if code is None and not found and name.endswith("s"):
        code = gazetteer.country_by_name(name[:-1])
    country = gazetteer.country(code) if code is not None else None
    if country is not None and all(r.place != country for r in found):
        # "Somali forces": the demonym's country beside the places of that name (Ethiopia's
        # Somali region), for the ranker to weigh.
        found.append(Reading(country, False, demonym=_short_form(country, folded)))
    seen = {reading.place for reading in found}
    for other, kinds in _written_otherwise(name) if not found else ():
        for place in gazetteer.lookup(other):
            if place not in seen and (not kinds or place.feature in kinds):
                seen.add(place)
                found.append(Reading(place, True))
    if not found:
        for other, similarity in gazetteer.similar_names(name):
            for place in gazetteer.lookup(other):
                if place not in seen:
                    seen.add(place)
                    found.append(Reading(place, True, similarity))
    return tuple(found)


def _rules_choice(
    start: int, end: int, name: str, context: NameContext, gazetteer: Gazetteer
) -> Place | None:
    mention = context.mention_at(start, end)
    if mention is not None:
        return mention.place
    return resolve_place(name, gazetteer, context.country)


def _named(words: str | None, context: NameContext) -> bool:
    return bool(words) and fold_name(words or "") in context.names


def _named_besides(area: str | None, own: str, context: NameContext) -> bool:
    """Whether the text names ``area`` (a reading's province or district) as a name other than
    the one read: Paris's district is Paris, and "Paris" names no district of Paris, France."""
    return bool(area) and fold_name(area or "") != own and _named(area, context)


def _neighbour_places(
    text: str, start: int, end: int, gazetteer: Gazetteer
) -> tuple[list[Place], list[Place]]:
    """The readings of the name written after this one's comma (or the division its
    parentheses state: "Boni (Douentza, Mopti)"), and of the one before it."""
    after = _QUALIFIER.match(text, end)
    before = _PRECEDED.search(text[max(0, start - 60) : start])
    written = [r.place for r in readings(after.group(1), gazetteer)] if after else []
    stated, _ = stated_division(text, end, gazetteer)
    return (
        [*written, stated] if stated is not None else written,
        [r.place for r in readings(before.group(1), gazetteer)] if before else [],
    )


def _contains(area: Place, place: Place) -> bool:
    if area.country != place.country or area.feature == place.feature:
        return False
    if area.feature == "country":
        return True
    if area.feature == "admin1":
        return place.admin1 == area.admin1 and place.feature in ("admin2", "city")
    return area.feature == "admin2" and place.feature == "city" and place.admin2 == area.name


@dataclass(frozen=True)
class _Around:
    """What is the same for every reading of one name: worked out once per name, not once per
    reading (a Springfield has dozens)."""

    own: str
    """The name, folded."""
    readings: int
    most: int
    """The largest population among the readings."""
    rules: Place | None
    after: Sequence[Place]
    before: Sequence[Place]
    cue: str | None


def _features(reading: Reading, around: _Around, context: NameContext) -> dict[str, float]:
    """The features of a reading that do not depend on where the article's other places are."""
    place, own = reading.place, around.own
    features: dict[str, float] = {f"kind={place.feature}": 1.0}
    people = place.population or 0
    features["population"] = math.log10(1 + people) / 7
    if people and people == around.most:
        features["most_populous"] = 1.0
    features["readings"] = math.log(around.readings) / 3
    if reading.variant:
        features["variant"] = 1.0
    if reading.similarity < 1.0:
        features["respelled"] = 1.0
        features["respelling_distance"] = (1.0 - reading.similarity) * 5
    if reading.demonym:
        features["demonym"] = 1.0
    elif fold_name(place.name) != own:
        features["other_name"] = 1.0
    if around.rules is not None and around.rules == place:
        features["rules"] = 1.0
    if place.country == context.country:
        features["article_country"] = 1.0
    if place.country == context.dateline_country:
        features["dateline_country"] = 1.0
    named = context.named_countries.get(place.country, 0)
    if named:
        features["country_named"] = math.log1p(named) / 2
    elif place.country != context.country and place.feature != "country":
        # A world city's size speaks for it less in a report about somewhere else that never
        # names its country ("Paris" in a Tennessee paper).
        features["population_abroad"] = features["population"]
    if place.feature in ("city", "admin2") and _named_besides(place.admin1, own, context):
        features["province_named"] = 1.0
    if place.feature == "city" and _named_besides(place.admin2, own, context):
        features["district_named"] = 1.0
    if any(_contains(area, place) for area in around.after):
        features["written_in_next"] = 1.0
    if any(_contains(place, town) for town in around.before):
        features["contains_previous"] = 1.0
    if place.feature != "country":
        near = context.names_near(place, own)
        if near:
            features["names_near"] = math.log1p(near) / 2
    if around.cue is not None:
        features[f"cue={around.cue}:{place.feature}"] = 1.0
    return features


_KM_PER_DEGREE = 111.0
"""A little under a degree of latitude (111.19 km): a place more degrees of latitude away than
a threshold allows at this rate is surely beyond it."""


def _nearest_km(latitude: float, longitude: float, others: Sequence[Place]) -> float:
    """How far the nearest of ``others`` is, as far as the thresholds of ``_NEAR_KM`` tell:
    once one lies within the least, the rest need not be measured, and one more degrees of
    latitude away than the greatest allows is not measured at all."""
    least, most = _NEAR_KM[0], _NEAR_KM[-1]
    reach = most / _KM_PER_DEGREE
    nearest = math.inf
    for other in others:
        if other.latitude is None or other.longitude is None:
            continue
        if abs(other.latitude - latitude) > reach:
            continue
        nearest = min(nearest, distance_km(latitude, longitude, other.latitude, other.longitude))
        if nearest <= least:
            break
    return nearest


def _at_home(found: list[Reading], context: NameContext, abroad: bool, end: int) -> list[Reading]:
    """The readings a name may have: all of them if ``abroad``, else those at home.

    Among the names the rules find in a report, a place in a country that is neither the
    article's nor named in it is a local name the gazetteer lacks, or a person's, not a pin
    abroad (as in :func:`~sitrep.geo.locate.article_mentions`, which then places it beside its
    neighbours); a province abroad stands only where the text names it as one ("Niger State").
    A span given as a place name (a corpus's gold) keeps every reading: the ranker weighs the
    article's country with the rest.
    """
    if abroad or context.country is None:
        return found
    home = {context.country, *context.named_countries}
    as_division = NAMED_AS_DIVISION.match(context.text, end) is not None
    return [
        r
        for r in found
        if r.place.country in home
        or r.place.feature == "country"
        or (r.place.feature == "admin1" and as_division)
    ]


def _cue_before(text: str, start: int) -> str | None:
    return load_mention_cues().before_cue(text[max(0, start - 40) : start])


def name_features(
    start: int,
    end: int,
    context: NameContext,
    gazetteer: Gazetteer,
    others: Sequence[Place] | None = None,
    *,
    abroad: bool = True,
) -> tuple[list[Reading], list[dict[str, float]]]:
    """The readings of the name at ``start:end`` and each one's features for the ranker.

    ``others`` are the article's other places (default: the places the rules find elsewhere in
    the text); only those with a point below country level count.
    """
    found, alone = _name_readings(start, end, context, gazetteer, abroad)
    if others is None:
        others = [m.place for m in context.mentions_near(start, end)]
    return found, _beside_others(found, alone, others)


def _name_readings(
    start: int, end: int, context: NameContext, gazetteer: Gazetteer, abroad: bool
) -> tuple[list[Reading], list[dict[str, float]]]:
    """The readings of a name and their features but those of :func:`_beside_others`."""
    text = context.text
    name = text[start:end]
    found = _at_home(readings(name, gazetteer), context, abroad, end)
    if _CALLED_DIVISION.match(text, end):
        # "Niger State", "Kwara state": a name the text calls a division is one, where the
        # gazetteer has a division of that name (as "Guernsey County" in the name itself).
        own = fold_name(name)
        found = [
            r
            for r in found
            if r.place.feature in ("admin1", "admin2") and fold_name(r.place.name) == own
        ] or found
    if not found:
        return [], []
    after, before = _neighbour_places(text, start, end, gazetteer)
    around = _Around(
        fold_name(name),
        len(found),
        max((r.place.population or 0) for r in found),
        _rules_choice(start, end, name, context, gazetteer),
        after,
        before,
        _cue_before(text, start),
    )
    return found, [_features(r, around, context) for r in found]


def _beside_others(
    found: Sequence[Reading], alone: Sequence[dict[str, float]], others: Sequence[Place]
) -> list[dict[str, float]]:
    """Each reading's features with those that depend on the article's other places: how far
    the nearest lies, and how many share the reading's country and province."""
    others = [p for p in others if p.latitude is not None and p.feature != "country"]
    if not others:
        return list(alone)
    countries = Counter(p.country for p in others)
    provinces = Counter((p.country, p.admin1) for p in others)
    rows = []
    for reading, features in zip(found, alone, strict=True):
        place, row = reading.place, dict(features)
        if place.latitude is not None and place.longitude is not None:
            nearest = _nearest_km(place.latitude, place.longitude, others)
            for km in _NEAR_KM:
                if nearest <= km:
                    row[f"within_{km:.0f}km"] = 1.0
        if place.feature != "country":
            row["others_in_country"] = countries[place.country] / len(others)
            row["others_in_province"] = provinces[(place.country, place.admin1)] / len(others)
        rows.append(row)
    return rows


def _choose(
    readings_: list[Reading],
    rows: list[dict[str, float]],
    model: LinearModel | None,
    placed: Place | None = None,
) -> Place | None:
    """The ranker's reading, unless it lies in the area of the rules' reading.

    The ranker decides *where* (which country, which of two namesakes); within one area the
    rules decide *what* — the town or its district or province — since that follows the
    words around the name ("the district of", "province") that the annotated reports code by,
    and a corpus scored at 161 km cannot teach it. ``placed`` is where the rules put the
    name when none of its readings is theirs (a village placed beside its neighbours).
    """
    rules = next((r.place for r, row in zip(readings_, rows, strict=True) if "rules" in row), None)
    if model is None:
        return rules or readings_[0].place
    scores = [model.probabilities(row)[RIGHT] for row in rows]
    top = max(range(len(rows)), key=scores.__getitem__)
    best = readings_[top].place
    theirs = rules or placed
    chosen = readings_[top]
    if (chosen.similarity < 1.0 and scores[top] < RESPELLED_LEAST) or (
        chosen.variant and theirs is not None and not _same_area(best, theirs)
    ):
        # A name spelled otherwise is taken only where the ranker is sure of it; a name
        # written otherwise only in the area where the rules placed it, if they did (a village
        # they put beside its neighbours is not its namesake's respelling 500 km away).
        return theirs
    if rules is not None and _same_area(best, rules):
        return rules
    return best


def _same_area(a: Place, b: Place) -> bool:
    if a.country != b.country:
        return False
    if _contains(a, b) or _contains(b, a):
        return True
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return False
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= _AREA_KM


def resolve_names(
    text: str,
    spans: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
    *,
    context: NameContext | None = None,
    model: LinearModel | Literal["packaged"] | None = "packaged",
    abroad: bool = True,
) -> list[PlaceMention | None]:
    """The place each ``(start, end)`` span of ``text`` names, None where the gazetteer has none.

    One result per span, in order. ``model`` is the ranker (the packaged one by default; None for
    the rules' reading); ``abroad`` False drops the towns and districts of countries the
    article neither is about nor names (see :func:`_at_home`).
    """
    if model == "packaged":
        model = load_model(PLACE_NAME_MODEL)
    context = context or name_context(text, gazetteer, spans=spans)
    places = choose_jointly(spans, context, gazetteer, model, abroad=abroad)
    return [
        None
        if place is None
        else PlaceMention(text[start:end], start, end, place, _PRECISION[place.feature])
        for (start, end), place in zip(spans, places, strict=True)
    ]


def choose_jointly(
    spans: Sequence[tuple[int, int]],
    context: NameContext,
    gazetteer: Gazetteer,
    model: LinearModel | None,
    *,
    abroad: bool = True,
) -> list[Place | None]:
    """Each span's place, chosen twice: first beside the places the rules find, then beside the
    places the first round chose for the other spans (so that "Alexandria" and "Va." settle each
    other, whatever the rules made of either)."""
    named = [_name_readings(start, end, context, gazetteer, abroad) for start, end in spans]
    first = [
        (found, _beside_others(found, alone, [m.place for m in context.mentions_near(*span)]))
        for span, (found, alone) in zip(spans, named, strict=True)
    ]
    placed = [
        mention.place if (mention := context.mention_at(start, end)) is not None else None
        for start, end in spans
    ]
    chosen = [
        _choose(found, rows, model, placed[i]) if found else None
        for i, (found, rows) in enumerate(first)
    ]
    if model is None:
        return chosen
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    rank = {index: position for position, index in enumerate(order)}
    span_starts = [spans[i][0] for i in order]
    second: list[Place | None] = []
    for index, (start, end) in enumerate(spans):
        if chosen[index] is None:
            second.append(None)
            continue
        position = rank[index]
        window = order[max(0, position - _NEIGHBOURS) : position + 1 + _NEIGHBOURS]
        others = [p for i in window if i != index and (p := chosen[i]) is not None]
        others += [  # the rules' places that no span stands for
            m.place
            for m in context.mentions_near(start, end)
            if not _covered(m, spans, order, span_starts)
        ]
        found, alone = named[index]
        second.append(_choose(found, _beside_others(found, alone, others), model, placed[index]))
    return second


def _covered(
    mention: PlaceMention,
    spans: Sequence[tuple[int, int]],
    order: list[int],
    span_starts: list[int],
) -> bool:
    position = bisect_left(span_starts, mention.end) - 1
    return any(
        spans[order[p]][1] > mention.start for p in range(max(0, position - 1), position + 1)
    )


def find_places(
    text: str,
    gazetteer: Gazetteer,
    *,
    dateline_country: str | None = None,
    dateline_place: str | None = None,
    model: LinearModel | Literal["packaged"] | None = "packaged",
) -> list[PlaceMention]:
    """Every place name the text gives, each resolved together with the others (see
    :func:`placed_mentions`)."""
    return placed_mentions(text, gazetteer, dateline_country, dateline_place, model=model)[1]


def placed_mentions(
    text: str,
    gazetteer: Gazetteer,
    dateline_country: str | None = None,
    dateline_place: str | None = None,
    *,
    model: LinearModel | Literal["packaged"] | None = "packaged",
) -> tuple[str | None, list[PlaceMention]]:
    """The article's country and its place names, as the pipeline places events among them.

    The names are those the rules find (:func:`~sitrep.geo.locate.article_mentions`: in place
    context, qualifiers, villages the gazetteer lacks placed beside their neighbours); the
    ranker then chooses each one's reading. A name the gazetteer lacks keeps the rules' place,
    and so does a name whose reading the ranker does not change (with the rules' precision:
    "near Quetta" stays 2).
    """
    context = name_context(text, gazetteer, dateline_country, dateline_place)
    spans = [(mention.start, mention.end) for mention in context.mentions]
    chosen = resolve_names(text, spans, gazetteer, context=context, model=model, abroad=False)
    found = [
        mention if resolved is None or resolved.place == mention.place else resolved
        for mention, resolved in zip(context.mentions, chosen, strict=True)
    ]
    return context.country, found


def place_name(text: str, start: int, end: int, mention: PlaceMention | None) -> PlaceName:
    """The output form of one resolved span (nulls where nothing was found)."""
    if mention is None:
        return PlaceName(start=start, end=end, text=text[start:end])
    place = mention.place
    return PlaceName(
        start=start,
        end=end,
        text=text[start:end],
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        admin2=place.admin2,
        latitude=place.latitude,
        longitude=place.longitude,
        geo_precision=mention.precision,
        feature=place.feature,
    )


def article_places(
    article: Article,
    gazetteer: Gazetteer,
    spans: Sequence[tuple[int, int]] | None = None,
    *,
    model: LinearModel | Literal["packaged"] | None = "packaged",
) -> ArticlePlaces:
    """One line of ``sitrep places``: every place name found in the article, resolved, or, with
    ``spans``, exactly those spans resolved (one entry each, in order, nulls where none)."""
    text = article.text
    if spans is None:
        found = find_places(text, gazetteer, model=model)
        places = [place_name(text, m.start, m.end, m) for m in found]
    else:
        resolved = resolve_names(text, spans, gazetteer, model=model)
        places = [
            place_name(text, start, end, mention)
            for (start, end), mention in zip(spans, resolved, strict=True)
        ]
    return ArticlePlaces(id=article.id, places=places)

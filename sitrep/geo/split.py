"""One event told at several places: the other places of its own sentences, as features.

ACLED codes one event per place and day. A sentence often tells one kind of violence at several
places at once ("protests in Caracas and several states", "attacks in Derbent and Makhachkala",
"air strikes on Nuseirat and Khan Younis"); the rules made one event of it, at the place the
place model chose. Every other place named in the event's own sentences, not inside the chosen
one nor holding it, is described here as features — its place features, how it stands to the
chosen place (listed beside it, in the same clause, how far, the same province) and what kind
of event it would copy — and a model that ``sitrep train`` fits (:mod:`sitrep.learn.places`)
decides whether the event also happened there. A copy has no figures of its own: the sentence's
deaths are the first place's, and copying them would count them twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.extract.dates import find_date_spans, resolve_date
from sitrep.geo.attach import Candidate, PlaceContext, place_key, within
from sitrep.geo.distance import distance_km
from sitrep.models import CATEGORIES, Event

__all__ = ["EVENT_SPLIT_MODEL", "SPLIT_YES", "other_places", "split_features"]

EVENT_SPLIT_MODEL = "event_split"
"""The packaged model that copies an event to another place (``data/models/event_split.json``)."""
SPLIT_YES = "also"
"""The split model's class for "the event happened there too" (the other is "not there")."""

_LISTED = re.compile(r"^[\s,;]*(?:(?:and|or|as\s+well\s+as|&)[\s,]*)?(?:in|at|near|of)?\s*$", re.I)
"""What separates two places of one list ("Lagos, Abuja and Kano", "in Derbent and in Aleppo")."""
_CLAUSE = 120
"""Characters between two places of one sentence still read as one clause when no stop lies
between them."""
_DATED_REACH = 60
"""How far around another place a day of its own is looked for ("in Rangpur last week")."""
_CLAUSE_STOP = re.compile(r"[.;,!?]")


def other_places(candidates: Sequence[Candidate], chosen: Candidate) -> list[Candidate]:
    """The places of the event's own sentences that are neither the chosen place nor one that
    holds it or lies in it (a province and its town are one place of one event)."""
    seen = {place_key(chosen.place)}
    others = []
    for candidate in candidates:
        place = candidate.place
        key = place_key(place)
        if not candidate.own or key in seen or place.feature == "country":
            continue
        if within(place, chosen.place) or within(chosen.place, place):
            continue
        seen.add(key)
        others.append(candidate)
    return others


def split_features(
    candidate: Candidate,
    chosen: Candidate,
    event: Event,
    context: PlaceContext,
    candidates: Sequence[Candidate] = (),
) -> dict[str, float]:
    """What says that ``event``, placed at ``chosen``, also happened at ``candidate``.

    ``candidates`` are all the event's candidates: the places named between the two are
    skipped when deciding whether the two stand in one list ("Lagos, Abuja and Kano").
    """
    text = context.text
    features = {f"place:{name}": value for name, value in candidate.features.items()}
    place, first = candidate.place, chosen.place
    features[f"kinds={place.feature}/{first.feature}"] = 1.0
    features[f"type={event.event_type}"] = 1.0
    features[f"sub={event.sub_event_type}"] = 1.0
    dead = any(
        (figure := getattr(event.fatalities, category)) is not None and figure.best > 0
        for category in CATEGORIES
    )
    features["dead" if dead else "no_dead"] = 1.0
    if place.admin1 and place.admin1 == first.admin1:
        features["same_admin1"] = 1.0
    lat, lon, first_lat, first_lon = (
        place.latitude,
        place.longitude,
        first.latitude,
        first.longitude,
    )
    if lat is None or lon is None or first_lat is None or first_lon is None:
        features["km=unknown"] = 1.0
    else:
        km = distance_km(lat, lon, first_lat, first_lon)
        features["km<50" if km < 50 else "km<200" if km < 200 else "km>200"] = 1.0
    if _dated_otherwise(text, candidate, event):
        features["dated_otherwise"] = 1.0
    if candidate.evidence is not None and chosen.evidence is not None:
        (_, low), (high, _) = sorted(
            [
                (candidate.evidence.start, candidate.evidence.end),
                (chosen.evidence.start, chosen.evidence.end),
            ]
        )
        if _listed(text, low, high, candidates):
            features["listed"] = 1.0
        elif high - low < _CLAUSE and "." not in text[low:high]:
            features["same_clause"] = 1.0
    return features


def _dated_otherwise(text: str, candidate: Candidate, event: Event) -> bool:
    """Whether the words around the other place give it a day that is not the event's: "the
    killers of a student beaten to death in Rangpur last week" names the place of an earlier
    incident, not another place of this one."""
    if candidate.evidence is None or event.date is None:
        return False
    start, end = candidate.evidence.start, candidate.evidence.end
    before = text[max(0, start - _DATED_REACH) : start]
    stops = list(_CLAUSE_STOP.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    after = text[end : end + _DATED_REACH]
    stop = _CLAUSE_STOP.search(after)
    if stop is not None:
        after = after[: stop.start()]
    for window in (before, after):
        for _start, _end, expression in find_date_spans(window):
            day, _precision = resolve_date(expression, event.date)
            if day is not None and day != event.date:
                return True
    return False


def _listed(text: str, low: int, high: int, candidates: Sequence[Candidate]) -> bool:
    """Whether only separators and other places' names lie between ``low`` and ``high``."""
    between = sorted(
        (c.evidence.start, c.evidence.end)
        for c in candidates
        if c.own and c.evidence is not None and low <= c.evidence.start < c.evidence.end <= high
    )
    start = low
    for name_start, name_end in between:
        if name_start < start:
            continue  # one name found twice (a place and its namesake)
        if not _LISTED.match(text[start:name_start]):
            return False
        start = name_end
    return _LISTED.match(text[start:high]) is not None

"""How well the gazetteer places annotated events: gold place names resolved in context.

For every gold event, its ``location`` name is resolved the way the pipeline would resolve it in
that article (the article's country from its dateline and demonyms, the places it names nearby),
then compared with the gold coordinates (within 10 km, for events whose coordinates are exact) and
the gold district. This isolates the places stage from extraction.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.evaluate.names import same_admin2
from sitrep.evaluate.score import GoldArticle
from sitrep.extract.text import split_dateline
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer, Place, fold_name
from sitrep.geo.locate import place_beside
from sitrep.geo.resolve import PlaceMention, count_countries, resolve_place
from sitrep.geo.toponyms import placed_mentions

__all__ = ["PlaceCheck", "check_gold_places", "resolve_in_context"]

WITHIN_KM = 10.0


@dataclass
class PlaceCheck:
    """The figures, and the misses to look at."""

    exact_events: int = 0
    within_10km: int = 0
    admin2_events: int = 0
    admin2_right: int = 0
    distances: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def within_10km_share(self) -> float:
        return self.within_10km / self.exact_events if self.exact_events else 0.0

    @property
    def admin2_share(self) -> float:
        return self.admin2_right / self.admin2_events if self.admin2_events else 0.0

    def summary(self) -> dict[str, float | int]:
        """The figures as one flat mapping (for ``--json`` and the closing note)."""
        return {
            "events_with_exact_coordinates": self.exact_events,
            "loc_within_10km": round(self.within_10km_share, 4),
            "median_km": round(statistics.median(self.distances), 2) if self.distances else 0.0,
            "events_with_admin2": self.admin2_events,
            "admin2_acc": round(self.admin2_share, 4),
        }


def resolve_in_context(name: str, text: str, gazetteer: Gazetteer) -> Place | None:
    """Resolve ``name`` as the pipeline would in an article whose story text is ``text``."""
    dateline = split_dateline(text)
    country, mentions = placed_mentions(
        text,
        gazetteer,
        dateline.country if dateline else None,
        dateline.city if dateline else None,
    )
    key = fold_name(name)
    for mention in mentions:
        if fold_name(mention.name) == key or fold_name(mention.place.name) == key:
            return mention.place
    place = _resolve_known(name, text, gazetteer, country, mentions)
    if place is not None:
        return place
    fallback = place_beside(name, text, mentions)
    return fallback.place if fallback is not None else None


def _resolve_known(
    name: str, text: str, gazetteer: Gazetteer, country: str | None, mentions: list[PlaceMention]
) -> Place | None:
    """The gazetteer's reading of ``name`` near the article's other places, if it is plausible.

    As in :func:`~sitrep.geo.locate.article_mentions`, a town in a country the article neither is
    about nor names does not count.
    """
    if not gazetteer.knows(name):
        return None
    located = [
        m.place for m in mentions if m.place.latitude is not None and m.place.feature != "country"
    ]
    near = None
    if located:
        near = (
            statistics.fmean(p.latitude for p in located if p.latitude is not None),
            statistics.fmean(p.longitude for p in located if p.longitude is not None),
        )
    place = resolve_place(name, gazetteer, country, near)
    if place is None or country is None or place.feature != "city":
        return place
    return place if place.country in {country, *count_countries(text, gazetteer)} else None


def check_gold_places(articles: Iterable[GoldArticle], gazetteer: Gazetteer) -> PlaceCheck:
    """Resolve every gold event's location in its article and score it."""
    check = PlaceCheck()
    for article in articles:
        for gold in article.events:
            if not gold.location:
                continue
            place = resolve_in_context(gold.location, article.text, gazetteer)
            label = f"{article.id}: {gold.location}"
            if gold.exact_coordinates and gold.lat is not None and gold.lon is not None:
                check.exact_events += 1
                if place is None or place.latitude is None or place.longitude is None:
                    check.misses.append(f"{label}: not resolved")
                else:
                    km = distance_km(place.latitude, place.longitude, gold.lat, gold.lon)
                    check.distances.append(km)
                    if km <= WITHIN_KM:
                        check.within_10km += 1
                    else:
                        check.misses.append(
                            f"{label}: {place.name}, {place.admin1}, {place.country} "
                            f"is {km:.0f} km off"
                        )
            if gold.admin2:
                check.admin2_events += 1
                predicted = place.admin2 if place else None
                if same_admin2(predicted, gold.admin2):
                    check.admin2_right += 1
                else:
                    check.misses.append(f"{label}: district {predicted!r}, gold {gold.admin2!r}")
    return check

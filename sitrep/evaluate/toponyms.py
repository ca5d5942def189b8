"""Scoring place-name resolution as the geoparsing literature does, on a corpus of gold spans.

A geoparsing corpus (LGL, say) gives each article's place names as ``toponyms``: offsets, the
words, and the point and country the annotators chose. Each span is resolved in its article and
compared with the gold point: the share within 161 km (100 miles, "Acc@161km"), the share in the
right country, and the median and mean error. A span the gazetteer cannot place counts as a miss
at the greatest distance on Earth (20,038 km), as in Gritta et al. (2019).
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import InputError
from sitrep.evaluate.score import GoldArticle
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.ingest.readers import read_spans

__all__ = [
    "MISSED_KM",
    "GoldToponym",
    "ToponymArticle",
    "ToponymScore",
    "gold_event_toponyms",
    "read_toponym_corpus",
    "score_toponym_corpus",
]

MISSED_KM = 20038.0
"""The error of a name left unplaced: half the Earth's circumference."""
WITHIN_KM = 161.0
CLOSE_KM = 10.0
"""The event scorer's distance: a town rather than its province (reported beside Acc@161km)."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place name: where it is in the text and where the annotators put it."""

    start: int
    end: int
    latitude: float | None
    longitude: float | None
    country: str | None
    """ISO alpha-2 code; None where the corpus gives none or names a country sitrep lacks."""


@dataclass(frozen=True)
class ToponymArticle:
    """An article of a geoparsing corpus."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    published: str | None = None


def read_toponym_corpus(path: Path, gazetteer: Gazetteer) -> list[ToponymArticle]:
    """Every article of a geoparsing corpus in JSONL (``id``, ``text``, ``toponyms`` with
    ``start``, ``end``, ``lat``, ``lon`` and ``country``, a country name or code).

    Raises:
        InputError: the file cannot be read, or a line is not such an article.
    """
    try:
        # Split on newlines only: a text may hold U+2028, which str.splitlines() breaks at.
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the corpus ({exc})") from exc
    return list(_articles(lines, path, gazetteer))


def _articles(lines: Iterable[str], path: Path, gazetteer: Gazetteer) -> Iterator[ToponymArticle]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON ({exc.msg})", number) from exc
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise InputError(path, "each line needs a 'text'", number)
        raw = item.get("toponyms")
        spans = read_spans(raw, text, path, number)
        gold = []
        for (start, end), entry in zip(spans, raw, strict=True):
            lat, lon = entry.get("lat"), entry.get("lon")
            country = entry.get("country")
            code = None
            if isinstance(country, str) and country:
                code = country if gazetteer.is_country_code(country) else None
                code = code or gazetteer.country_by_name(country)
            gold.append(
                GoldToponym(
                    start,
                    end,
                    float(lat) if isinstance(lat, int | float) else None,
                    float(lon) if isinstance(lon, int | float) else None,
                    code,
                )
            )
        yield ToponymArticle(str(item.get("id", number)), text, tuple(gold), item.get("published"))


@dataclass
class ToponymScore:
    """Figures over every gold name with a point."""

    errors: list[float] = field(default_factory=list)
    countries: int = 0
    countries_right: int = 0
    unplaced: int = 0

    def add(self, gold: GoldToponym, place: Place | None) -> None:
        """Score one resolved name."""
        if gold.country is not None:
            self.countries += 1
            if place is not None and place.country == gold.country:
                self.countries_right += 1
        if gold.latitude is None or gold.longitude is None:
            return
        if place is None or place.latitude is None or place.longitude is None:
            self.unplaced += 1
            self.errors.append(MISSED_KM)
            return
        self.errors.append(
            distance_km(place.latitude, place.longitude, gold.latitude, gold.longitude)
        )

    def figures(self) -> dict[str, float | int]:
        """Acc@161km (and @10km), country accuracy, median and mean error (km), and the counts."""
        within = sum(1 for km in self.errors if km <= WITHIN_KM)
        close = sum(1 for km in self.errors if km <= CLOSE_KM)
        return {
            "toponyms": len(self.errors),
            "acc_161km": round(within / len(self.errors), 4) if self.errors else 0.0,
            "acc_10km": round(close / len(self.errors), 4) if self.errors else 0.0,
            "country_acc": round(self.countries_right / self.countries, 4)
            if self.countries
            else 0.0,
            "median_km": round(statistics.median(self.errors), 1) if self.errors else 0.0,
            "mean_km": round(statistics.fmean(self.errors), 1) if self.errors else 0.0,
            "unplaced": self.unplaced,
        }


def gold_event_toponyms(article: GoldArticle) -> ToponymArticle:
    """An annotated report as a geoparsing article: every occurrence of a gold event's location
    name (as a whole word) is a gold name at that event's point.

    Only events with exact coordinates count, and a name given two different points by two
    events is left out (the text alone cannot tell which occurrence is which).
    """
    points: dict[str, tuple[float, float, str | None]] = {}
    clashing: set[str] = set()
    for event in article.events:
        if not (event.location and event.exact_coordinates):
            continue
        if event.lat is None or event.lon is None:
            continue
        point = (event.lat, event.lon, event.country)
        known = points.setdefault(event.location, point)
        if known[:2] != point[:2]:
            clashing.add(event.location)
    toponyms = []
    for name, (lat, lon, country) in points.items():
        if name in clashing:
            continue
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", article.text):
            toponyms.append(GoldToponym(found.start(), found.end(), lat, lon, country))
    toponyms.sort(key=lambda gold: gold.start)
    kept: list[GoldToponym] = []
    for gold in toponyms:  # "Kano" inside "Kano State" of another event: the first stands
        if not kept or gold.start >= kept[-1].end:
            kept.append(gold)
    return ToponymArticle(article.id, article.text, tuple(kept))


def score_toponym_corpus(
    articles: Sequence[ToponymArticle], gazetteer: Gazetteer
) -> dict[str, float | int]:
    """Both of the literature's measures on a geoparsing corpus.

    Given the gold spans (:func:`~sitrep.geo.toponyms.resolve_names`): the figures of
    :class:`ToponymScore`. Finding the names too (:func:`~sitrep.geo.toponyms.find_places`):
    recognition precision, recall and F1 by span overlap (each gold span matched at most once),
    and ``found_acc_161km``, the share of gold names found *and* placed within 161 km.
    """
    from sitrep.geo.toponyms import find_places, resolve_names

    given = ToponymScore()
    found_score = ToponymScore()
    predicted = matched = gold_count = 0
    for article in articles:
        spans = [(gold.start, gold.end) for gold in article.toponyms]
        for gold, mention in zip(
            article.toponyms, resolve_names(article.text, spans, gazetteer), strict=True
        ):
            given.add(gold, mention.place if mention is not None else None)
        found = find_places(article.text, gazetteer)
        predicted += len(found)
        gold_count += len(article.toponyms)
        taken: set[int] = set()
        for gold in article.toponyms:
            hit = next(
                (
                    i
                    for i, m in enumerate(found)
                    if i not in taken and m.start < gold.end and gold.start < m.end
                ),
                None,
            )
            if hit is not None:
                taken.add(hit)
            found_score.add(gold, found[hit].place if hit is not None else None)
        matched += len(taken)
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold_count if gold_count else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    figures: dict[str, float | int] = dict(given.figures())
    figures.update(
        {
            "found_precision": round(precision, 4),
            "found_recall": round(recall, 4),
            "found_f1": round(f1, 4),
            "found_acc_161km": found_score.figures()["acc_161km"],
        }
    )
    return figures

"""Measuring cross-report merging on an annotated file: what ``sitrep eval --merging`` does.

Every article of the file (its text and metadata only) is extracted and stored in a fresh
temporary SQLite database, so the articles merge exactly as an ingest would merge them. Then,
over the clusters of several articles (the gold ``cluster`` names the real-world incident):

- **Gold incidents.** Within a cluster, the gold events of different articles are one incident
  when they share the country and the kind of event (violence, a demonstration, or a strategic
  development such as arrests), fall at most a day apart and have the same ``location`` name or
  lie within 10 km (a district is too coarse: Pasni and Gwadar share one). Background events
  are left out, as event scoring leaves them out.
- **Split incidents.** Each article's predicted events are matched to its gold events by the
  scoring rules of FORMAT.md (:func:`sitrep.evaluate.score.match_events`); a predicted event
  leads to the stored event it was merged into. An incident matched in two or more articles
  can be split; it *is* split when its matches lead to more than one stored event. Target: at
  most 5 % of those incidents.
- **Cross-cluster events.** A stored event whose sources belong to different clusters (an
  article without a cluster is a cluster of its own) joins reports of unrelated incidents.
  Target: none.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.evaluate.run import read_gold_articles, report_of
from sitrep.evaluate.score import GoldArticle, GoldEvent, match_events
from sitrep.geo import Gazetteer, load_gazetteer
from sitrep.geo.distance import distance_km
from sitrep.merge import MergeRules
from sitrep.models import ArticleRecord
from sitrep.pipeline import process_article
from sitrep.store import Store

__all__ = ["MergingReport", "evaluate_merging", "gold_incidents", "score_merging"]

SAME_PLACE_KM = 10.0
"""Two gold events of one cluster this close (or with the same place name) are one incident."""


@dataclass
class MergingReport:
    """The merging figures of one annotated file."""

    clusters: int = 0
    articles: int = 0
    incidents: int = 0
    incidents_splittable: int = 0
    split: list[str] = field(default_factory=list)
    """A line for each split incident: cluster, place, day and the stored event ids."""
    stored_events: int = 0
    cross_cluster: list[str] = field(default_factory=list)
    """A line for each stored event that joins reports of different clusters."""

    def figures(self) -> dict[str, float | int | None]:
        share = len(self.split) / self.incidents_splittable if self.incidents_splittable else None
        return {
            "clusters_with_several_articles": self.clusters,
            "articles_in_them": self.articles,
            "gold_incidents": self.incidents,
            "incidents_in_two_or_more_articles": self.incidents_splittable,
            "incidents_split": len(self.split),
            "split_share": None if share is None else round(share, 4),
            "stored_events": self.stored_events,
            "events_joining_clusters": len(self.cross_cluster),
        }


def _name(event: GoldEvent) -> str:
    return "".join((event.location or "").casefold().split())


def _demonstration(event: GoldEvent) -> bool:
    return event.event_type in ("Protests", "Riots")


def _arrests(event: GoldEvent) -> bool:
    return event.event_type == "Strategic developments"


def _same_incident(
    a: GoldEvent, b: GoldEvent, names_a: frozenset[str], names_b: frozenset[str]
) -> bool:
    """Same country and day (±1), the same kind of event (violence, a demonstration or a strategic
    development such as arrests), and the same place: by name ("Kyar Si" and "Kyarsi" alike), or
    within 10 km when neither article names the other's place as an incident of its own (two
    villages 5 km apart that both reports list are two incidents, not one)."""
    if (a.country or "").casefold() != (b.country or "").casefold():
        return False
    if _demonstration(a) != _demonstration(b) or _arrests(a) != _arrests(b):
        return False  # arrests over a bombing, a protest after it: not the bombing
    if a.date is not None and b.date is not None and abs((a.date - b.date).days) > 1:
        return False
    if _name(a) and _name(a) == _name(b):
        return True
    if _name(a) in names_b or _name(b) in names_a:
        return False
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return distance_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0) <= SAME_PLACE_KM


def gold_incidents(articles: list[GoldArticle]) -> list[list[tuple[str, int]]]:
    """The incidents of one cluster: groups of (article id, index of its gold event)."""
    items = [
        (article.id, index, event)
        for article in articles
        for index, event in enumerate(article.events)
        if not event.background
    ]
    group = list(range(len(items)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    names = {
        article.id: frozenset(_name(e) for e in article.events if not e.background)
        for article in articles
    }
    articles_of = {i: {items[i][0]} for i in range(len(items))}
    for first, second in itertools.combinations(range(len(items)), 2):
        if items[first][0] != items[second][0] and _same_incident(
            items[first][2], items[second][2], names[items[first][0]], names[items[second][0]]
        ):
            a, b = root(first), root(second)
            if a != b and not articles_of[a] & articles_of[b]:
                # One article's events are its own incidents: an incident never takes two.
                group[a] = b
                articles_of[b] |= articles_of[a]
    incidents: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for i, (article_id, index, _) in enumerate(items):
        incidents[root(i)].append((article_id, index))
    return list(incidents.values())


def score_merging(pairs: list[tuple[GoldArticle, ArticleRecord]], store: Store) -> MergingReport:
    """Score how the articles of ``pairs``, all stored in ``store``, were merged."""
    links = store.report_links()
    cluster_of = {gold.id: gold.cluster or f"article:{gold.id}" for gold, _ in pairs}
    report = MergingReport()
    events = store.events()
    report.stored_events = len(events)
    for event in events:
        clusters = sorted({cluster_of.get(s.article_id, s.article_id) for s in event.sources or []})
        if len(clusters) > 1:
            report.cross_cluster.append(f"{event.id} {event.location}: {', '.join(clusters)}")
    by_cluster: dict[str, list[tuple[GoldArticle, ArticleRecord]]] = defaultdict(list)
    for gold, record in pairs:
        if gold.cluster is not None:
            by_cluster[gold.cluster].append((gold, record))
    for cluster, members in sorted(by_cluster.items()):
        if len(members) < 2:
            continue
        report.clusters += 1
        report.articles += len(members)
        stored: dict[tuple[str, int], str] = {}
        for gold, record in members:
            for match in match_events(gold.events, record.events):
                index = next(i for i, e in enumerate(gold.events) if e is match.gold)
                stored[(gold.id, index)] = links[(gold.id, match.predicted.id)]
        golds = {gold.id: gold for gold, _ in members}
        for incident in gold_incidents([gold for gold, _ in members]):
            report.incidents += 1
            found = {key: stored[key] for key in incident if key in stored}
            if len({article_id for article_id, _ in found}) < 2:
                continue
            report.incidents_splittable += 1
            if len(set(found.values())) > 1:
                article_id, index = incident[0]
                first = golds[article_id].events[index]
                ids = ", ".join(sorted(set(found.values())))
                report.split.append(f"{cluster} {first.location} {first.date}: {ids}")
    return report


def evaluate_merging(
    path: Path, gazetteer: Gazetteer | None = None, rules: MergeRules | None = None
) -> MergingReport:
    """Store every article of ``path`` in a temporary database and score the merging.

    ``rules`` are the merging rules to measure (the shipped ones by default).

    Raises:
        InputError: a line of ``path`` cannot be read.
    """
    golds = read_gold_articles(path)
    places = gazetteer or load_gazetteer()
    pairs = [(gold, process_article(report_of(gold, str(path)), places)) for gold in golds]
    with (
        tempfile.TemporaryDirectory(prefix="sitrep-merging-") as folder,
        Store.open(f"sqlite:///{Path(folder) / 'merging.db'}", rules) as store,
    ):
        for _, record in pairs:
            store.save(record)
        return score_merging(pairs, store)

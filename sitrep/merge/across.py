"""Merging across reports: the events of many articles about one incident become one event.

Each article's events are kept as *reports* (the event as that article told it). The stored
events are a function of the set of reports, never of the order they arrived in:

1. Reports that may be one incident (:func:`may_merge`: both dated, same country, at most a day
   apart, compatible places) link into components; the store re-clusters a new article's whole
   component, so whichever article came last, a component is clustered from all of its reports.
2. :func:`cluster_reports` visits articles in a canonical order (publication date, then id) and
   puts each report into the best compatible cluster, or a new one. A cluster holds at most one
   report per article, and every pair of its reports is compatible.
3. Campaigns merge as campaigns: parents (events other events point at) cluster with parents
   (same day ±1, same province or a town in common among their children), then children
   cluster by place within their campaign, whatever type each report gave; a place the
   campaign lacked becomes a new child of it.

Undated reports are never merged: two reports without a day are not known to share one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sitrep.codebook import forbidden_roles
from sitrep.geo.distance import distance_km
from sitrep.merge.rules import MergeRules
from sitrep.models import Event

__all__ = [
    "Cluster",
    "Report",
    "cluster_reports",
    "consensus_event",
    "may_merge",
    "place_compatible",
    "report_order",
]

_T = TypeVar("_T", bound=Hashable)
_FAR_KM = 1e6


@dataclass(frozen=True)
class Report:
    """One event as one article reported it; ``event.id`` and ``event.parent`` are local ids."""

    article_id: str
    published: dt.date | None
    event: Event

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.event.id)


def report_order(report: Report) -> tuple[dt.date, str, str]:
    """The canonical order of reports: earliest publication first, then article and event id."""
    return (report.published or dt.date.max, report.article_id, report.event.id)


@dataclass
class Cluster:
    """Reports of one incident; ``parent`` indexes the campaign cluster it belongs to."""

    members: list[Report] = field(default_factory=list)
    parent: int | None = None
    is_campaign: bool = False


def _folded(name: str | None) -> str | None:
    """A place name as two reports may both spell it: "Kyar Si" and "Kyarsi", "Deir ez-Zor" and
    "Deir Ezzor" are one village."""
    return "".join(ch for ch in name.casefold() if ch.isalnum()) if name else None


def _town_level(event: Event) -> bool:
    return event.latitude is not None and event.geo_precision in (1, 2)


def _km(a: Event, b: Event) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def place_compatible(a: Event, b: Event, rules: MergeRules) -> bool:
    """Whether two reported places may be one incident's place.

    The same named place always is. Two towns are when within ``rules.max_km`` (Pasni and
    Gwadar share a district but lie 115 km apart: two incidents). Where one side is known only
    to its district, the same district will do; where neither names a district, the same
    province.
    """
    if a.country is None or a.country != b.country:
        return False
    if _folded(a.location) is not None and _folded(a.location) == _folded(b.location):
        return True
    if _town_level(a) and _town_level(b):
        km = _km(a, b)
        return km is not None and km <= rules.max_km
    if a.admin2 and b.admin2:
        return _folded(a.admin2) == _folded(b.admin2)
    if not a.admin2 and not b.admin2:
        return a.admin1 is not None and _folded(a.admin1) == _folded(b.admin1)
    return False


def _days_apart(a: Event, b: Event) -> int | None:
    if a.date is None or b.date is None:
        return None
    return abs((a.date - b.date).days)


def may_merge(a: Event, b: Event, rules: MergeRules) -> bool:
    """The loose test that links reports into components: day, country and place only.

    An undated report (an article without a publication date tells "on Monday") merges only
    where everything else says it is the same incident: see :func:`same_fingerprint`.
    """
    days = _days_apart(a, b)
    if days is None:
        return same_fingerprint(a, b, rules)
    return days <= rules.max_days and place_compatible(a, b, rules)


def same_fingerprint(a: Event, b: Event, rules: MergeRules) -> bool:
    """The same town, the same kind of attack, no two different named groups, and the same toll
    (within a fifth when both name the same group, exactly otherwise): what lets an undated
    report join a dated incident without a day to go by.

    A report that knows only the province ("an attack in Lamu, a region of Kenya") may stand for
    a town of that province; the toll and the kind must then agree all the same.
    """
    if a.country != b.country or not _same_or_within(a, b):
        return False
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type):
        return False
    first = rules.named_groups([a.actor1, *a.claimed_by])
    second = rules.named_groups([b.actor1, *b.claimed_by])
    if first and second and not first & second:
        return False  # two different groups: two incidents
    total_a = a.fatalities_total.best if a.fatalities_total else 0
    total_b = b.fatalities_total.best if b.fatalities_total else 0
    if total_a <= 0:
        return False
    if first and second:
        return abs(total_a - total_b) <= max(total_a, total_b) / 5
    return total_a == total_b  # a group on one side only: the toll must agree exactly


def _same_or_within(a: Event, b: Event) -> bool:
    """The same town, or a town and the province-level place it lies in."""
    if _town_level(a) and _town_level(b):
        return _folded(a.location) == _folded(b.location)
    town, province = (a, b) if _town_level(a) else (b, a)
    return (
        _town_level(town)
        and province.admin2 is None
        and province.admin1 is not None
        and _folded(province.admin1) == _folded(town.admin1)
        and _folded(province.location) == _folded(province.admin1)
    )


def _unknown_actor(name: str | None) -> bool:
    """An attacker nobody names: any other name is better for the merged event."""
    return name is None or name.startswith("Unidentified")


def actors_compatible(a: Event, b: Event, rules: MergeRules) -> bool:
    """Two reports naming different armed groups are two incidents; anything else may be one.

    The groups of a report are the named armed groups among its actors and claimants; state
    forces, civilians and an unidentified attacker fit any report ("militants attacked" and "the
    BLA attacked" may be one attack; so may "forces raided a hideout" and "BLA fighters clashed").
    """
    first = rules.named_groups([a.actor1, a.actor2, *a.claimed_by])
    second = rules.named_groups([b.actor1, b.actor2, *b.claimed_by])
    return not first or not second or bool(first & second)


def _sub_type_rank(a: Event, b: Event) -> int:
    if a.event_type == b.event_type:
        return 0 if a.sub_event_type == b.sub_event_type else 1
    return 2


class _Clustering:
    """The state of one run of :func:`cluster_reports`."""

    def __init__(self, reports: Sequence[Report], rules: MergeRules) -> None:
        self.rules = rules
        self.by_article: dict[str, list[Report]] = defaultdict(list)
        for report in sorted(reports, key=report_order):
            self.by_article[report.article_id].append(report)
        self.articles = sorted(self.by_article, key=lambda a: report_order(self.by_article[a][0]))
        self.children: dict[tuple[str, str], list[Report]] = defaultdict(list)
        for report in reports:
            if report.event.parent is not None:
                self.children[(report.article_id, report.event.parent)].append(report)
        self.clusters: list[Cluster] = []
        self.placed: dict[tuple[str, str], int] = {}

    def is_parent(self, report: Report) -> bool:
        return report.key in self.children

    def campaigns_compatible(self, a: Report, b: Report) -> bool:
        first, second = a.event, b.event
        days = _days_apart(first, second)
        if days is None or days > self.rules.max_days or first.country != second.country:
            return False
        if not actors_compatible(first, second, self.rules):
            return False
        if first.admin1 is not None and _folded(first.admin1) == _folded(second.admin1):
            return True
        return any(
            place_compatible(x.event, y.event, self.rules)
            for x in self.children[a.key]
            for y in self.children[b.key]
        )

    def events_compatible(self, a: Report, b: Report, same_campaign: bool) -> bool:
        first, second = a.event, b.event
        if not may_merge(first, second, self.rules) or not actors_compatible(
            first, second, self.rules
        ):
            return False
        # Within one campaign the place decides: reports differ on what kind of attack hit a town.
        return same_campaign or self.rules.types_compatible(
            (first.event_type, first.sub_event_type), (second.event_type, second.sub_event_type)
        )

    def _campaign_of(self, report: Report) -> int | None:
        if report.event.parent is None:
            return None
        return self.placed.get((report.article_id, report.event.parent))

    def _score(self, report: Report, cluster: Cluster) -> tuple[int, int, int, float, int]:
        """Closest first: a place of the same campaign (a town of the wave, not another incident
        there that day), then the same kind, then the same place name (two villages the
        gazetteer puts at one town share coordinates), then distance, then days apart."""
        seed = cluster.members[0].event
        km = _km(report.event, seed)
        days = _days_apart(report.event, seed) or 0
        campaign = self._campaign_of(report)
        same_campaign = 0 if campaign is not None and campaign == cluster.parent else 1
        named = 0 if _folded(report.event.location) == _folded(seed.location) else 1
        return (
            same_campaign,
            _sub_type_rank(report.event, seed),
            named,
            _FAR_KM if km is None else km,
            days,
        )

    def _fits(self, report: Report, index: int, campaigns: bool) -> bool:
        cluster = self.clusters[index]
        if cluster.is_campaign != campaigns:
            return False
        if any(member.article_id == report.article_id for member in cluster.members):
            return False
        if campaigns:
            return all(self.campaigns_compatible(report, m) for m in cluster.members)
        campaign = self._campaign_of(report)
        if campaign is not None and cluster.parent is not None and campaign != cluster.parent:
            return False
        same_campaign = campaign is not None and campaign == cluster.parent
        return all(self.events_compatible(report, m, same_campaign) for m in cluster.members)

    def place_article(self, reports: list[Report], campaigns: bool) -> None:
        """Put one article's reports into clusters: best pairs first, one report per cluster."""
        candidates: list[tuple[tuple[int, int, int, float, int], int, int]] = []
        for position, report in enumerate(reports):
            for index in range(len(self.clusters)):
                if self._fits(report, index, campaigns):
                    score = self._score(report, self.clusters[index])
                    candidates.append((score, index, position))
        taken_clusters: set[int] = set()
        taken_reports: set[int] = set()
        for _, index, position in sorted(candidates):
            if index in taken_clusters or position in taken_reports:
                continue
            taken_clusters.add(index)
            taken_reports.add(position)
            self._join(reports[position], index)
        for position, report in enumerate(reports):
            if position not in taken_reports:
                self.clusters.append(
                    Cluster(is_campaign=campaigns, parent=self._campaign_of(report))
                )
                self._join(report, len(self.clusters) - 1)

    def _join(self, report: Report, index: int) -> None:
        cluster = self.clusters[index]
        cluster.members.append(report)
        if cluster.parent is None and not cluster.is_campaign:
            cluster.parent = self._campaign_of(report)
        self.placed[report.key] = index

    def run(self) -> list[Cluster]:
        for campaigns in (True, False):
            for article in self.articles:
                reports = [r for r in self.by_article[article] if self.is_parent(r) == campaigns]
                self.place_article(reports, campaigns)
        return self.clusters


def cluster_reports(reports: Sequence[Report], rules: MergeRules) -> list[Cluster]:
    """Group reports into incidents; the result depends on the set of reports, not its order.

    Campaign clusters come first, so a child's ``parent`` index always points backwards. Each
    cluster's members are in canonical order (:func:`report_order`): the first is the earliest
    report, whose id the stored event takes.
    """
    clusters = _Clustering(reports, rules).run()
    for cluster in clusters:
        cluster.members.sort(key=report_order)
    return clusters


def _vote(values: Sequence[_T], order: Callable[[_T], str] = repr) -> _T:
    """The value most reports give; a tie goes to the smallest, so the choice is stable."""
    counts = Counter(values)
    top = max(counts.values())
    return min((value for value, count in counts.items() if count == top), key=order)


def _named_vote(names: list[str | None]) -> str | None:
    named = [name for name in names if not _unknown_actor(name)]
    if named:
        return _vote(named)
    present = [name for name in names if name is not None]
    return _vote(present) if present else None


def _actors_of(event_type: str, typed: Sequence[Event]) -> tuple[str | None, str | None]:
    """actor1 and actor2 voted over the reports that tell the event as the type it is stored as:
    the others' actors were read for another kind of event (a battle's sides are not a grenade
    attack's). Where the vote pairs actors the type rules out (each side taken from another
    report), the pair of the first report that ACLED's codebook allows stands instead (when
    none does, the vote)."""
    actor1 = _named_vote([e.actor1 for e in typed])
    actor2 = _named_vote([e.actor2 for e in typed if e.actor2 != actor1])
    if forbidden_roles(event_type, actor1, actor2) is None:
        return actor1, actor2
    allowed = (e for e in typed if forbidden_roles(event_type, e.actor1, e.actor2) is None)
    first = next(allowed, None)
    return (first.actor1, first.actor2) if first is not None else (actor1, actor2)


def consensus_event(members: Sequence[Report], event_id: str, parent_id: str | None) -> Event:
    """The stored event's own fields, voted over its reports (figures and evidence aside).

    Place and date come from the most precise reports; type by majority; a named perpetrator
    wins over an unnamed one; claims and associated actors are pooled. An event is background
    only while every report mentions it as background.
    """
    events = [member.event for member in members]
    geo = min(e.geo_precision or 4 for e in events)
    place = _vote(
        [
            (e.location, e.admin1, e.admin2, e.latitude, e.longitude, e.geo_precision)
            for e in events
            if (e.geo_precision or 4) == geo
        ]
    )
    precision = min(e.date_precision for e in events)
    date = _vote([e.date for e in events if e.date_precision == precision])
    event_type, sub_event_type = _vote([(e.event_type, e.sub_event_type) for e in events])
    actor1, actor2 = _actors_of(
        event_type,
        [e for e in events if (e.event_type, e.sub_event_type) == (event_type, sub_event_type)],
    )
    claimed = sorted({name for e in events for name in e.claimed_by})
    associated = sorted({name for e in events for name in e.assoc_actors} - {actor1, actor2})
    location, admin1, admin2, latitude, longitude, geo_precision = place
    return Event(
        id=event_id,
        parent=parent_id,
        date=date,
        date_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        country=events[0].country,
        admin1=admin1,
        admin2=admin2,
        location=location,
        latitude=latitude,
        longitude=longitude,
        geo_precision=geo_precision,
        actor1=actor1,
        actor2=actor2,
        assoc_actors=associated,
        claimed_by=claimed,
        background=all(e.background for e in events),
    )

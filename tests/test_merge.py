"""Merging: one event per place, day and kind within an article; figures reconciled."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from sitrep.codebook import forbidden_roles
from sitrep.merge import (
    Report,
    ReportedFigure,
    SourceSupport,
    assess_sources,
    cluster_reports,
    consensus_event,
    consolidate_events,
    default_merge_rules,
    reconcile_figures,
)
from sitrep.models import Article, ArticleRecord, Event, Fatalities, Figure

DAY = dt.date(2026, 3, 1)


def _event(event_id: str, location: str | None, killed: int, **fields: object) -> Event:
    base: dict[str, object] = {
        "id": event_id,
        "date": DAY,
        "date_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Suicide bomb",
        "country": "PK",
        "location": location,
        "latitude": 34.0 if location else None,
        "longitude": 71.5 if location else None,
        "fatalities": Fatalities(civilians=Figure.exact(killed)),
    }
    return Event.model_validate(base | fields)


def _record(*events: Event) -> ArticleRecord:
    return ArticleRecord(article=Article(id="a", text="A report."), events=list(events))


def test_sentences_about_one_incident_fold_into_one_event() -> None:
    merged = consolidate_events(_record(_event("e1", "Peshawar", 40), _event("e2", "Peshawar", 44)))
    (event,) = merged.events
    assert event.fatalities.civilians == Figure.exact(44)  # restated, not added


def test_an_unplaced_event_folds_into_the_placed_one_of_its_day_and_kind() -> None:
    merged = consolidate_events(_record(_event("e1", None, 44), _event("e2", "Peshawar", 40)))
    (event,) = merged.events
    assert event.location == "Peshawar"
    assert event.fatalities.civilians == Figure.exact(44)


@pytest.mark.parametrize(
    "other",
    [
        {"location": "Quetta"},
        {"date": DAY - dt.timedelta(days=2)},
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
    ],
    ids=["other-place", "other-day", "other-kind"],
)
def test_different_incidents_stay_apart(other: dict[str, object]) -> None:
    location = str(other.pop("location", "Peshawar"))
    second = _event("e2", location, 3, **other)
    merged = consolidate_events(_record(_event("e1", "Peshawar", 4), second))
    assert len(merged.events) == 2


def test_undated_incidents_are_not_known_to_share_a_day() -> None:
    first = _event("e1", "Peshawar", 4, date=None)
    second = _event("e2", "Peshawar", 3, date=None)
    assert len(consolidate_events(_record(first, second)).events) == 2


REPORTS = [
    ReportedFigure(Figure.exact(10), "wire-1", dt.date(2026, 3, 1)),
    ReportedFigure(Figure(best=37, low=37, high=None), "wire-2", dt.date(2026, 3, 2)),
    ReportedFigure(Figure.exact(67), "paper-3", dt.date(2026, 3, 3)),
]


@pytest.mark.parametrize("order", list(itertools.permutations(REPORTS)))
def test_reconciled_figure_keeps_the_spread_and_follows_the_latest(
    order: tuple[ReportedFigure, ...],
) -> None:
    assert reconcile_figures(list(order)) == Figure(best=67, low=10, high=None)


def test_no_report_no_figure() -> None:
    assert reconcile_figures([]) is None


# -- across reports ------------------------------------------------------------------------

RULES = default_merge_rules()
TOWNS = {
    "Quetta": ("Quetta", 30.199, 67.01),
    "Kuchlak": ("Quetta", 30.409, 66.985),
    "Gwadar": ("Gwadar", 25.122, 62.325),
    "Pasni": ("Gwadar", 25.263, 63.471),
    "Turbat": ("Kech", 26.0, 63.05),
}


def _reported(
    article: str, local: str, place: str | None, published: dt.date = DAY, **fields: object
) -> Report:
    """An event as one article reported it, in Balochistan on DAY unless told otherwise."""
    base: dict[str, object] = {
        "id": local,
        "date": DAY,
        "date_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "country": "PK",
        "admin1": "Balochistan",
        "geo_precision": 3,
    }
    if place is not None:
        admin2, latitude, longitude = TOWNS[place]
        base |= {
            "location": place,
            "admin2": admin2,
            "latitude": latitude,
            "longitude": longitude,
            "geo_precision": 1,
        }
    return Report(article, published, Event.model_validate(base | fields))


def _groups(reports: list[Report]) -> list[set[tuple[str, str]]]:
    return sorted(
        ({member.key for member in cluster.members} for cluster in cluster_reports(reports, RULES)),
        key=sorted,
    )


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ("Quetta", "Quetta", True),
        ("Quetta", "Kuchlak", True),
        ("Gwadar", "Pasni", False),
        ("Quetta", "Turbat", False),
        (None, None, True),
        (None, "Quetta", False),
    ],
    ids=[
        "same-town",
        "towns-within-25-km",
        "one-district-but-115-km-apart",
        "other-district",
        "both-province-only",
        "province-only-and-a-town",
    ],
)
def test_reports_merge_by_place(first: str | None, second: str | None, merged: bool) -> None:
    groups = _groups([_reported("a", "e1", first), _reported("b", "e1", second)])
    assert (len(groups) == 1) is merged


def test_two_spellings_of_one_village_are_one_place() -> None:
    # Neither report's gazetteer knows the village; each placed it beside another town.
    first = _reported(
        "a", "e1", None, location="Kyar Si", latitude=29.0, longitude=66.0, geo_precision=2
    )
    second = _reported(
        "b", "e1", None, location="Kyarsi", latitude=29.5, longitude=66.5, geo_precision=2
    )
    assert len(_groups([first, second])) == 1


def test_a_district_level_report_merges_with_a_town_in_that_district() -> None:
    district = _reported("b", "e1", None, admin2="Quetta", location="Quetta District")
    assert len(_groups([_reported("a", "e1", "Quetta"), district])) == 1


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        (
            {"actor1": "Unidentified Armed Group (Pakistan)"},
            {"actor1": "Baloch Liberation Army"},
            True,
        ),
        ({"actor1": "Baloch Liberation Army"}, {"actor1": "Tehrik-i-Taliban Pakistan"}, False),
        ({"actor1": "Military Forces of Pakistan"}, {"actor1": "Baloch Liberation Army"}, True),
        (
            {"claimed_by": ["Baloch Liberation Army"]},
            {"actor1": "Tehrik-i-Taliban Pakistan"},
            False,
        ),
        ({"date": DAY - dt.timedelta(days=1)}, {}, True),
        ({"date": DAY - dt.timedelta(days=2)}, {}, False),
        ({"date": None, "date_precision": 3}, {"date": None, "date_precision": 3}, False),
        ({"country": "AF"}, {}, False),
        (
            {"event_type": "Explosions/Remote violence", "sub_event_type": "Grenade"},
            {},
            True,
        ),
        ({"event_type": "Protests", "sub_event_type": "Peaceful protest"}, {}, False),
    ],
    ids=[
        "unknown-actor-and-named-group",
        "two-named-groups",
        "state-forces-and-a-group",
        "claimant-and-other-group",
        "a-day-apart",
        "two-days-apart",
        "undated",
        "other-country",
        "grenade-and-clash-per-table",
        "protest-and-clash",
    ],
)
def test_reports_merge_by_day_actors_and_type(
    first: dict[str, object], second: dict[str, object], merged: bool
) -> None:
    groups = _groups(
        [_reported("a", "e1", "Quetta", **first), _reported("b", "e1", "Quetta", **second)]
    )
    assert (len(groups) == 1) is merged


def test_two_unrelated_events_on_one_day_in_one_province_stay_apart() -> None:
    reports = [
        _reported("a", "e1", "Quetta"),
        _reported("a", "e2", "Turbat"),
        _reported("b", "e1", "Turbat"),
        _reported("b", "e2", "Quetta"),
    ]
    assert _groups(reports) == [{("a", "e1"), ("b", "e2")}, {("a", "e2"), ("b", "e1")}]


def test_one_article_never_reports_one_incident_twice() -> None:
    reports = [_reported("a", "e1", "Quetta"), _reported("a", "e2", "Quetta")]
    assert len(_groups(reports)) == 2


def _campaign(article: str, published: dt.date, towns: list[str], **child: object) -> list[Report]:
    parent = _reported(article, "p", None, published)
    return [parent] + [
        _reported(article, f"c{n}", town, published, parent="p", **child)
        for n, town in enumerate(towns)
    ]


def test_campaigns_merge_as_campaigns_and_children_by_place() -> None:
    first = _campaign("a", DAY, ["Quetta", "Gwadar"])
    # Another report calls the Quetta incident a grenade attack and adds a town.
    second = _campaign(
        "b",
        DAY + dt.timedelta(days=1),
        ["Quetta", "Turbat"],
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
    )
    clusters = cluster_reports(first + second, RULES)
    (campaign,) = [index for index, cluster in enumerate(clusters) if cluster.is_campaign]
    children = {
        frozenset(m.event.location for m in c.members): {m.article_id for m in c.members}
        for c in clusters
        if c.parent == campaign
    }
    assert children == {
        frozenset({"Quetta"}): {"a", "b"},
        frozenset({"Gwadar"}): {"a"},
        frozenset({"Turbat"}): {"b"},
    }


def test_a_town_of_a_wave_joins_its_campaign_not_another_incident_there_that_day() -> None:
    # Article a: the wave hit Gwadar (an abduction), and it also recalls a raid in Gwadar.
    first = _campaign(
        "a",
        DAY,
        ["Gwadar"],
        event_type="Violence against civilians",
        sub_event_type="Abduction/forced disappearance",
    )
    first.append(_reported("a", "raid", "Gwadar", DAY, background=True))
    second = _campaign("b", DAY, ["Gwadar"])  # article b calls the Gwadar attack a clash
    clusters = cluster_reports(first + second, RULES)
    together = next(c for c in clusters if ("b", "c0") in {m.key for m in c.members})
    assert {m.key for m in together.members} == {("a", "c0"), ("b", "c0")}


BOMBING = {
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Suicide bomb",
    "actor1": "Tehrik-i-Taliban Pakistan",
}


PROVINCE_ONLY: dict[str, object] = {
    "location": "Balochistan",
    "admin2": None,
    "latitude": None,
    "longitude": None,
    "geo_precision": 3,
}


@pytest.mark.parametrize(
    ("undated", "merged"),
    [
        ({}, True),
        ({"fatalities": Fatalities(civilians=Figure.exact(40))}, False),
        ({"actor1": "Islamic State (Khorasan)"}, False),
        ({"actor1": "Unidentified Armed Group (Pakistan)"}, True),
        (
            {
                "actor1": "Unidentified Armed Group (Pakistan)",
                "fatalities": Fatalities(civilians=Figure.exact(11)),
            },
            False,
        ),
        ({"sub_event_type": "Remote explosive/landmine/IED"}, False),
        (PROVINCE_ONLY, True),
        (PROVINCE_ONLY | {"fatalities": Fatalities(civilians=Figure.exact(40))}, False),
        (PROVINCE_ONLY | {"admin1": "Sindh", "location": "Sindh"}, False),
    ],
    ids=[
        "same-fingerprint",
        "other-toll",
        "other-group",
        "unnamed-same-toll",
        "unnamed-toll-off-by-one",
        "other-kind",
        "its-province-same-toll",
        "its-province-other-toll",
        "another-province",
    ],
)
def test_an_undated_report_joins_only_the_incident_it_matches_in_everything_else(
    undated: dict[str, object], merged: bool
) -> None:
    toll = Fatalities(civilians=Figure.exact(12))
    dated = _reported("a", "e1", "Quetta", DAY, fatalities=toll, **BOMBING)
    fields = {"fatalities": toll, **BOMBING, "date": None} | undated
    other = _reported("b", "e1", "Quetta", None, **fields)
    together = {("a", "e1"), ("b", "e1")} in _groups([dated, other])
    assert together is merged


@pytest.mark.parametrize("seed", range(6))
def test_clusters_do_not_depend_on_the_order_of_reports(seed: int) -> None:
    reports = [
        *_campaign("a", DAY, ["Quetta", "Gwadar"]),
        *_campaign("b", DAY, ["Kuchlak", "Pasni"]),
        _reported("c", "e1", "Quetta", actor1="Baloch Liberation Army"),
        _reported("d", "e1", "Quetta", actor1="Tehrik-i-Taliban Pakistan"),
    ]
    shuffled = list(reports)
    random.Random(seed).shuffle(shuffled)
    assert _groups(shuffled) == _groups(reports)


def test_the_merged_event_takes_the_named_actor_and_the_majority_type() -> None:
    members = [
        _reported("a", "e1", "Quetta", actor1="Unidentified Armed Group (Pakistan)"),
        _reported("b", "e1", "Quetta", actor1="Baloch Liberation Army"),
        _reported(
            "c", "e1", "Quetta", event_type="Explosions/Remote violence", sub_event_type="Grenade"
        ),
    ]
    event = consensus_event(members, "ev1", None)
    assert (event.actor1, event.sub_event_type, event.location) == (
        "Baloch Liberation Army",
        "Armed clash",
        "Quetta",
    )


GRENADE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Grenade"}


def test_the_merged_events_actors_come_from_the_reports_of_its_type() -> None:
    """A grenade attack's target is no side of the battle the other reports tell: merged, a
    battle got civilians as actor2, which ACLED's codebook rules out."""
    members = [
        _reported("a", "e1", "Quetta", actor1="Baloch Liberation Army"),
        _reported("b", "e1", "Quetta", actor1="Baloch Liberation Army"),
        _reported(
            "c",
            "e1",
            "Quetta",
            actor1="Baloch Liberation Army",
            actor2="Civilians (Pakistan)",
            **GRENADE,
        ),
    ]
    event = consensus_event(members, "ev1", None)
    assert (event.event_type, event.actor1, event.actor2) == (
        "Battles",
        "Baloch Liberation Army",
        None,
    )


def test_a_vote_that_pairs_actors_the_type_rules_out_keeps_one_reports_pair() -> None:
    members = [
        _reported(
            "a",
            "e1",
            "Quetta",
            actor1="Military Forces of Pakistan",
            actor2="Civilians (Pakistan)",
        ),
        _reported(
            "b",
            "e1",
            "Quetta",
            actor1="Baloch Liberation Army",
            actor2="Military Forces of Pakistan",
        ),
    ]
    event = consensus_event(members, "ev1", None)
    assert forbidden_roles(event.event_type, event.actor1, event.actor2) is None
    assert (event.actor1, event.actor2) == ("Baloch Liberation Army", "Military Forces of Pakistan")


def _said(
    value: int, article: str, day: int, speaker: str | None = None, outlet: str | None = None
) -> ReportedFigure:
    return ReportedFigure(Figure.exact(value), article, dt.date(2026, 1, day), speaker, outlet)


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        (
            [_said(10, "a", 31, "police"), _said(25, "b", 31, "a local elder")],
            Figure(best=10, low=10, high=25),
        ),
        (
            [_said(10, "a", 30, "police official Ibad Khan"), _said(15, "b", 31, "police")],
            Figure.exact(15),
        ),
        (
            [_said(10, "a", 30, None, "wire.example"), _said(15, "b", 31, None, "wire.example")],
            Figure.exact(15),
        ),
        (
            [
                _said(17, "a", 31, "Chief Minister Sarfraz Bugti"),
                _said(84, "b", 31, "BLA spokesman Jeeyand Baloch"),
            ],
            Figure.exact(17),
        ),
        (
            [
                _said(11, "a", 30, "hospital officials"),
                _said(31, "b", 31, "Chief Minister Sarfraz Bugti"),
            ],
            Figure(best=31, low=11, high=31),
        ),
        (
            [_said(12, "b", 31), _said(9, "a", 31)],
            Figure(best=12, low=9, high=12),
        ),
    ],
    ids=[
        "authoritative-beats-a-later-bystander",
        "same-source-toll-rose-supersedes",
        "same-outlet-own-count-supersedes",
        "claim-never-raises-best",
        "spread-across-sources-latest-official-best",
        "same-day-tie-falls-to-article-id",
    ],
)
def test_figures_across_reports(reports: list[ReportedFigure], expected: Figure) -> None:
    for order in itertools.permutations(reports):
        assert reconcile_figures(list(order), RULES, ["Baloch Liberation Army"]) == expected


@pytest.mark.parametrize(
    ("supports", "expected"),
    [
        ([SourceSupport("a", "https://www.wire.example/1")], (1, "single_source")),
        (
            [
                SourceSupport("a", "https://wire.example/1"),
                SourceSupport("b", "https://www.wire.example/2"),
            ],
            (1, "single_source"),
        ),
        (
            [SourceSupport("a", "https://wire.example/1"), SourceSupport("b", None)],
            (2, "multiple_sources"),
        ),
        (
            [SourceSupport("a", None, speakers=["a senior police official"])],
            (1, "official"),
        ),
        (
            [
                SourceSupport("a", None, files_claim=True),
                SourceSupport("b", None, files_claim=True),
            ],
            (2, "claimed_only"),
        ),
        (
            [
                SourceSupport("a", None, files_claim=True),
                SourceSupport("b", None, has_figures=True),
            ],
            (2, "multiple_sources"),
        ),
    ],
    ids=[
        "one-article",
        "two-stories-one-outlet",
        "two-outlets",
        "police-quoted",
        "only-the-group-claims-it",
        "claim-and-an-independent-report",
    ],
)
def test_sources_and_confidence(supports: list[SourceSupport], expected: tuple[int, str]) -> None:
    assert assess_sources(supports, RULES) == expected

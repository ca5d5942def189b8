"""Merging across reports in the store: the Balochistan wave of 31 January 2026, told by four
reports (``fixtures/balochistan_wave.jsonl``, the dev cluster's facts in new words) that arrive
in any order: the same campaign, the same children, the same figures every time."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.models import Article, ArticleRecord, Event
from sitrep.pipeline import process_article
from sitrep.store import Store
from sitrep.store.schema import FigureRow

WAVE = Path(__file__).resolve().parent / "fixtures" / "balochistan_wave.jsonl"
ORDERS = list(itertools.permutations(range(4)))


@cache
def wave() -> tuple[ArticleRecord, ...]:
    lines = WAVE.read_text(encoding="utf-8").splitlines()
    return tuple(process_article(Article.model_validate_json(line)) for line in lines)


def _figures(event: Event) -> dict[str, object]:
    return event.fatalities.model_dump(exclude_none=True)


def canonical_dump(store: Store) -> list[dict[str, object]]:
    """Everything a reader sees of the stored events, ids included."""
    return [
        {
            "id": event.id,
            "parent": event.parent,
            "date": str(event.date),
            "type": event.sub_event_type,
            "place": event.location,
            "actor1": event.actor1,
            "background": event.background,
            "fatalities": _figures(event),
            "sources": sorted(source.article_id for source in event.sources or []),
            "confidence": (event.source_count, event.confidence),
        }
        for event in store.events()
    ]


def _ingest(url: str, order: tuple[int, ...]) -> list[dict[str, object]]:
    with Store.open(url) as store:
        for index in order:
            store.save(wave()[index])
        return canonical_dump(store)


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    return _ingest(f"sqlite:///{tmp_path_factory.mktemp('wave') / 'first.db'}", ORDERS[0])


@pytest.mark.parametrize("order", ORDERS[1:], ids=lambda order: "-".join(map(str, order)))
def test_any_arrival_order_stores_the_same_events(
    sqlite_url: str, order: tuple[int, ...], expected: list[dict[str, object]]
) -> None:
    assert _ingest(sqlite_url, order) == expected


@pytest.mark.postgres
@pytest.mark.parametrize("order", [ORDERS[0], ORDERS[9], ORDERS[-1]], ids=["0123", "1302", "3210"])
def test_any_arrival_order_stores_the_same_events_on_postgresql(
    postgres_url: str, order: tuple[int, ...], expected: list[dict[str, object]]
) -> None:
    assert _ingest(postgres_url, order) == expected


@pytest.fixture
def merged(store: Store) -> Store:
    for record in reversed(wave()):
        store.save(record)
    return store


def test_the_wave_is_one_campaign_with_a_child_per_town(merged: Store) -> None:
    events = merged.events()
    campaigns = [e for e in events if e.parent is None and not e.background]
    (campaign,) = campaigns
    children = {e.location: e for e in events if e.parent == campaign.id}
    assert sorted(children) == sorted(
        [
            "Quetta",
            "Gwadar",
            "Mastung",
            "Nushki",
            "Dalbandin",
            "Kharan",
            "Tump",
            "Kalat",
            "Panjgur",
            "Pasni",
        ]
    )
    assert len(campaign.sources or []) == 4
    assert {s.article_id for s in children["Quetta"].sources or []} == {
        "bal-wave-1",
        "bal-wave-2",
        "bal-wave-3",
        "bal-wave-4",
    }
    assert children["Kalat"].confidence == "claimed_only"  # only the BLA's claim places it there
    assert children["Panjgur"].source_count == 1


def test_the_background_raid_merges_like_any_event(merged: Store) -> None:
    (raid,) = [e for e in merged.events() if e.background]
    assert raid.source_count == 2
    assert raid.fatalities.militants is not None and raid.fatalities.militants.best == 41


def test_tolls_keep_their_spread_and_follow_the_latest_official(merged: Store) -> None:
    (campaign,) = [e for e in merged.events() if e.parent is None and not e.background]
    assert _figures(campaign) == {
        "civilians": {"best": 31, "low": 11, "high": 31},
        "security_forces": {"best": 17, "low": 10},  # "at least 10" leaves the top open
        "militants": {"best": 145, "low": 37, "high": 145},
    }
    assert campaign.confidence == "official"
    history = merged.event_detail(campaign.id).figure_history["security_forces"]
    assert [(r.article_id, r.figure.best) for r in history] == [
        ("bal-wave-1", 10),
        ("bal-wave-2", 10),
        ("bal-wave-4", 17),
    ]
    assert history[-1].speaker == "Chief Minister Sarfraz Bugti"


def test_the_claimed_84_never_becomes_a_figure(merged: Store) -> None:
    with Session(merged.engine) as session:
        values = set(session.scalars(select(FigureRow.best)))
    assert 84 not in values
    assert [s.count.best for s in merged.statements("bal-wave-3") if s.count] == [84]


def test_an_unknown_actor_merges_with_the_named_group(merged: Store) -> None:
    # The second report never names the BLA; its Quetta and Nushki attackers are unidentified.
    assert wave()[1].events[1].actor1 == "Unidentified Armed Group (Pakistan)"
    quetta = next(e for e in merged.events() if e.location == "Quetta")
    assert quetta.actor1 == "Baloch Liberation Army"
    assert "bal-wave-2" in {s.article_id for s in quetta.sources or []}


def test_each_source_keeps_its_evidence(merged: Store) -> None:
    gwadar = next(e for e in merged.events() if e.location == "Gwadar")
    detail = merged.event_detail(gwadar.id)
    assert set(detail.evidence_by_article) == {"bal-wave-1", "bal-wave-4"}
    assert all(
        detail.articles[article].text[e.start : e.end] == e.text
        for article, evidence in detail.evidence_by_article.items()
        for e in evidence
    )


def test_storing_a_report_again_changes_nothing(merged: Store) -> None:
    before = (merged.row_counts(), canonical_dump(merged))
    merged.save(wave()[2])
    assert (merged.row_counts(), canonical_dump(merged)) == before


def test_the_dump_is_json(merged: Store) -> None:
    assert json.loads(json.dumps(canonical_dump(merged)))


def test_an_undated_report_merges_with_the_dated_incident_it_matches(sqlite_url: str) -> None:
    dated = Article(
        id="dated",
        published=dt.date(2026, 3, 11),
        text=(
            "A suicide bomber killed 12 people outside the courts in Islamabad on Tuesday. "
            "The Tehreek-i-Taliban Pakistan claimed responsibility for the attack."
        ),
    )
    undated = Article(
        id="undated",
        text=(
            "Twelve people died when a suicide bomber blew himself up outside the district "
            "courts in Islamabad. The Tehreek-i-Taliban Pakistan said it carried out the attack "
            "and claimed responsibility."
        ),
    )
    with Store.open(sqlite_url) as store:
        for article in (undated, dated):
            store.save(process_article(article))
        (event,) = [e for e in store.events() if not e.background]
    assert {s.article_id for s in event.sources or []} == {"dated", "undated"}
    assert event.date == dt.date(2026, 3, 10)

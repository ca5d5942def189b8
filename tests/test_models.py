"""The contract: what the models accept and what they reject when built."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from sitrep.models import Article, ArticleRecord, Event, Evidence, Fatalities, Figure, Statement
from sitrep.taxonomy import event_taxonomy


def _event(**fields: object) -> Event:
    base: dict[str, object] = {"id": "e1", "event_type": "Battles", "sub_event_type": "Armed clash"}
    return Event.model_validate(base | fields)


def test_taxonomy_has_acled_six_types() -> None:
    assert list(event_taxonomy()) == [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ]
    assert sum(len(subs) for subs in event_taxonomy().values()) == 25


@pytest.mark.parametrize(
    ("event_type", "sub_event_type"),
    [(event_type, sub) for event_type, subs in event_taxonomy().items() for sub in subs],
)
def test_every_acled_pairing_builds(event_type: str, sub_event_type: str) -> None:
    assert _event(event_type=event_type, sub_event_type=sub_event_type).event_type == event_type


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "message"),
    [
        ("Battles", "Grenade", "does not belong to 'Battles'"),
        ("Protests", "Mob violence", "does not belong to 'Protests'"),
        ("Explosions", "Grenade", "unknown event_type"),
        ("Violence against civilians", "attack", "does not belong"),
    ],
    ids=["grenade-is-no-battle", "mob-violence-is-a-riot", "unknown-type", "case-matters"],
)
def test_wrong_pairing_is_rejected(event_type: str, sub_event_type: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _event(event_type=event_type, sub_event_type=sub_event_type)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"best": 3, "low": 4, "high": 5}, "low"),
        ({"best": 6, "low": 4, "high": 5}, "high"),
        ({"best": -1, "low": -1, "high": None}, "greater than or equal"),
    ],
    ids=["low-above-best", "high-below-best", "negative"],
)
def test_figure_must_be_ordered(fields: dict[str, int | None], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Figure.model_validate(fields)


def test_open_ended_figure_and_addition() -> None:
    over_thirty = Figure(best=31, low=31, high=None)
    assert (over_thirty + Figure.exact(2)).model_dump() == {"best": 33, "low": 33, "high": None}
    assert (Figure.exact(2) + Figure(best=11, low=10, high=12)).model_dump() == {
        "best": 13,
        "low": 12,
        "high": 14,
    }


def test_fatalities_total_is_derived_from_categories() -> None:
    event = _event(
        fatalities=Fatalities(
            civilians=Figure.exact(11), militants=Figure(best=11, low=10, high=12)
        ),
        fatalities_total=Figure.exact(999),
    )
    assert event.fatalities_total == Figure(best=22, low=21, high=23)
    assert _event().fatalities_total is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "Pakistan"}, "pattern"),
        ({"latitude": 30.2}, "both"),
        ({"latitude": 91.0, "longitude": 0.0}, "less than or equal"),
        ({"geo_precision": 4}, "geo_precision"),
        ({"date_precision": 0}, "date_precision"),
        ({"parent": "e1"}, "own parent"),
        ({"colour": "red"}, "Extra inputs"),
    ],
    ids=[
        "country-not-iso",
        "half-coordinates",
        "latitude-range",
        "geo-precision",
        "date-precision",
        "self-parent",
        "unknown-field",
    ],
)
def test_event_rejects(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _event(**fields)


def test_evidence_span_cannot_run_backwards() -> None:
    with pytest.raises(ValidationError, match="before it starts"):
        Evidence(start=10, end=5, text="x")


def test_statement_kinds_are_closed() -> None:
    Statement(kind="aggregate", text="x", start=0, end=1)
    with pytest.raises(ValidationError):
        Statement.model_validate({"kind": "rumour", "text": "x", "start": 0, "end": 1})


def test_record_links_must_resolve() -> None:
    article = Article(id="a", text="Something happened.")
    with pytest.raises(ValidationError, match="unknown parent"):
        ArticleRecord(article=article, events=[_event(id="e2", parent="e9")])
    with pytest.raises(ValidationError, match="repeat"):
        ArticleRecord(article=article, events=[_event(), _event()])


def test_record_json_round_trips() -> None:
    record = ArticleRecord(
        article=Article(id="a", text="Two soldiers were killed.", published="2026-01-31"),
        events=[_event(fatalities=Fatalities(security_forces=Figure.exact(2)))],
    )
    data = json.loads(record.model_dump_json())
    assert ArticleRecord.model_validate(data) == record
    assert data["article"]["text"] == "Two soldiers were killed."
    assert data["article"]["published"] == "2026-01-31"
    assert data["events"][0]["fatalities"]["security_forces"] == {"best": 2, "low": 2, "high": 2}
    assert data["events"][0]["fatalities"]["civilians"] is None


def test_article_text_may_not_be_blank() -> None:
    with pytest.raises(ValidationError, match="empty"):
        Article(id="a", text="   \n")

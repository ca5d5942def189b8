"""Merging: one event per place, day and kind within an article; figures reconciled."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from sitrep.merge import ReportedFigure, consolidate_events, reconcile_figures
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

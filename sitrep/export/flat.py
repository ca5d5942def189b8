"""A flat CSV of events: one row each, figures spread into <name>_{best,low,high} columns."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from sitrep.models import CATEGORIES, Event, Figure

__all__ = ["CSV_COLUMNS", "figure_fields", "write_events_csv"]

_PLACE_AND_TYPE = [
    "id",
    "parent",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "assoc_actors",
]
_COUNTS = [*CATEGORIES, "total", "injured", "abducted"]
CSV_COLUMNS = [
    *_PLACE_AND_TYPE,
    *[f"{name}_{part}" for name in _COUNTS for part in ("best", "low", "high")],
    "claimed_by",
    "background",
    "source_article_ids",
    "source_urls",
    "source_count",
    "confidence",
]


def figure_fields(event: Event) -> dict[str, int | None]:
    """The event's figures spread into ``<name>_{best,low,high}``, None where there is none.

    One spelling of the columns for every flat export (CSV, GeoJSON properties, Parquet).
    """
    figures: dict[str, Figure | None] = {
        **{category: getattr(event.fatalities, category) for category in CATEGORIES},
        "total": event.fatalities_total,
        "injured": event.injured,
        "abducted": event.abducted,
    }
    fields: dict[str, int | None] = {}
    for name, figure in figures.items():
        fields[f"{name}_best"] = figure.best if figure else None
        fields[f"{name}_low"] = figure.low if figure else None
        fields[f"{name}_high"] = figure.high if figure else None
    return fields


def _row(event: Event) -> dict[str, object]:
    data = event.model_dump(mode="json", include=set(_PLACE_AND_TYPE))
    row: dict[str, object] = {key: "" if value is None else value for key, value in data.items()}
    row["assoc_actors"] = "; ".join(event.assoc_actors)
    row.update({key: "" if value is None else value for key, value in figure_fields(event).items()})
    row["claimed_by"] = "; ".join(event.claimed_by)
    row["background"] = "true" if event.background else "false"
    sources = event.sources or []
    row["source_article_ids"] = "; ".join(source.article_id for source in sources)
    row["source_urls"] = "; ".join(source.url or "" for source in sources)
    row["source_count"] = "" if event.source_count is None else event.source_count
    row["confidence"] = event.confidence or ""
    return row


def write_events_csv(events: Iterable[Event], stream: TextIO) -> int:
    """Write a header and one row per event; returns the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(_row(event))
        count += 1
    return count

"""Parquet: one row per event, the flat CSV's columns with real types, written with pyarrow.

Dates are ``date32``, figures nullable ``int64`` (null where the article is silent, and ``high``
null when open-ended), precisions ``int8``, coordinates ``float64``, ``background`` a boolean and
the lists (associated actors, claimants, source ids and URLs) ``list<string>``. Every event is a
row, campaign parents too, with ``parent`` naming a child's campaign: sum over rows whose
``parent`` is null to count each death once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.errors import ExportError
from sitrep.export.flat import CSV_COLUMNS, figure_fields
from sitrep.models import CATEGORIES, Event

__all__ = ["PARQUET_SCHEMA", "events_table", "write_events_parquet"]

_COUNTS = [*CATEGORIES, "total", "injured", "abducted"]
_TYPES: dict[str, pa.DataType] = {
    "id": pa.string(),
    "parent": pa.string(),
    "date": pa.date32(),
    "date_precision": pa.int8(),
    "event_type": pa.string(),
    "sub_event_type": pa.string(),
    "country": pa.string(),
    "admin1": pa.string(),
    "admin2": pa.string(),
    "location": pa.string(),
    "latitude": pa.float64(),
    "longitude": pa.float64(),
    "geo_precision": pa.int8(),
    "actor1": pa.string(),
    "actor2": pa.string(),
    "assoc_actors": pa.list_(pa.string()),
    **{f"{name}_{part}": pa.int64() for name in _COUNTS for part in ("best", "low", "high")},
    "claimed_by": pa.list_(pa.string()),
    "background": pa.bool_(),
    "source_article_ids": pa.list_(pa.string()),
    "source_urls": pa.list_(pa.string()),
    "source_count": pa.int32(),
    "confidence": pa.string(),
}
PARQUET_SCHEMA = pa.schema(
    [
        pa.field(name, _TYPES[name], nullable=name not in ("id", "background"))
        for name in CSV_COLUMNS
    ]
)


def _row(event: Event) -> dict[str, object]:
    row: dict[str, object] = {
        name: getattr(event, name) for name in CSV_COLUMNS if name in Event.model_fields
    }
    row.update(figure_fields(event))
    sources = event.sources or []
    row["source_article_ids"] = [source.article_id for source in sources]
    row["source_urls"] = [source.url for source in sources if source.url]
    return row


def events_table(events: Iterable[Event]) -> pa.Table:
    """The events as an Arrow table with :data:`PARQUET_SCHEMA`."""
    return pa.Table.from_pylist([_row(event) for event in events], schema=PARQUET_SCHEMA)


def write_events_parquet(events: Iterable[Event], path: str | Path) -> int:
    """Write the events to a Parquet file at ``path``; returns the number of rows.

    Raises:
        ExportError: The file cannot be written (a missing directory, no permission).
    """
    table = events_table(events)
    try:
        pq.write_table(table, str(path))
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}; check the directory exists") from exc
    rows: int = table.num_rows
    return rows

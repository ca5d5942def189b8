"""Parquet: one row per event, the flat CSV's columns with real types, written with pyarrow.

Dates are ``date32``, figures nullable ``int64`` (null where the article is silent, and ``high``
null when open-ended), precisions ``int8``, coordinates ``float64``, ``background`` a boolean and
the lists (associated actors, claimants, source ids and URLs) ``list<string>``. Every event is a
row, campaign parents too, with ``parent`` naming a child's campaign: sum over rows whose
``parent`` is null to count each death once.

The file is written a row group at a time, so an export of any size holds one group of events in
memory; pyarrow is imported when a file is written, not with sitrep (it weighs about 40 MB, and
most processes never write Parquet).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.errors import ExportError
from sitrep.export.flat import CSV_COLUMNS, figure_fields
from sitrep.models import CATEGORIES, Event

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ROW_GROUP_EVENTS", "events_table", "parquet_schema", "write_events_parquet"]

_COUNTS = [*CATEGORIES, "total", "injured", "abducted"]
ROW_GROUP_EVENTS = 10_000
"""Events per row group: what an export holds in memory at once."""


@lru_cache(maxsize=1)
def parquet_schema() -> pa.Schema:
    """The file's schema: the flat CSV's columns, each with its type."""
    import pyarrow as pa

    types: dict[str, pa.DataType] = {
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
    return pa.schema(
        [
            pa.field(name, types[name], nullable=name not in ("id", "background"))
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
    """The events as an Arrow table with :func:`parquet_schema`."""
    import pyarrow as pa

    return pa.Table.from_pylist([_row(event) for event in events], schema=parquet_schema())


def write_events_parquet(
    events: Iterable[Event], path: str | Path, row_group: int = ROW_GROUP_EVENTS
) -> int:
    """Write the events to a Parquet file at ``path``, ``row_group`` at a time; returns the
    number of rows. ``events`` is read once, in order: a generator over a database keeps memory
    flat.

    Raises:
        ExportError: The file cannot be written (a missing directory, no permission).
    """
    import pyarrow.parquet as pq

    rows = 0
    stream = iter(events)
    try:
        with pq.ParquetWriter(str(path), parquet_schema()) as writer:
            while group := list(islice(stream, row_group)):
                writer.write_table(events_table(group))
                rows += len(group)
            if rows == 0:
                writer.write_table(events_table([]))
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}; check the directory exists") from exc
    return rows

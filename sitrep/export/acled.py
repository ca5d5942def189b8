"""ACLED's CSV: ACLED's columns in ACLED's order, with ACLED's value sets.

Column by column:

- ``event_id_cnty``: the country's ISO alpha-3 code and a number derived from the sitrep id
  (``PAK`` + the id's hex digits read as a number), stable across exports; ``XXX`` without a
  country. ``event_date`` is ISO (as ACLED's API writes it), ``time_precision`` and
  ``geo_precision`` are sitrep's precisions, which follow ACLED's codes.
- ``disorder_type`` comes from ``data/event_types.csv``; ``inter1``/``inter2`` are ACLED's numeric
  actor types as ``data/export_actor_types.csv`` reads the actor names (empty for a named group
  whose type sitrep does not know); ``interaction`` is the two codes, the smaller first, or the
  code and 0 for a sole actor, as in ACLED's numeric scheme; ``civilian_targeting`` says "Civilian
  targeting" when civilians are actor2 or the event is violence against civilians.
- ``iso`` is the ISO 3166 numeric code, ``country`` ACLED's name, ``region`` ACLED's region, all
  from ``data/countries.csv``; ``admin3`` is empty (sitrep stops at districts).
- ``source`` names each source article by its site (the URL's host) and ``source_scale`` is left
  empty: sitrep does not rate its sources. ``notes`` is a sentence written from the event
  (:mod:`sitrep.export.notes`). ``fatalities`` is the best total (0 when no figure is given).
- ``tags`` marks the rows ACLED's own data would not have: ``sitrep: background`` for an earlier
  incident an article mentioned as context and ``sitrep: campaign remainder`` for the next case.
  ``timestamp`` is the time of the export, as in ACLED's data it is the time of the last upload.

Campaigns: ACLED has no parent events. Children and ordinary events are written as they are; a
parent is written only when it carries deaths no child accounts for, with just those deaths
(:mod:`sitrep.export.campaigns`). Background events are written: they are real events with
their own dates (``sitrep export --no-background`` leaves them out).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from sitrep.codebook import actor_type
from sitrep.datafiles import read_table
from sitrep.export.campaigns import FlatEvent, flatten_campaigns
from sitrep.export.codes import country_codes, event_number
from sitrep.export.notes import event_notes
from sitrep.ingest.urls import url_host
from sitrep.models import Event

__all__ = ["ACLED_COLUMNS", "acled_rows", "write_acled_csv", "write_acled_flat"]

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
_NO_COUNTRY = "XXX"
"""ISO 3166 leaves X-codes to users; ICAO's XXX means "unspecified", which is what this is."""


@lru_cache(maxsize=1)
def _disorder_types() -> dict[str, str]:
    rows = read_table("event_types.csv", ["event_type", "sub_event_type", "disorder_type"])
    return {row["sub_event_type"]: row["disorder_type"] for row in rows}


def _inter(actor: str | None) -> int | None:
    return actor_type(actor).inter if actor else None


def _interaction(first: int | None, second: int | None, has_second: bool) -> int | None:
    if first is None or (has_second and second is None):
        return None
    if second is None:
        return first * 10
    low, high = sorted((first, second))
    return low * 10 + high


def _sources(event: Event) -> str:
    hosts: list[str] = []
    for source in event.sources or []:
        host = url_host(source.url)
        if host and host not in hosts:
            hosts.append(host)
    return "; ".join(hosts)


def _row(item: FlatEvent, timestamp: int) -> dict[str, object]:
    event = item.event
    codes = country_codes(event.country)
    inter1, inter2 = _inter(event.actor1), _inter(event.actor2)
    civilians_targeted = event.event_type == "Violence against civilians" or (
        event.actor2 is not None and actor_type(event.actor2).inter == 7
    )
    total = event.fatalities_total
    tags = []
    if event.background:
        tags.append("sitrep: background")
    if item.summary:
        tags.append("sitrep: campaign remainder")
    cells: dict[str, object | None] = {
        "event_id_cnty": f"{codes.iso3 if codes else _NO_COUNTRY}{event_number(event.id)}",
        "event_date": event.date.isoformat() if event.date else None,
        "year": event.date.year if event.date else None,
        "time_precision": event.date_precision,
        "disorder_type": _disorder_types()[event.sub_event_type],
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": "; ".join(event.assoc_actors),
        "inter1": inter1,
        "actor2": event.actor2,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2, event.actor2 is not None),
        "civilian_targeting": "Civilian targeting" if civilians_targeted else None,
        "iso": codes.iso_numeric if codes else None,
        "region": codes.acled_region if codes else None,
        "country": codes.name if codes else None,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": None,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": _sources(event),
        "source_scale": None,
        "notes": event_notes(event),
        "fatalities": total.best if total else 0,
        "tags": "; ".join(tags),
        "timestamp": timestamp,
    }
    return {key: "" if value is None else value for key, value in cells.items()}


def acled_rows(events: Iterable[Event], timestamp: int | None = None) -> list[dict[str, object]]:
    """The ACLED rows for ``events``, campaign parents resolved; ``timestamp`` defaults to now."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return [_row(item, stamp) for item in flatten_campaigns(events)]


def write_acled_csv(events: Iterable[Event], stream: TextIO, timestamp: int | None = None) -> int:
    """Write ACLED's header and one row per exported event; returns the number of rows."""
    return write_acled_flat(flatten_campaigns(events), stream, timestamp)


def write_acled_flat(
    flat: Iterable[FlatEvent], stream: TextIO, timestamp: int | None = None
) -> int:
    """:func:`write_acled_csv` for events flattened already (a streamed export's
    :func:`~sitrep.export.campaigns.flatten_batches`), written row by row as they come."""
    stamp = int(time.time()) if timestamp is None else timestamp
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for item in flat:
        writer.writerow(_row(item, stamp))
        rows += 1
    return rows

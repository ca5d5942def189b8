"""UCDP GED's CSV: the Georeferenced Event Dataset's 49 columns in GED's order.

What goes out: events of organised violence only. ``data/export_ucdp_violence.csv`` maps ACLED's
event type to GED's ``type_of_violence``: battles and explosions are state-based (1) when a
state's forces are either actor, non-state (2) otherwise, one-sided (3) when the other actor is
civilians; violence against civilians is one-sided (3); protests, riots and strategic
developments are not organised violence and are left out. GED codes events with at least one
death, so events whose best total is 0, or that give no figure, are left out too. Campaign
parents are treated as for ACLED (:mod:`sitrep.export.campaigns`); a parent's unallocated rest
is a summary row, ``event_clarity`` 2, as GED marks its own summary events.

Sides and deaths: ``side_a`` is the government ("Government of Pakistan") when a state's forces
take part, else actor1 (the perpetrator, in one-sided violence); ``side_b`` is the other actor.
Security forces' deaths are ``deaths_a`` when side A is the government; militants' deaths are
side B's in state-based violence and side A's in one-sided violence by an armed group; civilians'
deaths are ``deaths_civilians``; unknown deaths and any deaths that belong to no side (militants
of two groups fighting each other, which no report splits) are ``deaths_unknown``. So ``best`` is
always ``deaths_a + deaths_b + deaths_civilians + deaths_unknown``, as in GED; ``low`` and
``high`` are the totals' (``high`` empty when open-ended, "over 30").

Places and dates: ``where_prec`` is 1 or 2 as sitrep's ``geo_precision``; otherwise 3 when the
district is known, 4 the province, 6 only the country; ``date_prec`` is 1 for a day, 3 for a week
or a range, 4 for a month. ``priogrid_gid`` is the PRIO-GRID cell of the coordinates (half-degree
cells numbered from 1 at 180°W 90°S, row by row). ``country_id`` is the Gleditsch-Ward number and
``region`` UCDP's region for it; ``country`` is written as ACLED names it. Actors keep their
ACLED-style names and UCDP's conflict and dyad ids stay empty: sitrep does not know UCDP's actor
list. ``conflict_name`` repeats ``dyad_name``, "side A - side B". ``relid`` is the sitrep id.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

from sitrep.codebook import actor_type
from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.export.campaigns import FlatEvent, flatten_campaigns
from sitrep.export.codes import country_codes, event_number, ucdp_region
from sitrep.ingest.urls import url_host
from sitrep.models import Event, Figure
from sitrep.taxonomy import event_taxonomy

__all__ = ["UCDP_COLUMNS", "type_of_violence", "ucdp_rows", "write_ucdp_csv", "write_ucdp_flat"]

UCDP_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]
_VIOLENCE = ("armed", "one-sided", "none")
_DATE_PREC = {1: 1, 2: 3, 3: 4}
_STATE_BASED, _NON_STATE, _ONE_SIDED = 1, 2, 3


@lru_cache(maxsize=1)
def _violence_by_type() -> dict[str, str]:
    rows = read_table("export_ucdp_violence.csv", ["event_type", "violence"])
    table = {row["event_type"]: row["violence"] for row in rows}
    for event_type, violence in table.items():
        if violence not in _VIOLENCE:
            raise LexiconError(
                f"export_ucdp_violence.csv: {event_type!r} has {violence!r}; "
                f"use one of {', '.join(_VIOLENCE)}"
            )
    if missing := sorted(set(event_taxonomy()) - set(table)):
        raise LexiconError(f"export_ucdp_violence.csv: no row for {', '.join(missing)}")
    return table


def type_of_violence(event: Event) -> int | None:
    """GED's type of violence of an event (1, 2 or 3), or None when GED would not code it."""
    violence = _violence_by_type()[event.event_type]
    if violence == "none":
        return None
    if violence == "one-sided":
        return _ONE_SIDED
    sides = {actor_type(actor).side for actor in (event.actor1, event.actor2) if actor}
    if "civilians" in sides:
        return _ONE_SIDED
    return _STATE_BASED if "state" in sides else _NON_STATE


@dataclass(frozen=True)
class _Sides:
    side_a: str | None
    side_b: str | None
    state_is_a: bool


def _sides(event: Event, country: str | None) -> _Sides:
    actors = [actor for actor in (event.actor1, event.actor2) if actor]
    state = next((a for a in actors if actor_type(a).side == "state"), None)
    if state is not None:
        others = [a for a in actors if actor_type(a).side != "state"]
        government = f"Government of {country}" if country else state
        return _Sides(government, others[0] if others else None, state_is_a=True)
    return _Sides(event.actor1, event.actor2, state_is_a=False)


def _best(figure: Figure | None) -> int:
    return figure.best if figure else 0


def _where_prec(event: Event) -> int | None:
    if event.geo_precision in (1, 2):
        return event.geo_precision
    if event.admin2:
        return 3
    if event.admin1:
        return 4
    return 6 if event.country else None


def _priogrid(latitude: float, longitude: float) -> int:
    row = min(math.floor((latitude + 90) * 2), 359)
    column = min(math.floor((longitude + 180) * 2), 719)
    return row * 720 + column + 1


def _row(item: FlatEvent, violence: int) -> dict[str, object]:
    event = item.event
    codes = country_codes(event.country)
    sides = _sides(event, codes.name if codes else None)
    deaths = event.fatalities
    security, militants = _best(deaths.security_forces), _best(deaths.militants)
    unknown = _best(deaths.unknown)
    deaths_a = deaths_b = 0
    if violence == _STATE_BASED:
        deaths_a, deaths_b = security, militants
    elif violence == _ONE_SIDED and sides.state_is_a:
        deaths_a, unknown = security, unknown + militants
    elif violence == _ONE_SIDED:
        deaths_a, unknown = militants, unknown + security
    else:
        unknown += security + militants
    total = event.fatalities_total or Figure.exact(0)
    urls = [source.url for source in event.sources or [] if source.url]
    offices = sorted({host for url in urls if (host := url_host(url))})
    dyad = " - ".join(side for side in (sides.side_a, sides.side_b) if side) or None
    day = event.date.isoformat() if event.date else None
    cells: dict[str, object | None] = dict.fromkeys(UCDP_COLUMNS)
    cells.update(
        {
            "id": event_number(event.id),
            "relid": event.id,
            "year": event.date.year if event.date else None,
            "type_of_violence": violence,
            "conflict_name": dyad,
            "dyad_name": dyad,
            "side_a": sides.side_a,
            "side_b": sides.side_b,
            "number_of_sources": len(event.sources or []),
            "source_article": "; ".join(urls),
            "source_office": "; ".join(offices),
            "where_prec": _where_prec(event),
            "where_coordinates": event.location or event.admin2 or event.admin1,
            "adm_1": event.admin1,
            "adm_2": event.admin2,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "geom_wkt": (
                f"POINT ({event.longitude} {event.latitude})"
                if event.latitude is not None
                else None
            ),
            "priogrid_gid": (
                _priogrid(event.latitude, event.longitude)
                if event.latitude is not None and event.longitude is not None
                else None
            ),
            "country": codes.name if codes else None,
            "country_id": codes.gwno if codes else None,
            "region": ucdp_region(codes.gwno) if codes else None,
            "event_clarity": 2 if item.summary else 1,
            "date_prec": _DATE_PREC[event.date_precision] if event.date else None,
            "date_start": day,
            "date_end": day,
            "deaths_a": deaths_a,
            "deaths_b": deaths_b,
            "deaths_civilians": _best(deaths.civilians),
            "deaths_unknown": unknown,
            "best": total.best,
            "high": total.high,
            "low": total.low,
            "gwnoa": codes.gwno if codes and sides.state_is_a else None,
        }
    )
    return {key: "" if value is None else value for key, value in cells.items()}


def ucdp_rows(events: Iterable[Event]) -> list[dict[str, object]]:
    """The GED rows for ``events``: organised violence with deaths only (see the module doc)."""
    return list(_flat_rows(flatten_campaigns(events)))


def _flat_rows(flat: Iterable[FlatEvent]) -> Iterator[dict[str, object]]:
    for item in flat:
        violence = type_of_violence(item.event)
        total = item.event.fatalities_total
        if violence is not None and total is not None and total.best > 0:
            yield _row(item, violence)


def write_ucdp_csv(events: Iterable[Event], stream: TextIO) -> int:
    """Write GED's header and one row per exported event; returns the number of rows."""
    return write_ucdp_flat(flatten_campaigns(events), stream)


def write_ucdp_flat(flat: Iterable[FlatEvent], stream: TextIO) -> int:
    """:func:`write_ucdp_csv` for events flattened already, written row by row as they come."""
    writer = csv.DictWriter(stream, fieldnames=UCDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for row in _flat_rows(flat):
        writer.writerow(row)
        rows += 1
    return rows

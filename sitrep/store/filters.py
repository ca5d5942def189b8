"""Which stored events a caller means: one filter for the command line, the API and exports.

``sitrep events``, ``sitrep export`` and ``GET /events`` take the same :class:`EventFilter`,
turned into SQL conditions here, so a filter means the same wherever it is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from sitrep.errors import QueryError
from sitrep.merge import Confidence
from sitrep.store.schema import ArticleRow, EventRow, EventSourceRow
from sitrep.taxonomy import event_taxonomy, event_type_of

__all__ = ["MAX_FILTER_TEXT", "BoundingBox", "EventFilter", "filter_conditions"]


@dataclass(frozen=True)
class BoundingBox:
    """``minlon,minlat,maxlon,maxlat`` in degrees; ``min_lon > max_lon`` crosses longitude 180."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BoundingBox:
        """Read ``minlon,minlat,maxlon,maxlat``; anything else is a :class:`QueryError`."""
        parts = text.split(",")
        try:
            values = [float(part) for part in parts]
        except ValueError:
            values = []
        if len(values) != 4:
            raise QueryError(f"bbox must be minlon,minlat,maxlon,maxlat in degrees, not {text!r}")
        box = cls(*values)
        if not (-180 <= box.min_lon <= 180 and -180 <= box.max_lon <= 180):
            raise QueryError(f"bbox longitudes must lie within -180..180: {text!r}")
        if not (-90 <= box.min_lat <= box.max_lat <= 90):
            raise QueryError(f"bbox latitudes must lie within -90..90, min first: {text!r}")
        return box


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to list; None means no constraint.

    ``event_type`` matches a type or a sub-event type, in any case; ``actor`` and ``text`` match
    case-insensitively anywhere in the field (``text`` searches the location, provinces, actors
    and the titles of the reporting articles). ``min_sources`` and ``confidence`` are judged on
    the assembled events (they come from the sources, not from a column).
    """

    country: str | None = None
    admin1: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    actor: str | None = None
    bbox: BoundingBox | None = None
    text: str | None = None
    include_background: bool = True
    min_sources: int | None = None
    """Only events reported by at least this many independent sources (outlets)."""
    confidence: Confidence | None = None

    def __post_init__(self) -> None:
        """Refuse what no search means: a NUL (SQLite's LIKE stops at it and matches every
        event; PostgreSQL refuses it), a text too long to be a search (SQLite answers "LIKE
        pattern too complex" to one of 60,000 characters), and a period that ends before it
        starts."""
        for name in ("country", "admin1", "event_type", "actor", "text"):
            value = getattr(self, name)
            if value is None:
                continue
            if "\x00" in value:
                raise QueryError(f"{name} holds a NUL character")
            if len(value) > MAX_FILTER_TEXT:
                raise QueryError(
                    f"{name} is {len(value):,} characters long; at most {MAX_FILTER_TEXT} are "
                    "searched"
                )
        if self.since is not None and self.until is not None and self.since > self.until:
            raise QueryError(f"since ({self.since}) is after until ({self.until})")


MAX_FILTER_TEXT = 200
"""The longest text a filter searches for: longer than any place, actor or headline phrase."""


def _contains(column: InstrumentedAttribute[str | None], needle: str) -> ColumnElement[bool]:
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


@lru_cache(maxsize=1)
def _type_names() -> dict[str, tuple[bool, str]]:
    """Every ACLED type and sub-event type by its case-folded name: (is a sub-type, the name)."""
    names = {sub.casefold(): (True, sub) for sub in event_type_of()}
    names.update({kind.casefold(): (False, kind) for kind in event_taxonomy()})
    return names


def _type_condition(name: str) -> ColumnElement[bool]:
    """An ACLED type on the type column, a sub-event type on the sub-type column, whatever its
    case. Naming the one column lets a page walk its index (``ix_events_sub_event_type_date_id``)
    instead of every event; a name the taxonomy lacks is looked for in both, as given."""
    known = _type_names().get(name.casefold())
    if known is None:
        return or_(EventRow.event_type == name, EventRow.sub_event_type == name)
    sub, canonical = known
    return (EventRow.sub_event_type if sub else EventRow.event_type) == canonical


def filter_conditions(query: EventFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.country:
        conditions.append(EventRow.country == query.country.upper())
    if query.admin1:
        conditions.append(func.lower(EventRow.admin1) == query.admin1.lower())
    if query.since:
        conditions.append(EventRow.date >= query.since)
    if query.until:
        conditions.append(EventRow.date <= query.until)
    if query.event_type:
        conditions.append(_type_condition(query.event_type))
    if query.actor:
        conditions.append(
            or_(_contains(EventRow.actor1, query.actor), _contains(EventRow.actor2, query.actor))
        )
    if query.bbox:
        box = query.bbox
        conditions.append(EventRow.latitude.between(box.min_lat, box.max_lat))
        if box.min_lon <= box.max_lon:
            conditions.append(EventRow.longitude.between(box.min_lon, box.max_lon))
        else:
            conditions.append(
                or_(EventRow.longitude >= box.min_lon, EventRow.longitude <= box.max_lon)
            )
    if query.text:
        titles = (
            select(EventSourceRow.event_id)
            .join(ArticleRow, ArticleRow.id == EventSourceRow.article_id)
            .where(EventSourceRow.event_id == EventRow.id, _contains(ArticleRow.title, query.text))
        )
        conditions.append(
            or_(
                *(
                    _contains(column, query.text)
                    for column in (
                        EventRow.location,
                        EventRow.admin1,
                        EventRow.admin2,
                        EventRow.actor1,
                        EventRow.actor2,
                    )
                ),
                exists(titles),
            )
        )
    if not query.include_background:
        conditions.append(EventRow.background.is_(False))
    return conditions

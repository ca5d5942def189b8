"""Read queries for the API and the dashboard: filtered pages, map points, statistics, articles.

:class:`~sitrep.store.repository.Store` lists events for the command line; the queries here add
what a server needs: more filters (province, actor, bounding box, text), keyset pagination that
stays fast on a large table, and aggregates that never load whole events.

Pages run newest first (``date`` descending, then ``id`` descending), undated events last. Dated
and undated events are fetched by two index-friendly queries instead of one ``ORDER BY date IS
NULL``, which no index serves on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Select, and_, false, func, or_, select, tuple_
from sqlalchemy.orm import Session

from sitrep.errors import ArticleNotFoundError, QueryError
from sitrep.ingest.identity import content_hash
from sitrep.merge.figures import ReportedFigure, reconcile_figures
from sitrep.merge.rules import MergeRules
from sitrep.models import CATEGORIES, Article, Category, Event, Evidence, Statement
from sitrep.store.filters import EventFilter, filter_conditions
from sitrep.store.repository import (
    REPORTED_FIGURE_COLUMNS,
    Store,
    _article_model,
    _assemble,
    _evidence_model,
    _same_article,
    reported_figure,
)
from sitrep.store.schema import ArticleRow, EventRow, EventSourceRow, EvidenceRow, FigureRow

__all__ = [
    "MAX_PAGE_SIZE",
    "ArticleDetail",
    "ArticleSpan",
    "EventPage",
    "EventPoint",
    "Interval",
    "StatsGroup",
    "StatsRow",
    "article_detail",
    "article_events",
    "count_matching",
    "decode_cursor",
    "encode_cursor",
    "event_page",
    "event_points",
    "event_stats",
    "matching_batches",
    "matching_children",
    "matching_events",
    "stored_article_id",
]

MAX_PAGE_SIZE = 500
"""A page is assembled with its figures, sources and evidence; more than this per request would
let one client hold a worker for seconds."""


@dataclass(frozen=True)
class EventPage:
    """One page of events and the cursor of the next page (None on the last page)."""

    events: list[Event]
    next: str | None


@dataclass(frozen=True)
class EventPoint:
    """What the map draws for one event: where, what kind, how many died."""

    id: str
    parent: str | None
    date: dt.date | None
    event_type: str
    sub_event_type: str
    country: str | None
    location: str | None
    latitude: float
    longitude: float
    deaths: int | None
    """Reconciled best death toll over all categories; None when no report gave one."""


class Interval(StrEnum):
    """The bucket of a statistics row: a day, or an ISO week named by its Monday."""

    day = "day"
    week = "week"


class StatsGroup(StrEnum):
    """What statistics rows are split by besides time."""

    none = "none"
    country = "country"
    admin1 = "admin1"


@dataclass
class StatsRow:
    """Events and deaths (``best`` figures) by category in one period and group."""

    period: dt.date
    group: str | None
    events: int = 0
    deaths: dict[Category, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))


@dataclass(frozen=True)
class ArticleSpan:
    """A piece of evidence in an article's text, with the stored event it supports."""

    event_id: str
    evidence: Evidence


@dataclass
class ArticleDetail:
    """A stored article, the events it reported, its evidence spans and its statements."""

    article: Article
    spans: list[ArticleSpan]
    statements: list[Statement]
    event_ids: list[str]


# -- cursors ---------------------------------------------------------------------------------


def encode_cursor(event: Event) -> str:
    """An opaque cursor that resumes a page after ``event``."""
    key = [event.date.isoformat() if event.date else None, event.id]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date | None, str]:
    """The (date, id) a cursor resumes after; a cursor not made here is a :class:`QueryError`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, event_id = json.loads(raw)
        if not isinstance(event_id, str):
            raise ValueError(event_id)
        return (dt.date.fromisoformat(day) if day is not None else None), event_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise QueryError(
            f"cursor {cursor!r} is not one this server gave; start again without it"
        ) from exc


# -- filters ---------------------------------------------------------------------------------


def _selected(query: EventFilter) -> Select[tuple[EventRow]]:
    return select(EventRow).where(*filter_conditions(query))


# -- pages -----------------------------------------------------------------------------------


def event_page(
    store: Store, query: EventFilter, limit: int = 50, cursor: str | None = None
) -> EventPage:
    """Up to ``limit`` events after ``cursor``, newest first, and the next page's cursor.

    The order (date descending, id descending, undated last) is total, so paging through while
    events are being added never repeats or skips one that was there at the start.
    """
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise QueryError(f"limit must be between 1 and {MAX_PAGE_SIZE}, not {limit}")
    after = decode_cursor(cursor) if cursor else None
    base = _selected(query)
    rows: list[EventRow] = []
    with Session(store.engine) as session:
        if after is None or after[0] is not None:
            dated = base.where(EventRow.date.is_not(None))
            if after is not None:
                day, event_id = after
                dated = dated.where(
                    or_(EventRow.date < day, and_(EventRow.date == day, EventRow.id < event_id))
                )
            rows = list(
                session.scalars(
                    dated.order_by(EventRow.date.desc(), EventRow.id.desc()).limit(limit + 1)
                )
            )
        if len(rows) <= limit:
            undated = base.where(EventRow.date.is_(None))
            if after is not None and after[0] is None:
                undated = undated.where(EventRow.id < after[1])
            rows += session.scalars(
                undated.order_by(EventRow.id.desc()).limit(limit + 1 - len(rows))
            )
        more = len(rows) > limit
        events = _assemble(session, rows[:limit], store.rules)
    return EventPage(events=events, next=encode_cursor(events[-1]) if more else None)


def count_matching(store: Store, query: EventFilter) -> int:
    """How many stored events the filter's conditions select: one COUNT, nothing assembled
    (``min_sources`` and ``confidence``, judged on assembled events, may keep fewer)."""
    counted = select(func.count()).select_from(EventRow).where(*filter_conditions(query))
    with store.engine.connect() as connection:
        return int(connection.execute(counted).scalar_one())


def matching_events(store: Store, query: EventFilter) -> list[Event]:
    """Every matching event, oldest first as ``sitrep events`` lists them: what exports take."""
    selected = _selected(query).order_by(EventRow.date.is_(None), EventRow.date, EventRow.id)
    with Session(store.engine) as session:
        return _assemble(session, list(session.scalars(selected)), store.rules)


EXPORT_BATCH = 500
"""Events assembled at a time when an export is streamed: memory stays that of one batch."""


def matching_batches(
    store: Store, query: EventFilter, batch_size: int = EXPORT_BATCH
) -> Iterator[list[Event]]:
    """The events :func:`matching_events` gives, in the same order, ``batch_size`` at a time.

    Each batch is found by keyset (after the last batch's date and id, then the undated by id),
    so a large export reads the store once, in batches, and never holds all of it.
    """
    conditions = filter_conditions(query)
    # The dated by (date, id), then the undated by id: the order of ``matching_events``.
    parts = (
        (EventRow.date.is_not(None), (EventRow.date, EventRow.id)),
        (EventRow.date.is_(None), (EventRow.id,)),
    )
    with Session(store.engine) as session:
        for part, keys in parts:
            last: tuple[Any, ...] | None = None
            while True:
                selected = select(EventRow).where(*conditions, part)
                if last is not None:
                    selected = selected.where(tuple_(*keys) > tuple_(*last))
                rows = list(session.scalars(selected.order_by(*keys).limit(batch_size)))
                if not rows:
                    break
                yield _assemble(session, rows, store.rules)
                last = tuple(getattr(rows[-1], key.key) for key in keys)
                session.expunge_all()


def matching_children(store: Store, query: EventFilter, parents: Sequence[str]) -> list[Event]:
    """The matching events whose parent is one of ``parents``: what a streamed export needs to
    know of a batch's campaigns (their children may fall in other batches)."""
    if not parents:
        return []
    selected = _selected(query).where(EventRow.parent_id.in_(parents)).order_by(EventRow.id)
    with Session(store.engine) as session:
        return _assemble(session, list(session.scalars(selected)), store.rules)


def article_events(store: Store, article_id: str) -> list[Event]:
    """The stored events an article reported, parents before their children."""
    selected = (
        select(EventRow)
        .join(EventSourceRow, EventSourceRow.event_id == EventRow.id)
        .where(EventSourceRow.article_id == article_id)
        .order_by(EventRow.parent_id.is_not(None), EventRow.id)
    )
    with Session(store.engine) as session:
        return _assemble(session, list(session.scalars(selected)), store.rules)


def stored_article_id(store: Store, article: Article) -> str | None:
    """The id this article is stored under: its own, or that of a stored copy (same text or URL).

    A report sent again under another URL or id is the stored one; this finds it so its events
    can be returned instead of none.
    """
    condition = _same_article(article.id, content_hash(article.text), article.url)
    with Session(store.engine) as session:
        ids = set(session.scalars(select(ArticleRow.id).where(condition)))
    if article.id in ids:
        return article.id
    return min(ids) if ids else None


# -- aggregates ------------------------------------------------------------------------------


def _reconciled_best(
    connection: Connection, event_ids: Select[tuple[str]], rules: MergeRules
) -> dict[str, dict[str, int]]:
    """Each event's reconciled ``best`` per category, weighed as the store weighs it (who said
    it, which outlet, a perpetrator's word never raising it), from its figure rows only."""
    reports: dict[str, dict[str, list[ReportedFigure]]] = defaultdict(lambda: defaultdict(list))
    perpetrators: dict[str, list[str]] = {}
    rows = connection.execute(
        select(*REPORTED_FIGURE_COLUMNS, EventRow.actor1, EventRow.claimed_by)
        .join(ArticleRow, ArticleRow.id == FigureRow.article_id)
        .join(EventRow, EventRow.id == FigureRow.event_id)
        .where(FigureRow.event_id.in_(event_ids), FigureRow.category.in_(CATEGORIES))
    )
    for row in rows:
        names = [row.actor1, *(row.claimed_by or [])]
        perpetrators[row.event_id] = [name for name in names if name]
        reports[row.event_id][row.category].append(reported_figure(row))
    best_by_event: dict[str, dict[str, int]] = {}
    for event_id, by_category in reports.items():
        best_by_event[event_id] = {}
        for category, given in by_category.items():
            figure = reconcile_figures(given, rules, perpetrators.get(event_id, []))
            if figure is not None:
                best_by_event[event_id][category] = figure.best
    return best_by_event


def event_points(store: Store, query: EventFilter) -> list[EventPoint]:
    """Every matching event that has coordinates, with its total deaths, for the map.

    Deaths are the reconciled ``best`` figures summed over categories, None when no report gave
    any; a campaign's parent carries its own totals, so the map can size it like any event.
    """
    located = [*filter_conditions(query), EventRow.latitude.is_not(None)]
    columns = (
        select(
            EventRow.id,
            EventRow.parent_id,
            EventRow.date,
            EventRow.event_type,
            EventRow.sub_event_type,
            EventRow.country,
            EventRow.location,
            EventRow.latitude,
            EventRow.longitude,
        )
        .where(*located)
        .order_by(EventRow.date.desc(), EventRow.id.desc())
    )
    ids = select(EventRow.id).where(*located)
    with store.engine.connect() as connection:
        deaths = _reconciled_best(connection, ids, store.rules)
        return [
            EventPoint(
                id=event_id,
                parent=parent,
                date=day,
                event_type=event_type,
                sub_event_type=sub_event_type,
                country=country,
                location=location,
                latitude=latitude,
                longitude=longitude,
                deaths=sum(deaths[event_id].values()) if event_id in deaths else None,
            )
            for (
                event_id,
                parent,
                day,
                event_type,
                sub_event_type,
                country,
                location,
                latitude,
                longitude,
            ) in connection.execute(columns)
        ]


def _period(day: dt.date, interval: Interval) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if interval is Interval.week else day


def event_stats(
    store: Store,
    query: EventFilter,
    interval: Interval = Interval.day,
    group: StatsGroup = StatsGroup.none,
) -> list[StatsRow]:
    """Events and deaths by category per day or week, optionally per country or province.

    Only root events count (those without a parent): a campaign's parent carries its totals, and
    adding its children too would count the same dead twice. Undated events have no period and
    are left out. Rows come in period order, then group order.
    """
    roots = [*filter_conditions(query), EventRow.parent_id.is_(None), EventRow.date.is_not(None)]
    group_column = {
        StatsGroup.none: None,
        StatsGroup.country: EventRow.country,
        StatsGroup.admin1: EventRow.admin1,
    }[group]
    rows: dict[tuple[dt.date, str | None], StatsRow] = {}
    with store.engine.connect() as connection:
        deaths = _reconciled_best(connection, select(EventRow.id).where(*roots), store.rules)
        selected = select(
            EventRow.id, EventRow.date, group_column if group_column is not None else false()
        ).where(*roots)
        for event_id, day, key in connection.execute(selected):
            group_key = key if group_column is not None else None
            period = _period(day, interval)
            row = rows.setdefault((period, group_key), StatsRow(period=period, group=group_key))
            row.events += 1
            for category, best in deaths.get(event_id, {}).items():
                row.deaths[category] += best  # type: ignore[index]
    return [rows[key] for key in sorted(rows, key=lambda key: (key[0], key[1] or ""))]


# -- articles --------------------------------------------------------------------------------


def article_detail(store: Store, article_id: str) -> ArticleDetail:
    """An article's text with every evidence span stored for it, in text order."""
    with Session(store.engine) as session:
        row = session.get(ArticleRow, article_id)
        if row is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r}")
        evidence_rows = session.scalars(
            select(EvidenceRow)
            .where(EvidenceRow.article_id == article_id)
            .order_by(EvidenceRow.span_start, EvidenceRow.span_end, EvidenceRow.event_id)
        )
        spans = [ArticleSpan(r.event_id, _evidence_model(r)) for r in evidence_rows]
        event_ids = list(
            session.scalars(
                select(EventSourceRow.event_id)
                .where(EventSourceRow.article_id == article_id)
                .order_by(EventSourceRow.event_id)
            )
        )
        article = _article_model(row)
    return ArticleDetail(
        article=article,
        spans=spans,
        statements=store.statements(article_id),
        event_ids=event_ids,
    )

"""Storing an article's events merged with the stored reports of the same incidents.

Inside the article's transaction: its events are written as reports (``event_reports``); the
component of stored reports they may merge with is found (reports linked by
:func:`sitrep.merge.may_merge`, followed transitively, whole articles at a time); the stored
events of that component are dropped and rebuilt from all of its reports by
:func:`sitrep.merge.cluster_reports`. A component is always clustered whole, so what is stored
does not depend on the order the articles arrived in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from sitrep.merge import Cluster, MergeRules, Report, cluster_reports, consensus_event, may_merge
from sitrep.models import CATEGORIES, ArticleRecord, Event, Figure
from sitrep.store.schema import (
    ArticleRow,
    EventReportRow,
    EventRow,
    EventSourceRow,
    EvidenceRow,
    FigureRow,
)

__all__ = ["add_reports", "counted_figures", "figure_speaker", "merge_component"]

_WINDOW_CHUNK = 200
"""(country, day) windows asked for in one query: keeps the OR list well inside SQL limits."""


def add_reports(session: Session, record: ArticleRecord) -> None:
    """Keep each of the article's events as the article reported it."""
    for event in record.events:
        session.add(
            EventReportRow(
                article_id=record.article.id,
                local_id=event.id,
                event_id="",
                country=event.country,
                date=event.date,
                payload=event.model_dump_json(exclude={"sources", "source_count", "confidence"}),
            )
        )
    session.flush()


def _reports(session: Session, article_ids: Iterable[str]) -> list[tuple[EventReportRow, Report]]:
    ids = sorted(set(article_ids))
    rows = session.execute(
        select(EventReportRow, ArticleRow.published)
        .join(ArticleRow, ArticleRow.id == EventReportRow.article_id)
        .where(EventReportRow.article_id.in_(ids))
    ).all()
    return [
        (row, Report(row.article_id, published, Event.model_validate_json(row.payload)))
        for row, published in rows
    ]


def _neighbours(
    session: Session, frontier: Sequence[Report], known: set[str], rules: MergeRules
) -> set[str]:
    """Articles outside ``known`` with a report that may merge with one in ``frontier``."""
    placed = [r for r in frontier if r.event.country is not None]
    dated = [r for r in placed if r.event.date is not None]
    windows = sorted({(r.event.country or "", r.event.date or dt.date.min) for r in dated})
    span = dt.timedelta(days=rules.max_days)
    conditions = [
        or_(
            *(
                and_(
                    EventReportRow.country == country,
                    EventReportRow.date.between(day - span, day + span),
                )
                for country, day in windows[start : start + _WINDOW_CHUNK]
            )
        )
        for start in range(0, len(windows), _WINDOW_CHUNK)
    ]
    # Undated reports can only match by their fingerprint (see merge.across.same_fingerprint),
    # whatever the other's day: an undated report looks at its country's reports, a dated one
    # at the country's undated ones.
    undated_countries = sorted({r.event.country or "" for r in placed if r.event.date is None})
    if undated_countries:
        conditions.append(EventReportRow.country.in_(undated_countries))
    dated_countries = sorted({r.event.country or "" for r in dated})
    if dated_countries:
        conditions.append(
            and_(EventReportRow.country.in_(dated_countries), EventReportRow.date.is_(None))
        )
    found: set[str] = set()
    for condition in conditions:
        for row in session.scalars(select(EventReportRow).where(condition)):
            if row.article_id in known or row.article_id in found:
                continue
            candidate = Event.model_validate_json(row.payload)
            if any(may_merge(r.event, candidate, rules) for r in placed):
                found.add(row.article_id)
    return found


def _component(
    session: Session, article_id: str, rules: MergeRules
) -> list[tuple[EventReportRow, Report]]:
    """The reports of every article linked to this one's, directly or through others."""
    loaded = _reports(session, [article_id])
    known = {article_id}
    frontier = [report for _, report in loaded]
    while frontier:
        new = _neighbours(session, frontier, known, rules)
        known |= new
        more = _reports(session, new) if new else []
        loaded.extend(more)
        frontier = [report for _, report in more]
    return loaded


def merge_component(
    session: Session, article_id: str, rules: MergeRules, event_id: Callable[[str, str], str]
) -> None:
    """Rebuild the stored events of the component the article belongs to.

    ``event_id`` names a stored event after its earliest report (article id, local id).
    """
    loaded = _component(session, article_id, rules)
    rows = {report.key: row for row, report in loaded}
    stale = sorted({row.event_id for row in rows.values() if row.event_id})
    if stale:
        for table in (EvidenceRow, FigureRow, EventSourceRow):
            session.execute(delete(table).where(table.event_id.in_(stale)))
        session.execute(delete(EventRow).where(EventRow.id.in_(stale)))
    clusters = cluster_reports([report for _, report in loaded], rules)
    ids = [event_id(*cluster.members[0].key) for cluster in clusters]
    for campaigns in (True, False):
        for index, cluster in enumerate(clusters):
            if cluster.is_campaign != campaigns:
                continue
            parent = ids[cluster.parent] if cluster.parent is not None else None
            _write(session, cluster, ids[index], parent)
            for member in cluster.members:
                rows[member.key].event_id = ids[index]
        session.flush()  # parents before children, for PostgreSQL's immediate FK checks


def _write(
    session: Session,
    cluster: Cluster,
    event_id: str,
    parent_id: str | None,
) -> None:
    event = consensus_event(cluster.members, event_id, parent_id)
    session.add(
        EventRow(
            id=event.id,
            parent_id=event.parent,
            background=event.background,
            date=event.date,
            date_precision=event.date_precision,
            event_type=event.event_type,
            sub_event_type=event.sub_event_type,
            country=event.country,
            admin1=event.admin1,
            admin2=event.admin2,
            location=event.location,
            latitude=event.latitude,
            longitude=event.longitude,
            geo_precision=event.geo_precision,
            actor1=event.actor1,
            actor2=event.actor2,
            assoc_actors=list(event.assoc_actors),
            claimed_by=list(event.claimed_by),
        )
    )
    for member in cluster.members:
        article_id, reported = member.article_id, member.event
        session.add(EventSourceRow(event_id=event_id, article_id=article_id, local_id=reported.id))
        for category, figure in counted_figures(reported):
            session.add(
                FigureRow(
                    event_id=event_id,
                    article_id=article_id,
                    category=category,
                    best=figure.best,
                    low=figure.low,
                    high=figure.high,
                    speaker=figure_speaker(reported, category),
                )
            )
        for position, evidence in enumerate(reported.evidence):
            session.add(
                EvidenceRow(
                    event_id=event_id,
                    article_id=article_id,
                    position=position,
                    field=evidence.field,
                    span_start=evidence.start,
                    span_end=evidence.end,
                    text=evidence.text,
                    attributed_to=evidence.attributed_to,
                )
            )


def counted_figures(event: Event) -> Iterable[tuple[str, Figure]]:
    """The figures of an event as stored: one per death category, injured and abducted."""
    for category in CATEGORIES:
        figure = getattr(event.fatalities, category)
        if figure is not None:
            yield category, figure
    if event.injured is not None:
        yield "injured", event.injured
    if event.abducted is not None:
        yield "abducted", event.abducted


def figure_speaker(event: Event, category: str) -> str | None:
    """Who the article quotes for a figure: the first evidence of it that names a speaker."""
    wanted = category if category in ("injured", "abducted") else f"fatalities.{category}"
    speakers = (e.attributed_to for e in event.evidence if e.field == wanted and e.attributed_to)
    return next(speakers, None)

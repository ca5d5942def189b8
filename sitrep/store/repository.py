"""Reading and writing records: one transaction per article, idempotent, order-independent ids."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Engine, Row, Select, func, or_, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from sitrep import __version__
from sitrep.errors import EventNotFoundError, StoreError
from sitrep.ingest.identity import content_hash
from sitrep.ingest.urls import url_key
from sitrep.merge import (
    MergeRules,
    ReportedFigure,
    SourceSupport,
    assess_sources,
    default_merge_rules,
    reconcile_figures,
)
from sitrep.merge.confidence import outlet_of
from sitrep.models import (
    CATEGORIES,
    Article,
    ArticleRecord,
    Event,
    Evidence,
    Fatalities,
    Figure,
    SourceRef,
    Statement,
)
from sitrep.store.engine import open_engine
from sitrep.store.filters import EventFilter, filter_conditions
from sitrep.store.merging import add_reports, merge_component
from sitrep.store.migrate import ensure_schema
from sitrep.store.schema import (
    ArticleRow,
    Base,
    EventRow,
    EventSourceRow,
    EvidenceRow,
    FigureRow,
    StatementRow,
)

__all__ = ["EventDetail", "EventFilter", "SaveOutcome", "Store", "stored_event_id"]

_COUNTED = (*CATEGORIES, "injured", "abducted")


class SaveOutcome(StrEnum):
    """What storing one article did."""

    NEW = "new"
    ALREADY_STORED = "already stored"


@dataclass
class EventDetail:
    """An event with everything ``sitrep show`` needs: figure history and the source texts."""

    event: Event
    figure_history: dict[str, list[ReportedFigure]] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    evidence_by_article: dict[str, list[Evidence]] = field(default_factory=dict)
    children: list[Event] = field(default_factory=list)


def stored_event_id(article_id: str, local_id: str) -> str:
    """A database id for an event that is the same every time the same article is stored."""
    digest = hashlib.sha256(f"{article_id}\x1f{local_id}".encode()).hexdigest()
    return f"ev{digest[:14]}"


_MERGE_LOCK = 0x5117EE
"""PostgreSQL advisory lock key: merges are serialised so two writers never rebuild one
component at once (SQLite serialises writers by itself)."""


class Store:
    """A sitrep database. Opening one creates it at the current schema if it is new.

    ``rules`` decide which reports are one incident and whose figures count most; the shipped
    ones by default.
    """

    def __init__(self, engine: Engine, rules: MergeRules | None = None) -> None:
        self.engine = engine
        self.rules = rules or default_merge_rules()
        try:
            ensure_schema(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise StoreError(
                f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                f"{exc.orig or exc}".splitlines()[0]
            ) from exc

    @classmethod
    def open(cls, url: str, rules: MergeRules | None = None) -> Store:
        """Open (and if need be create) the database at ``url``."""
        return cls(open_engine(url), rules)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def save(self, record: ArticleRecord) -> SaveOutcome:
        """Store an article with its events, figures, statements and evidence, all or nothing.

        The article's events are merged with the stored events of the same incidents (see
        :mod:`sitrep.store.merging`) in the same transaction. An article already stored under the
        same id or with the same content is left as it is: re-running an ingest changes no row.
        """
        article = record.article
        digest = content_hash(article.text)
        try:
            with Session(self.engine) as session, session.begin():
                known = session.scalar(
                    select(ArticleRow.id).where(_same_article(article.id, digest, article.url))
                )
                if known is not None:
                    return SaveOutcome.ALREADY_STORED
                if session.get_bind().dialect.name == "postgresql":
                    lock = text("SELECT pg_advisory_xact_lock(:key)")
                    session.execute(lock, {"key": _MERGE_LOCK})
                session.add(_article_row(record, digest))
                session.flush()
                _check_parents(record.events)
                add_reports(session, record)
                merge_component(session, article.id, self.rules, stored_event_id)
                _add_statements(session, article.id, record.statements)
        except IntegrityError:
            # Another writer stored the same article between our check and our insert.
            if self.has_article(article.id, digest, article.url):
                return SaveOutcome.ALREADY_STORED
            raise
        return SaveOutcome.NEW

    def has_article(
        self, article_id: str, digest: str | None = None, url: str | None = None
    ) -> bool:
        """True when an article with this id, this content hash or this URL is stored.

        URLs are compared normalised (:func:`sitrep.ingest.urls.normalise_url`), so the same
        page under another tracking parameter counts as stored.
        """
        with Session(self.engine) as session:
            condition = _same_article(article_id, digest, url)
            return session.scalar(select(ArticleRow.id).where(condition)) is not None

    # -- reading -------------------------------------------------------------------------

    def row_counts(self) -> dict[str, int]:
        """Rows per table: what an idempotence check compares."""
        with Session(self.engine) as session:
            return {
                table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }

    def events(self, where: EventFilter | None = None) -> list[Event]:
        """Stored events matching ``where``, ordered by date then id, each with its sources."""
        where = where or EventFilter()
        query = _filtered(select(EventRow), where)
        with Session(self.engine) as session:
            rows = list(session.scalars(query))
            events = _assemble(session, rows, self.rules)
        return [
            event
            for event in events
            if (where.min_sources is None or (event.source_count or 0) >= where.min_sources)
            and (where.confidence is None or event.confidence == where.confidence)
        ]

    def event_detail(self, event_id: str) -> EventDetail:
        """One event, its figure history, its evidence and the articles it came from."""
        with Session(self.engine) as session:
            row = session.get(EventRow, event_id)
            if row is None:
                raise EventNotFoundError(
                    f"no event with id {event_id!r}; list ids with `sitrep events`"
                )
            (event,) = _assemble(session, [row], self.rules)
            children_rows = list(
                session.scalars(
                    select(EventRow).where(EventRow.parent_id == event_id).order_by(EventRow.id)
                )
            )
            history = _figure_history(session, [event_id])[event_id]
            article_ids = [source.article_id for source in event.sources or []]
            articles = {
                article_row.id: _article_model(article_row)
                for article_row in session.scalars(
                    select(ArticleRow).where(ArticleRow.id.in_(article_ids))
                )
            }
            by_article: dict[str, list[Evidence]] = defaultdict(list)
            for evidence_row in session.scalars(
                select(EvidenceRow)
                .where(EvidenceRow.event_id == event_id)
                .order_by(EvidenceRow.article_id, EvidenceRow.position)
            ):
                by_article[evidence_row.article_id].append(_evidence_model(evidence_row))
            return EventDetail(
                event=event,
                figure_history=history,
                articles=articles,
                evidence_by_article=dict(by_article),
                children=_assemble(session, children_rows, self.rules),
            )

    def report_links(self) -> dict[tuple[str, str], str]:
        """Which stored event each article's event was merged into: (article, local id) → id."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(EventSourceRow.article_id, EventSourceRow.local_id, EventSourceRow.event_id)
            )
            return {(article_id, local_id): event_id for article_id, local_id, event_id in rows}

    def statements(self, article_id: str) -> list[Statement]:
        """The statements stored for one article, in the order the extractor gave them."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(StatementRow)
                .where(StatementRow.article_id == article_id)
                .order_by(StatementRow.position)
            )
            return [_statement_model(row) for row in rows]


# -- rows from models ----------------------------------------------------------------------


def _same_article(article_id: str, digest: str | None, url: str | None) -> ColumnElement[bool]:
    """Rows that are this article: the same id, the same text, or the same normalised URL."""
    conditions = [ArticleRow.id == article_id]
    if digest is not None:
        conditions.append(ArticleRow.content_hash == digest)
    if (key := url_key(url)) is not None:
        conditions.append(ArticleRow.url_key == key)
    return or_(*conditions)


def _article_row(record: ArticleRecord, digest: str) -> ArticleRow:
    article = record.article
    return ArticleRow(
        id=article.id,
        url=article.url,
        title=article.title,
        published=article.published,
        source=article.source,
        text=article.text,
        content_hash=digest,
        url_key=url_key(article.url),
        sitrep_version=record.sitrep.version if record.sitrep else __version__,
        rules=record.sitrep.rules if record.sitrep else "unknown",
    )


def _check_parents(events: Sequence[Event]) -> None:
    """Refuse a record whose events point at each other in a cycle (the model allows it)."""
    parent = {event.id: event.parent for event in events}
    for event in events:
        seen = {event.id}
        current = event.parent
        while current is not None:
            if current in seen:
                raise ValueError("events form a parent cycle: " + ", ".join(e.id for e in events))
            seen.add(current)
            current = parent.get(current)


def _add_statements(session: Session, article_id: str, statements: Sequence[Statement]) -> None:
    for position, statement in enumerate(statements):
        count = statement.count
        session.add(
            StatementRow(
                article_id=article_id,
                position=position,
                kind=statement.kind,
                category=statement.category,
                best=count.best if count else None,
                low=count.low if count else None,
                high=count.high if count else None,
                period=statement.period,
                actor=statement.actor,
                attributed_to=statement.attributed_to,
                text=statement.text,
                span_start=statement.start,
                span_end=statement.end,
            )
        )


# -- models from rows ----------------------------------------------------------------------


def _filtered(query: Select[tuple[EventRow]], where: EventFilter) -> Select[tuple[EventRow]]:
    return query.where(*filter_conditions(where)).order_by(
        EventRow.date.is_(None), EventRow.date, EventRow.id
    )


REPORTED_FIGURE_COLUMNS = (
    FigureRow.event_id,
    FigureRow.category,
    FigureRow.best,
    FigureRow.low,
    FigureRow.high,
    FigureRow.article_id,
    FigureRow.speaker,
    ArticleRow.published,
    ArticleRow.url,
)
"""What a figure row and its article say of a reported figure, read as plain columns (a page of
events reads thousands of figure rows; ORM objects for them were most of a page's time). Select
them with ``FigureRow`` joined to its ``ArticleRow``."""


def reported_figure(row: Row[Any]) -> ReportedFigure:
    """A row of :data:`REPORTED_FIGURE_COLUMNS` as the figure one report gave."""
    return ReportedFigure(
        figure=Figure(best=row.best, low=row.low, high=row.high),
        article_id=row.article_id,
        published=row.published,
        speaker=row.speaker,
        outlet=outlet_of(row.article_id, row.url),
    )


def _figure_history(
    session: Session, event_ids: Sequence[str]
) -> dict[str, dict[str, list[ReportedFigure]]]:
    """Every figure each article gave for each event, oldest report first."""
    history: dict[str, dict[str, list[ReportedFigure]]] = {key: {} for key in event_ids}
    rows = session.execute(
        select(*REPORTED_FIGURE_COLUMNS)
        .join(ArticleRow, ArticleRow.id == FigureRow.article_id)
        .where(FigureRow.event_id.in_(event_ids))
        .order_by(ArticleRow.published, ArticleRow.id, FigureRow.id)
    )
    for row in rows:
        history[row.event_id].setdefault(row.category, []).append(reported_figure(row))
    return history


def _claiming_articles(session: Session, article_ids: Iterable[str]) -> set[str]:
    """Articles that report a group's claim (a ``claim`` statement)."""
    return set(
        session.scalars(
            select(StatementRow.article_id)
            .where(StatementRow.kind == "claim", StatementRow.article_id.in_(sorted(article_ids)))
            .distinct()
        )
    )


def _supports(
    sources: list[SourceRef],
    evidence: list[tuple[str, Evidence]],
    figures: dict[str, list[ReportedFigure]],
    claiming: set[str],
) -> list[SourceSupport]:
    with_figures = {report.article_id for reports in figures.values() for report in reports}
    return [
        SourceSupport(
            article_id=source.article_id,
            url=source.url,
            speakers=[e.attributed_to for a, e in evidence if a == source.article_id],
            has_figures=source.article_id in with_figures,
            files_claim=source.article_id in claiming,
        )
        for source in sources
    ]


def _assemble(session: Session, rows: Sequence[EventRow], rules: MergeRules) -> list[Event]:
    """Build Event models for rows, loading figures, sources and evidence in bulk.

    Figures are reconciled from every report of them (:func:`sitrep.merge.reconcile_figures`);
    the number of independent sources and the confidence level come from the sources and who
    they quote (:func:`sitrep.merge.assess_sources`).
    """
    if not rows:
        return []
    ids = [row.id for row in rows]
    history = _figure_history(session, ids)
    sources: dict[str, list[SourceRef]] = defaultdict(list)
    for event_id, article_id, url in session.execute(
        select(EventSourceRow.event_id, ArticleRow.id, ArticleRow.url)
        .join(ArticleRow, ArticleRow.id == EventSourceRow.article_id)
        .where(EventSourceRow.event_id.in_(ids))
        .order_by(ArticleRow.published, ArticleRow.id)
    ):
        sources[event_id].append(SourceRef(article_id=article_id, url=url))
    evidence: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for event_id, article_id, start, end, said, attributed_to, supports in session.execute(
        select(
            EvidenceRow.event_id,
            EvidenceRow.article_id,
            EvidenceRow.span_start,
            EvidenceRow.span_end,
            EvidenceRow.text,
            EvidenceRow.attributed_to,
            EvidenceRow.field,
        )
        .where(EvidenceRow.event_id.in_(ids))
        .order_by(EvidenceRow.article_id, EvidenceRow.position)
    ):
        evidence[event_id].append(
            (
                article_id,
                Evidence(
                    start=start, end=end, text=said, attributed_to=attributed_to, field=supports
                ),
            )
        )
    claiming = _claiming_articles(
        session, {source.article_id for refs in sources.values() for source in refs}
    )
    events = []
    for row in rows:
        perpetrators = [name for name in [row.actor1, *(row.claimed_by or [])] if name]
        figures = {
            category: reconcile_figures(reports, rules, perpetrators)
            for category, reports in history[row.id].items()
        }
        fatalities = Fatalities(**{c: figures.get(c) for c in CATEGORIES})
        event_sources = sources.get(row.id, [])
        count, confidence = assess_sources(
            _supports(event_sources, evidence[row.id], history[row.id], claiming), rules
        )
        events.append(
            Event(
                id=row.id,
                parent=row.parent_id,
                date=row.date,
                date_precision=row.date_precision,
                event_type=row.event_type,
                sub_event_type=row.sub_event_type,
                country=row.country,
                admin1=row.admin1,
                admin2=row.admin2,
                location=row.location,
                latitude=row.latitude,
                longitude=row.longitude,
                geo_precision=row.geo_precision,
                actor1=row.actor1,
                actor2=row.actor2,
                assoc_actors=list(row.assoc_actors or []),
                fatalities=fatalities,
                injured=figures.get("injured"),
                abducted=figures.get("abducted"),
                claimed_by=list(row.claimed_by or []),
                background=row.background,
                evidence=[item for _, item in evidence[row.id]],
                sources=event_sources,
                source_count=count,
                confidence=confidence,
            )
        )
    return events


def _article_model(row: ArticleRow) -> Article:
    return Article(
        id=row.id,
        url=row.url,
        title=row.title,
        published=row.published,
        source=row.source,
        text=row.text,
    )


def _evidence_model(row: EvidenceRow) -> Evidence:
    return Evidence(
        start=row.span_start,
        end=row.span_end,
        text=row.text,
        attributed_to=row.attributed_to,
        field=row.field,
    )


def _statement_model(row: StatementRow) -> Statement:
    count = (
        Figure(best=row.best, low=row.low if row.low is not None else row.best, high=row.high)
        if row.best is not None
        else None
    )
    return Statement(
        kind=row.kind,
        category=row.category,
        count=count,
        period=row.period,
        actor=row.actor,
        attributed_to=row.attributed_to,
        text=row.text,
        start=row.span_start,
        end=row.span_end,
    )

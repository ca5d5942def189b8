"""The database tables. Alembic migrations under ``store/alembic`` create exactly these."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ArticleRow",
    "Base",
    "EventReportRow",
    "EventRow",
    "EventSourceRow",
    "EvidenceRow",
    "FigureRow",
    "StatementRow",
]

_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


COUNT = BigInteger().with_variant(Integer(), "sqlite")
"""The type of a stored count (a figure's best, low and high): 64 bits, since a sum of reported
figures can pass 2^31 though none passes :data:`~sitrep.extract.numbers.MAX_COUNT`. SQLite's
INTEGER is 64 bits already, so its schema is unchanged; PostgreSQL's count columns are BIGINT
(migration 0005)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)


class ArticleRow(Base):
    """A stored report: its text (what evidence offsets point into), metadata and content hash."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    """SHA-256 of the normalised URL (:func:`sitrep.ingest.urls.url_key`): the same page under a
    tracking parameter or another spelling is the same article. NULL for articles without one."""
    sitrep_version: Mapped[str] = mapped_column(String(32))
    rules: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class EventRow(Base):
    """An event; its figures, evidence and sources live in their own tables."""

    __tablename__ = "events"
    __table_args__ = (
        # The API's newest-first pages (migration 0004).
        Index("ix_events_date_id", "date", "id"),
        Index("ix_events_country_date_id", "country", "date", "id"),
        # The same pages filtered by province, type or sub-event type (migration 0006).
        Index("ix_events_event_type_date_id", "event_type", "date", "id"),
        Index("ix_events_admin1_date_id", text("lower(admin1)"), "date", "id"),
        Index("ix_events_sub_event_type_date_id", "sub_event_type", "date", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[int] = mapped_column(SmallInteger)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(SmallInteger)
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    assoc_actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    claimed_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class EventSourceRow(Base):
    """Links an event to an article that reported it (a merged event has several)."""

    __tablename__ = "event_sources"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    local_id: Mapped[str] = mapped_column(String(32))


class FigureRow(Base):
    """One figure as one article reported it; the event's figure is reconciled from these."""

    __tablename__ = "figures"
    __table_args__ = (UniqueConstraint("event_id", "article_id", "category"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    best: Mapped[int] = mapped_column(COUNT)
    low: Mapped[int] = mapped_column(COUNT)
    high: Mapped[int | None] = mapped_column(COUNT)
    speaker: Mapped[str | None] = mapped_column(Text)
    """Who the article quotes for the figure (evidence ``attributed_to``); None: the outlet."""


class EventReportRow(Base):
    """One event as one article reported it: what merged events are rebuilt from.

    ``events`` and the rows that hang off them (sources, figures, evidence) are derived from
    these reports by :mod:`sitrep.merge.across`, and rebuilt for a whole component of related
    reports whenever an article joins it, so the stored events never depend on arrival order.
    """

    __tablename__ = "event_reports"
    __table_args__ = (Index("ix_event_reports_country_date", "country", "date"),)

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    local_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    """The stored event the report is merged into (no foreign key: events are rebuilt)."""
    country: Mapped[str | None] = mapped_column(String(2))
    date: Mapped[dt.date | None] = mapped_column(Date)
    payload: Mapped[str] = mapped_column(Text)
    """The event as the article gave it, as contract JSON (local ``id`` and ``parent``)."""


class StatementRow(Base):
    """Aggregates, claims, denials, accusations and revisions: never part of an event toll."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str | None] = mapped_column(String(20))
    best: Mapped[int | None] = mapped_column(COUNT)
    low: Mapped[int | None] = mapped_column(COUNT)
    high: Mapped[int | None] = mapped_column(COUNT)
    period: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text)
    attributed_to: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)


class EvidenceRow(Base):
    """A span of an article's text that supports an event field or figure."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_event_article", "event_id", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(64))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    attributed_to: Mapped[str | None] = mapped_column(Text)

"""The API's request and response bodies, built from the library's records without new logic."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from sitrep.models import Article, Event, Evidence, Statement
from sitrep.store import EventDetail
from sitrep.store.queries import ArticleDetail, EventPoint, StatsRow

__all__ = [
    "ArticleIn",
    "ArticleOut",
    "EventDetailOut",
    "EventPageOut",
    "PointsOut",
    "PostedArticleOut",
    "StatsOut",
    "article_out",
    "event_detail_out",
]


class EventPageOut(BaseModel):
    """A page of events; pass ``next`` back as ``cursor`` for the following page."""

    events: list[Event]
    next: str | None = Field(description="The cursor of the next page; null on the last page.")


class PointsOut(BaseModel):
    """Every matching event that has coordinates."""

    points: list[EventPoint]


class StatsRowOut(BaseModel):
    """Events and deaths by category in one period (a day, or a week named by its Monday)."""

    period: dt.date
    group: str | None
    events: int
    deaths: dict[str, int]


class StatsOut(BaseModel):
    """Statistics over root events (a campaign counts once, with its totals)."""

    interval: str
    group: str
    rows: list[StatsRowOut]


class ReportedFigureOut(BaseModel):
    """A figure as one article reported it."""

    best: int
    low: int
    high: int | None
    article_id: str
    published: dt.date | None


class SourceOut(BaseModel):
    """An article an event came from."""

    article_id: str
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None


class SourcedEvidence(Evidence):
    """A piece of evidence and the article whose text its offsets point into."""

    article_id: str


class EventDetailOut(BaseModel):
    """An event, a campaign's incidents, how each figure was reported, sources and evidence."""

    event: Event
    children: list[Event]
    figure_history: dict[str, list[ReportedFigureOut]]
    sources: list[SourceOut]
    evidence: list[SourcedEvidence]


class SpanOut(Evidence):
    """An evidence span of an article and the event it supports."""

    event_id: str


class ArticleOut(BaseModel):
    """A stored article with its text, the evidence spans in it, its statements and events."""

    article: Article
    spans: list[SpanOut]
    statements: list[Statement]
    events: list[str]


class ArticleIn(BaseModel):
    """A report to extract and store; ``id`` defaults to one derived from the URL and text."""

    text: str = Field(min_length=1)
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    id: str | None = Field(default=None, max_length=128)


class PostedArticleOut(BaseModel):
    """What storing a report did, and the events stored for it."""

    article_id: str
    outcome: str
    events: list[Event]


def event_detail_out(detail: EventDetail) -> EventDetailOut:
    """The JSON body of ``GET /events/{id}``."""
    return EventDetailOut(
        event=detail.event,
        children=detail.children,
        figure_history={
            category: [
                ReportedFigureOut(
                    best=report.figure.best,
                    low=report.figure.low,
                    high=report.figure.high,
                    article_id=report.article_id,
                    published=report.published,
                )
                for report in reports
            ]
            for category, reports in detail.figure_history.items()
        },
        sources=[
            SourceOut(
                article_id=article.id,
                url=article.url,
                title=article.title,
                published=article.published,
                source=article.source,
            )
            for article in sorted(
                detail.articles.values(), key=lambda a: (a.published or dt.date.min, a.id)
            )
        ],
        evidence=[
            SourcedEvidence(article_id=article_id, **evidence.model_dump())
            for article_id, items in detail.evidence_by_article.items()
            for evidence in items
        ],
    )


def article_out(detail: ArticleDetail) -> ArticleOut:
    """The JSON body of ``GET /articles/{id}``."""
    return ArticleOut(
        article=detail.article,
        spans=[
            SpanOut(event_id=span.event_id, **span.evidence.model_dump()) for span in detail.spans
        ],
        statements=detail.statements,
        events=detail.event_ids,
    )


def stats_row_out(row: StatsRow) -> StatsRowOut:
    """One statistics row as JSON."""
    return StatsRowOut(
        period=row.period, group=row.group, events=row.events, deaths=dict(row.deaths)
    )

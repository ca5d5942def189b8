"""The HTTP API and the dashboard: thin routes over :mod:`sitrep.store` and the pipeline.

Each route parses its parameters, makes one library call and shapes the answer; errors go
through :mod:`sitrep.api.errors`. Reads are open; ``POST /articles`` needs the bearer token.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Annotated, TextIO

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import ValidationError
from starlette.background import BackgroundTask

from sitrep import __version__
from sitrep.api.errors import ErrorResponse, install_error_handlers
from sitrep.api.extraction import ExtractionQueue
from sitrep.api.html import CONTENT_SECURITY_POLICY, article_html, dashboard_html
from sitrep.api.schemas import (
    ArticleIn,
    ArticleOut,
    EventDetailOut,
    EventPageOut,
    PointsOut,
    PostedArticleOut,
    StatsOut,
    article_out,
    event_detail_out,
    stats_row_out,
)
from sitrep.api.security import BodyLimit, read_guard, token_guard
from sitrep.api.streaming import streamed
from sitrep.config import ApiSettings
from sitrep.errors import QueryError
from sitrep.export import (
    flatten_batches,
    write_acled_flat,
    write_events_parquet,
    write_geojson,
    write_ucdp_flat,
)
from sitrep.ingest import build_article
from sitrep.store import BoundingBox, EventFilter, SaveOutcome, Store
from sitrep.store.queries import (
    MAX_PAGE_SIZE,
    Interval,
    StatsGroup,
    article_detail,
    article_events,
    count_matching,
    event_page,
    event_points,
    event_stats,
    matching_batches,
    matching_children,
    stored_article_id,
)

__all__ = ["SERVE_DATABASE", "ExportFormat", "app_from_environment", "create_app"]

_POSTED = "POST /articles"
"""The source an error about a posted report names."""

_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 422, 500, 503)
}


class ExportFormat(StrEnum):
    """The datasets ``GET /export`` writes, as ``sitrep export --format`` names them."""

    acled_csv = "acled-csv"
    ucdp_csv = "ucdp-csv"
    geojson = "geojson"
    parquet = "parquet"


class ArticleFormat(StrEnum):
    """``GET /articles/{id}`` as JSON, or as a page with the evidence marked."""

    json = "json"
    html = "html"


_MEDIA = {
    ExportFormat.acled_csv: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.ucdp_csv: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.geojson: ("application/geo+json", "geojson"),
    ExportFormat.parquet: ("application/vnd.apache.parquet", "parquet"),
}


def event_query(
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2, e.g. PK.")] = None,
    admin1: Annotated[str | None, Query(description="First-level division, e.g. Borno.")] = None,
    since: Annotated[dt.date | None, Query(description="First day, YYYY-MM-DD.")] = None,
    until: Annotated[dt.date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    event_type: Annotated[str | None, Query(description="An event type or sub-event type.")] = None,
    actor: Annotated[str | None, Query(description="Part of actor1's or actor2's name.")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    q: Annotated[
        str | None, Query(description="Text in the place, actors or reporting headlines.")
    ] = None,
    background: Annotated[bool, Query(description="Include background events.")] = True,
) -> EventFilter:
    """The filters every listing route shares, as one :class:`EventFilter`."""
    return EventFilter(
        country=country or None,
        admin1=admin1 or None,
        since=since,
        until=until,
        event_type=event_type or None,
        actor=actor or None,
        bbox=BoundingBox.parse(bbox) if bbox else None,
        text=q or None,
        include_background=background,
    )


Filters = Annotated[EventFilter, Depends(event_query)]


def _within_cap(store: Store, where: EventFilter, cap: int) -> None:
    """Refuse a bulk read of more events than the cap, before any of them is read."""
    matching = count_matching(store, where)
    if matching > cap:
        raise QueryError(
            f"{matching:,} events match, more than the {cap:,} one request may take; narrow the "
            "filters (since/until, country, bbox) or raise SITREP_MAX_EXPORT_EVENTS"
        )


def _static_dir() -> Path:
    return Path(str(resources.files("sitrep.api").joinpath("static")))


SERVE_DATABASE = "SITREP_SERVE_DATABASE"
"""Where ``sitrep serve --workers N`` tells each HTTP worker process which database to open."""


def app_from_environment() -> FastAPI:
    """The app over the database named in :data:`SERVE_DATABASE`, for uvicorn's worker processes
    (each opens its own store; it closes when the process ends)."""
    return create_app(Store.open(os.environ[SERVE_DATABASE]))


def create_app(store: Store, settings: ApiSettings | None = None) -> FastAPI:
    """The application over an open store; the caller keeps (and closes) the store."""
    settings = settings or ApiSettings()
    app = FastAPIOffline(
        title="sitrep",
        version=__version__,
        description=(
            "Events of political violence extracted from news reports, with their sources and "
            "evidence. Writes need `Authorization: Bearer <SITREP_API_TOKEN>`."
        ),
        responses=_ERRORS,
        static_url="/static/docs",
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    extraction = ExtractionQueue(store, settings.extract_workers, settings.queue_size)
    app.router.on_shutdown.append(extraction.close)
    _add_routes(app, store, settings, extraction)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[..., object]) -> Response:
        response: Response = await call_next(request)  # type: ignore[misc]
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        html = response.headers.get("content-type", "").startswith("text/html")
        if html and not request.url.path.startswith("/docs"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    return app


def _article_in(body: bytes) -> ArticleIn:
    """The posted report, or 422 in the error shape (bad JSON as much as a missing field)."""
    try:
        return ArticleIn.model_validate_json(body)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error.get("loc", ()))} for error in exc.errors()]
        raise RequestValidationError(errors) from exc


def _add_routes(
    app: FastAPI, store: Store, settings: ApiSettings, extraction: ExtractionQueue
) -> None:
    """The route table: every URL the server answers, in one place."""
    require_token = token_guard(settings.api_token)
    bulk_read = [Depends(read_guard(settings.read_token, settings.api_token))]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard() -> HTMLResponse:
        """The dashboard: map, timeline, filters, event list and event pages."""
        return HTMLResponse(dashboard_html(settings.tile_url, settings.tile_attribution))

    @app.get("/events", tags=["events"])
    def list_events(
        where: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
        cursor: Annotated[str | None, Query(description="`next` from the previous page.")] = None,
    ) -> EventPageOut:
        """Events, newest first, undated last; follow `next` for the following page."""
        page = event_page(store, where, limit=limit, cursor=cursor)
        return EventPageOut(events=page.events, next=page.next)

    @app.get("/events/{event_id}", tags=["events"])
    def get_event(event_id: str) -> EventDetailOut:
        """One event: its sources, evidence, figure history and a campaign's incidents."""
        return event_detail_out(store.event_detail(event_id))

    @app.get("/points", tags=["events"], dependencies=bulk_read)
    def list_points(where: Filters) -> PointsOut:
        """Every matching event with coordinates, with its death toll: what the map draws
        (at most SITREP_MAX_EXPORT_EVENTS; more is 400, to be narrowed by the filters)."""
        _within_cap(store, where, settings.max_export_events)
        return PointsOut(points=event_points(store, where))

    @app.get("/stats", tags=["events"])
    def stats(
        where: Filters,
        interval: Interval = Interval.day,
        group: StatsGroup = StatsGroup.none,
    ) -> StatsOut:
        """Events and deaths by category per day or week, optionally per country or province."""
        rows = event_stats(store, where, interval=interval, group=group)
        return StatsOut(
            interval=interval.value, group=group.value, rows=[stats_row_out(r) for r in rows]
        )

    @app.get(
        "/articles/{article_id}",
        tags=["articles"],
        response_model=ArticleOut,
        responses={200: {"content": {"text/html": {}}}},
    )
    def get_article(article_id: str, format: ArticleFormat = ArticleFormat.json) -> Response:
        """A stored report's text with its evidence spans (`format=html`: a page, marked up)."""
        detail = article_detail(store, article_id)
        if format is ArticleFormat.html:
            return HTMLResponse(article_html(detail))
        return Response(article_out(detail).model_dump_json(), media_type="application/json")

    @app.post(
        "/articles",
        tags=["articles"],
        status_code=201,
        response_model=PostedArticleOut,
        responses={
            200: {"model": PostedArticleOut, "description": "Already stored."},
            429: {"model": ErrorResponse, "description": "Too many reports waiting."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ArticleIn.model_json_schema()}},
            }
        },
    )
    async def post_article(request: Request, response: Response) -> PostedArticleOut:
        """Extract a report's events, store them, and return them (needs the bearer token).

        The token is checked before a byte of the body is parsed. The body becomes an Article
        as every input does (its text normalised by the same rule); it is extracted and stored
        in a worker process, and when too many reports wait the answer is 429. A report that
        makes extraction fail is answered 422 like any bad input.
        """
        require_token(request)
        body = _article_in(await request.body())
        article = build_article(
            body.text,
            source=_POSTED,
            id=body.id,
            url=body.url,
            title=body.title,
            published=body.published,
            outlet="api",
        )
        outcome = await extraction.store_article(article, _POSTED)
        if outcome is SaveOutcome.ALREADY_STORED:
            response.status_code = 200
        stored = await run_in_threadpool(stored_article_id, store, article)
        events = await run_in_threadpool(article_events, store, stored or article.id)
        return PostedArticleOut(
            article_id=stored or article.id, outcome=outcome.value, events=events
        )

    @app.get(
        "/export",
        tags=["events"],
        response_class=Response,
        responses={200: {"content": {media: {} for media, _ in _MEDIA.values()}}},
        dependencies=bulk_read,
    )
    def export(where: Filters, format: ExportFormat) -> Response:
        """The matching events as ACLED's or UCDP GED's CSV, GeoJSON or Parquet (at most
        SITREP_MAX_EXPORT_EVENTS; more is 400, to be narrowed by the filters)."""
        _within_cap(store, where, settings.max_export_events)
        media, suffix = _MEDIA[format]
        headers = {"Content-Disposition": f'attachment; filename="sitrep-{format.value}.{suffix}"'}
        batches = partial(matching_batches, store, where)
        if format is ExportFormat.parquet:
            # Parquet's footer indexes its row groups, so the file is written whole before its
            # first byte is sent: a row group at a time, to a temporary file streamed from disk
            # and removed once sent.
            folder = tempfile.mkdtemp(prefix="sitrep-export-")
            path = Path(folder) / "events.parquet"
            try:
                write_events_parquet((event for batch in batches() for event in batch), path)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            return FileResponse(
                path,
                media_type=media,
                headers=headers,
                background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
            )
        flat = partial(flatten_batches, children_of=partial(matching_children, store, where))
        writers: dict[ExportFormat, Callable[[TextIO], object]] = {
            ExportFormat.acled_csv: lambda stream: write_acled_flat(flat(batches()), stream),
            ExportFormat.ucdp_csv: lambda stream: write_ucdp_flat(flat(batches()), stream),
            ExportFormat.geojson: lambda stream: write_geojson(
                (event for batch in batches() for event in batch), stream
            ),
        }
        return StreamingResponse(streamed(writers[format]), media_type=media, headers=headers)

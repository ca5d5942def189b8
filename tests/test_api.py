"""The HTTP API (issue 7) on SQLite and PostgreSQL: filters, pages, detail, stats, writes, limits.

The read tests share one database per backend, seeded with the sample reports plus a hand-made
campaign (a parent, two incidents, a background raid, an undated event) and a report whose
headline and text carry a ``<script>`` tag.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

import api_samples
import httpx
import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from api_samples import BACKGROUND, CAMPAIGN, CAMPAIGN_TEXT, KANO, QUETTA, TURBAT, UNDATED
from conftest import PG_ADMIN_URL
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from test_pipeline import CRASHERS

import sitrep.pipeline
from sitrep.api import create_app
from sitrep.api.extraction import shared_database
from sitrep.api.html import marked_segments
from sitrep.api.streaming import streamed
from sitrep.config import ApiSettings
from sitrep.export import (
    FlatEvent,
    flatten_batches,
    write_acled_csv,
    write_acled_flat,
    write_ucdp_csv,
    write_ucdp_flat,
)
from sitrep.models import ArticleRecord, Event, Evidence
from sitrep.store import EventFilter, SaveOutcome, Store
from sitrep.store.queries import (
    ArticleSpan,
    matching_batches,
    matching_children,
    matching_events,
)

TOKEN = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def sample_records(examples_dir: Path) -> list[ArticleRecord]:
    return api_samples.sample_records(examples_dir)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def seeded(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sample_records: list[ArticleRecord],
) -> Iterator[Store]:
    """A store holding every sample record, shared by the read-only tests of one backend."""
    admin: psycopg.Connection[tuple[object, ...]] | None = None
    name = f"sitrep_api_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'seeded.db'}"
    else:
        admin = request.getfixturevalue("postgres_admin")
        admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    try:
        with Store.open(url) as store:
            for record in sample_records:
                store.save(record)
            yield store
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def client(seeded: Store) -> TestClient:
    return TestClient(create_app(seeded, ApiSettings(api_token=TOKEN)))


@pytest.fixture(scope="module")
def everything(seeded: Store) -> list[Event]:
    return matching_events(seeded, EventFilter())


def _error(response_json: dict[str, object], status: int) -> str:
    """The message of a response in the one error shape, checking the shape on the way."""
    assert set(response_json) == {"error"}
    error = response_json["error"]
    assert isinstance(error, dict)
    assert set(error) == {"status", "code", "message"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    return error["message"]


def _all_pages(client: TestClient, query: str, limit: int) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    cursor: str | None = None
    for _ in range(100):
        suffix = f"&cursor={cursor}" if cursor else ""
        page = client.get(f"/events?{query}&limit={limit}{suffix}").json()
        events += page["events"]
        cursor = page["next"]
        if cursor is None:
            return events
    raise AssertionError("pagination never ended")


# -- GET /events ---------------------------------------------------------------------------

FILTERS: list[tuple[str, Callable[[Event], bool]]] = [
    ("country=PK", lambda e: e.country == "PK"),
    ("country=pk", lambda e: e.country == "PK"),
    ("admin1=balochistan", lambda e: (e.admin1 or "").lower() == "balochistan"),
    ("since=2026-06-01", lambda e: e.date is not None and e.date >= dt.date(2026, 6, 1)),
    ("until=2026-03-31", lambda e: e.date is not None and e.date <= dt.date(2026, 3, 31)),
    ("event_type=Battles", lambda e: e.event_type == "Battles"),
    ("event_type=Suicide bomb", lambda e: e.sub_event_type == "Suicide bomb"),
    ("event_type=battles", lambda e: e.event_type == "Battles"),
    ("event_type=SUICIDE BOMB", lambda e: e.sub_event_type == "Suicide bomb"),
    (
        "actor=liberation army",
        lambda e: any("liberation army" in (a or "").lower() for a in (e.actor1, e.actor2)),
    ),
    (
        "bbox=60,20,70,32",
        lambda e: (
            e.latitude is not None
            and e.longitude is not None
            and 60 <= e.longitude <= 70
            and 20 <= e.latitude <= 32
        ),
    ),
    ("q=turbat", lambda e: (e.location or "") == "Turbat"),
    ("q=police posts", lambda e: e.id in {CAMPAIGN, QUETTA, TURBAT, BACKGROUND, UNDATED}),
    ("background=false", lambda e: not e.background),
    (
        "country=PK&since=2026-01-01&until=2026-01-31&background=false",
        lambda e: (
            e.country == "PK"
            and e.date is not None
            and dt.date(2026, 1, 1) <= e.date <= dt.date(2026, 1, 31)
            and not e.background
        ),
    ),
]


@pytest.mark.parametrize(("query", "wanted"), FILTERS, ids=[q for q, _ in FILTERS])
def test_events_filter_returns_exactly_the_matching_events(
    client: TestClient, everything: list[Event], query: str, wanted: Callable[[Event], bool]
) -> None:
    expected = {event.id for event in everything if wanted(event)}
    assert expected, "the sample data must contain a match, or the test proves nothing"
    assert expected != {event.id for event in everything}, "the filter must leave something out"
    assert {e["id"] for e in _all_pages(client, query, limit=500)} == expected


def test_bbox_across_longitude_180_wraps_around(client: TestClient) -> None:
    inside = _all_pages(client, "bbox=170,-10,-170,10", limit=50)
    assert inside == []
    east = _all_pages(client, "bbox=60,0,-170,40", limit=500)  # 60°E eastwards to 170°W
    assert {e["id"] for e in east} >= {QUETTA, TURBAT}


@pytest.mark.parametrize("limit", [1, 2, 3, 500])
def test_pages_cover_every_event_once_newest_first_undated_last(
    client: TestClient, everything: list[Event], limit: int
) -> None:
    pages = _all_pages(client, "", limit=limit)
    ids = [event["id"] for event in pages]
    assert sorted(ids) == sorted(event.id for event in everything)
    dated = [(e["date"], e["id"]) for e in pages if e["date"] is not None]
    assert dated == sorted(dated, reverse=True)
    assert pages[-1]["id"] == UNDATED


def test_a_page_has_events_with_sources_and_a_next_cursor(client: TestClient) -> None:
    page = client.get("/events", params={"limit": 2}).json()
    assert len(page["events"]) == 2
    assert page["next"]
    assert all(event["sources"] for event in page["events"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("cursor=not-a-cursor", 400),
        ("bbox=1,2,3", 400),
        ("bbox=10,50,20,40", 400),
        ("bbox=west,1,2,3", 400),
        ("limit=0", 422),
        ("limit=501", 422),
        ("since=yesterday", 422),
        ("background=maybe", 422),
    ],
)
def test_bad_parameters_are_refused_in_the_error_shape(
    client: TestClient, query: str, status: int
) -> None:
    response = client.get(f"/events?{query}")
    assert response.status_code == status
    _error(response.json(), status)


# -- GET /events/{id} ------------------------------------------------------------------------


def test_event_detail_has_sources_evidence_history_and_campaign_incidents(
    client: TestClient,
) -> None:
    detail = client.get(f"/events/{CAMPAIGN}").json()
    assert detail["event"]["id"] == CAMPAIGN
    assert {child["id"] for child in detail["children"]} == {QUETTA, TURBAT}
    assert [source["article_id"] for source in detail["sources"]] == ["campaign-1"]
    assert detail["sources"][0]["title"].startswith("Militants attack")
    assert detail["figure_history"]["security_forces"] == [
        {"best": 2, "low": 2, "high": 2, "article_id": "campaign-1", "published": "2026-01-31"}
    ]
    assert detail["evidence"][0]["article_id"] == "campaign-1"
    assert detail["evidence"][0]["text"] == "Militants attacked police posts in two towns"


def test_unknown_event_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/events/ev0000000000000")
    assert response.status_code == 404
    assert "ev0000000000000" in _error(response.json(), 404)


# -- GET /articles/{id} ----------------------------------------------------------------------


def test_article_has_its_text_and_evidence_spans_that_point_into_it(client: TestClient) -> None:
    body = client.get("/articles/campaign-1").json()
    text = body["article"]["text"]
    assert text == CAMPAIGN_TEXT
    assert {span["event_id"] for span in body["spans"]} == {CAMPAIGN, QUETTA, TURBAT}
    for span in body["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
    assert sorted(body["events"]) == sorted([CAMPAIGN, QUETTA, TURBAT, BACKGROUND, UNDATED])


def test_article_page_escapes_the_report_and_marks_the_evidence(client: TestClient) -> None:
    response = client.get("/articles/script-1", params={"format": "html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in page
    assert f'<mark data-events="{KANO}"' in page
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_unknown_article_is_404(client: TestClient) -> None:
    response = client.get("/articles/nope")
    assert response.status_code == 404
    _error(response.json(), 404)


# -- GET /stats and /points ------------------------------------------------------------------


@pytest.mark.parametrize("group", ["none", "country", "admin1"])
@pytest.mark.parametrize("interval", ["day", "week"])
def test_stats_count_root_events_and_their_deaths_once(
    client: TestClient, everything: list[Event], interval: str, group: str
) -> None:
    body = client.get("/stats", params={"interval": interval, "group": group}).json()
    roots = [e for e in everything if e.parent is None and e.date is not None]
    assert sum(row["events"] for row in body["rows"]) == len(roots)
    for category in ("civilians", "security_forces", "militants", "unknown"):
        expected = sum(
            (getattr(e.fatalities, category).best if getattr(e.fatalities, category) else 0)
            for e in roots
        )
        assert sum(row["deaths"][category] for row in body["rows"]) == expected
    if interval == "week":
        assert all(dt.date.fromisoformat(r["period"]).weekday() == 0 for r in body["rows"])
    keys = {row["group"] for row in body["rows"]}
    if group == "country":
        assert {"PK", "NG"} <= keys
    elif group == "admin1":
        assert "Balochistan" in keys
    else:
        assert keys == {None}


def test_stats_week_of_the_campaign_counts_it_once_with_its_totals(client: TestClient) -> None:
    rows = client.get("/stats", params={"interval": "week", "country": "PK"}).json()["rows"]
    week = next(row for row in rows if row["period"] == "2026-01-26")
    # the campaign (2 police, 3 civilians) and the background raid (4 militants) that week
    assert week["events"] == 2
    assert week["deaths"] == {"civilians": 3, "security_forces": 2, "militants": 4, "unknown": 0}


def test_points_are_the_located_events_with_their_tolls(
    client: TestClient, everything: list[Event]
) -> None:
    points = client.get("/points").json()["points"]
    located = {e.id for e in everything if e.latitude is not None}
    assert {p["id"] for p in points} == located
    by_id = {p["id"]: p for p in points}
    assert by_id[QUETTA]["deaths"] == 2
    assert by_id[QUETTA]["parent"] == CAMPAIGN
    assert by_id[KANO]["deaths"] == 2


# -- GET /export -----------------------------------------------------------------------------


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize(
    ("fmt", "media", "count"),
    [
        ("acled-csv", "text/csv", lambda c: len(_csv_rows(c))),
        ("ucdp-csv", "text/csv", lambda c: len(_csv_rows(c))),
        ("geojson", "application/geo+json", lambda c: len(json.loads(c)["features"])),
        (
            "parquet",
            "application/vnd.apache.parquet",
            lambda c: pq.read_table(pa.BufferReader(c)).num_rows,
        ),
    ],
)
def test_export_writes_each_format_and_applies_the_filters(
    client: TestClient, fmt: str, media: str, count: Callable[[bytes], int]
) -> None:
    everything = client.get("/export", params={"format": fmt})
    nigeria = client.get("/export", params={"format": fmt, "country": "NG"})
    for response in (everything, nigeria):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert "attachment" in response.headers["content-disposition"]
    assert 0 < count(nigeria.content) < count(everything.content)


def test_parquet_export_leaves_no_temporary_file(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is written to disk to be streamed, then removed once sent."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.get("/export", params={"format": "parquet"})
    assert response.status_code == 200
    assert pq.read_table(pa.BufferReader(response.content)).num_rows > 0
    assert list(tmp_path.iterdir()) == []


def test_export_of_an_unknown_format_is_422(client: TestClient) -> None:
    response = client.get("/export", params={"format": "xlsx"})
    assert response.status_code == 422
    assert "format" in _error(response.json(), 422)


# -- POST /articles --------------------------------------------------------------------------

REPORT = {
    "url": "https://example.org/maiduguri",
    "title": "Roadside bomb kills three soldiers near Maiduguri",
    "published": "2026-05-20",
    "text": (
        "MAIDUGURI, Nigeria — A roadside bomb killed three soldiers near Maiduguri in Borno "
        "state on Tuesday, the army said."
    ),
}


@pytest.fixture
def fresh_client(db_url: str) -> Iterator[Callable[..., TestClient]]:
    """A client over an empty database, made with the settings a test asks for."""
    with Store.open(db_url) as store:
        yield lambda **settings: TestClient(create_app(store, ApiSettings(**settings)))


@pytest.mark.parametrize(
    "again",
    [REPORT, {**REPORT, "url": REPORT["url"] + "?utm_source=feed", "title": "Another headline"}],
    ids=["same-report", "same-text-other-url"],
)
def test_post_with_the_token_extracts_stores_and_returns_the_events(
    fresh_client: Callable[..., TestClient], again: dict[str, str]
) -> None:
    client = fresh_client(api_token=TOKEN)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    created = client.post("/articles", json=REPORT, headers=headers)
    assert created.status_code == 201
    body = created.json()
    assert body["outcome"] == "new"
    assert body["events"] and body["events"][0]["country"] == "NG"
    assert body["events"][0]["sources"][0]["article_id"] == body["article_id"]
    listed = client.get("/events").json()["events"]
    assert {e["id"] for e in listed} == {e["id"] for e in body["events"]}
    repeated = client.post("/articles", json=again, headers=headers)
    assert repeated.status_code == 200
    assert repeated.json()["outcome"] == "already stored"
    assert repeated.json()["article_id"] == body["article_id"]
    assert repeated.json()["events"] == body["events"]


@pytest.mark.parametrize(
    ("token", "headers", "status"),
    [
        (None, {"Authorization": f"Bearer {TOKEN}"}, 403),
        (None, {}, 403),
        (TOKEN, {}, 401),
        (TOKEN, {"Authorization": "Bearer wrong"}, 401),
        (TOKEN, {"Authorization": f"Basic {TOKEN}"}, 401),
        (TOKEN, {"Authorization": f"Bearer {TOKEN}x"}, 401),
    ],
    ids=[
        "no-token-configured",
        "no-token-configured-none-sent",
        "missing",
        "wrong",
        "wrong-scheme",
        "longer",
    ],
)
def test_writes_need_the_configured_token(
    fresh_client: Callable[..., TestClient],
    token: str | None,
    headers: dict[str, str],
    status: int,
) -> None:
    client = fresh_client(api_token=token)
    response = client.post("/articles", json=REPORT, headers=headers)
    assert response.status_code == status
    _error(response.json(), status)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/events").json()["events"] == []


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_cap_is_413(fresh_client: Callable[..., TestClient], chunked: bool) -> None:
    client = fresh_client(api_token=TOKEN, max_body_bytes=1_000)
    body = json.dumps({**REPORT, "text": "word " * 400}).encode()
    content: bytes | Iterator[bytes] = iter([body[:500], body[500:]]) if chunked else body
    response = client.post(
        "/articles",
        content=content,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "SITREP_MAX_BODY_BYTES" in _error(response.json(), 413)


@pytest.mark.parametrize(
    "body",
    [{"text": ""}, {"text": "   "}, {"title": "no text"}, {"text": "x", "published": "soon"}],
    ids=["empty", "blank", "missing", "bad-date"],
)
def test_a_report_that_is_not_one_is_422(
    fresh_client: Callable[..., TestClient], body: dict[str, str]
) -> None:
    client = fresh_client(api_token=TOKEN)
    response = client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422
    _error(response.json(), 422)


# -- CORS, errors, docs, dashboard -----------------------------------------------------------


def test_cors_is_off_unless_configured(fresh_client: Callable[..., TestClient]) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    closed = fresh_client()
    assert "access-control-allow-origin" not in closed.get("/events", headers=origin).headers
    preflight = closed.options(
        "/articles", headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in preflight.headers
    opened = fresh_client(cors_origins=("https://elsewhere.example",))
    allowed = opened.get("/events", headers=origin).headers
    assert allowed["access-control-allow-origin"] == "https://elsewhere.example"
    other = opened.get("/events", headers={"Origin": "https://evil.example"}).headers
    assert "access-control-allow-origin" not in other


def test_every_kind_of_error_has_the_one_shape(
    fresh_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = fresh_client(api_token=TOKEN, max_body_bytes=100)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    def database_gone(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("boom: server closed the connection"))

    monkeypatch.setattr("sitrep.api.app.event_stats", crash)
    monkeypatch.setattr("sitrep.api.app.event_points", database_gone)
    crashing = TestClient(client.app, raise_server_exceptions=False)
    responses = {
        400: client.get("/events?cursor=zzz"),
        401: client.post("/articles", json={"text": "x"}),
        404: client.get("/no/such/route"),
        405: client.delete("/events"),
        413: client.post("/articles", json=REPORT, headers={"Authorization": f"Bearer {TOKEN}"}),
        422: client.get("/stats?interval=month"),
        500: crashing.get("/stats"),
        503: crashing.get("/points"),
    }
    for status, response in responses.items():
        assert response.status_code == status
        message = _error(response.json(), status)
        assert "boom" not in message  # a crash's details stay in the server log


def test_openapi_docs_are_served_without_the_internet(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "https://" not in page.text
    for asset in ("/static/docs/swagger-ui-bundle.js", "/static/docs/swagger-ui.css"):
        assert asset in page.text
        assert client.get(asset).status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/events/{event_id}", "/articles/{article_id}", "/stats", "/export"):
        assert path in paths
    assert "post" in paths["/articles"]


def test_dashboard_page_and_its_assets_are_packaged(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/dashboard.js",
        "/static/dashboard.css",
    ):
        assert asset in page.text
        assert client.get(asset).status_code == 200
    assert "http" not in page.text.split("<footer>")[0]  # nothing from the network
    world = client.get("/static/world-110m.geojson").json()
    assert len(world["features"]) > 150


def test_a_configured_tile_url_reaches_the_page_escaped(
    fresh_client: Callable[..., TestClient],
) -> None:
    client = fresh_client(
        tile_url='https://tiles.example/{z}/{x}/{y}.png"><script>x()</script>',
        tile_attribution="© <b>Example</b>",
    )
    page = client.get("/").text
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png&quot;&gt;&lt;script&gt;' in page
    assert "&lt;b&gt;Example&lt;/b&gt;" in page


# -- marking evidence in a text --------------------------------------------------------------


def _spans(*bounds: tuple[str, int, int]) -> list[ArticleSpan]:
    return [
        ArticleSpan(event_id, Evidence(start=start, end=end, text=""))
        for event_id, start, end in bounds
    ]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [("abcdefghij", [])]),
        ([("e1", 2, 5)], [("ab", []), ("cde", ["e1"]), ("fghij", [])]),
        (
            [("e1", 0, 6), ("e2", 3, 10)],
            [("abc", ["e1"]), ("def", ["e1", "e2"]), ("ghij", ["e2"])],
        ),
        ([("e1", 0, 10), ("e2", 4, 6)], [("abcd", ["e1"]), ("ef", ["e1", "e2"]), ("ghij", ["e1"])]),
        ([("e1", 8, 99)], [("abcdefgh", []), ("ij", ["e1"])]),
        ([("e1", 5, 5)], [("abcde", []), ("fghij", [])]),
    ],
    ids=["none", "one", "overlapping", "nested", "past-the-end", "empty"],
)
def test_marked_segments_cut_the_text_at_every_span_boundary(
    spans: list[tuple[str, int, int]], expected: list[tuple[str, list[str]]]
) -> None:
    segments = marked_segments("abcdefghij", _spans(*spans))
    assert [(text, [s.event_id for s in covering]) for text, covering in segments] == expected


# -- every input isolated, text normalised (issue 15) ------------------------------------------


def _post_raw(client: TestClient, body: str) -> httpx.Response:
    """POST a JSON body as written: ``\\ud800`` and ``\\u0000`` stay JSON escapes on the wire."""
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    return client.post("/articles", content=body.encode("utf-8"), headers=headers)


@pytest.mark.parametrize("text", [row[1] for row in CRASHERS], ids=[row[0] for row in CRASHERS])
def test_the_fuzzers_crashing_reports_are_stored_not_500(
    fresh_client: Callable[..., TestClient], text: str
) -> None:
    """None is a 500 any more. A lone surrogate never reaches sitrep: the API's JSON parser
    (pydantic's) refuses its escape as invalid JSON, a client error like any malformed body."""
    client = fresh_client(api_token=TOKEN)
    response = _post_raw(client, json.dumps({"text": text, "published": "2026-03-11"}))
    if "\ud800" in text:
        assert "Invalid JSON" in _error(response.json(), 422)
    else:
        assert response.status_code == 201, response.text


def test_a_report_that_breaks_extraction_is_422_in_the_error_shape(
    fresh_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> ArticleRecord:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sitrep.pipeline, "process_article", broken)
    client = fresh_client(api_token=TOKEN)
    response = client.post("/articles", json=REPORT, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422
    message = _error(response.json(), 422)
    assert "failed unexpectedly (ZeroDivisionError" in message and "POST /articles" in message
    assert client.get("/events").json()["events"] == []


def test_posted_text_loses_its_nul_characters_on_either_database(
    fresh_client: Callable[..., TestClient],
) -> None:
    """NUL removed, as from any input: PostgreSQL used to refuse it and SQLite to keep it."""
    client = fresh_client(api_token=TOKEN)
    text = REPORT["text"] + "\\u0000 Calm returned later."
    body = json.dumps({**REPORT, "text": "TEXT", "title": "TITLE"})
    body = body.replace('"TEXT"', f'"{text}"').replace('"TITLE"', '"Bomb\\u0000"')
    response = _post_raw(client, body)
    assert response.status_code == 201, response.text
    stored = client.get(f"/articles/{response.json()['article_id']}").json()["article"]
    assert stored["text"] == REPORT["text"] + " Calm returned later."
    assert stored["title"] == "Bomb"


# -- bounded reads, writes off the request thread (issue 15) -----------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 60_000}, "at most 200 are searched"),
        ({"q": "Quetta\x00"}, "text holds a NUL"),
        ({"actor": "\x00"}, "NUL"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "is after until"),
    ],
    ids=["long-q", "nul-in-q", "nul-in-actor", "since-after-until"],
)
@pytest.mark.parametrize("path", ["/events", "/points", "/stats", "/export?format=geojson"])
def test_a_filter_no_search_means_is_400(
    client: TestClient, path: str, params: dict[str, str], message: str
) -> None:
    """A 60,000-character q was SQLite's 503 ("LIKE pattern too complex"), a NUL matched every
    event: both are the client's error, refused before the database sees them."""
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert message in _error(response.json(), 400)


@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 403), (TOKEN, 401)],
    ids=["writes-off", "token-missing"],
)
def test_the_token_is_checked_before_the_body_is_parsed(
    fresh_client: Callable[..., TestClient], token: str | None, status: int
) -> None:
    """Malformed JSON from someone without the token is refused for the token (it was 422)."""
    client = fresh_client(api_token=token)
    response = client.post(
        "/articles", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    _error(response.json(), status)


def test_malformed_json_with_the_token_is_422(fresh_client: Callable[..., TestClient]) -> None:
    client = fresh_client(api_token=TOKEN)
    response = _post_raw(client, "{not json")
    assert response.status_code == 422
    assert "body" in _error(response.json(), 422) and "JSON" in _error(response.json(), 422)


def test_the_post_body_is_documented(client: TestClient) -> None:
    post = client.get("/openapi.json").json()["paths"]["/articles"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert "text" in schema["required"]
    assert "429" in post["responses"]


def test_posts_beyond_the_queue_are_429_with_retry_after(
    fresh_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extraction runs in a worker process; with one report allowed to wait, a second sent while
    the first is extracted is refused, not queued without bound, and the first is stored."""
    real = sitrep.pipeline.process_article

    def slow(*args: object, **kwargs: object) -> ArticleRecord:
        time.sleep(1.5)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sitrep.pipeline, "process_article", slow)  # the worker forks with it
    client = fresh_client(api_token=TOKEN, queue_size=1)
    other = {**REPORT, "text": REPORT["text"] + " A second report.", "url": None}
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(_post_raw, client, json.dumps(REPORT))
        time.sleep(0.5)
        second = pool.submit(_post_raw, client, json.dumps(other))
        statuses = {first.result().status_code, second.result().status_code}
    assert statuses == {201, 429}
    refused = second.result() if second.result().status_code == 429 else first.result()
    assert refused.headers["retry-after"].isdigit()
    assert "SITREP_API_QUEUE" in _error(refused.json(), 429)
    assert len(client.get("/events").json()["events"]) >= 1


def test_posted_reports_are_stored_by_the_worker_not_the_server(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker opens the database itself and stores there: a merge that holds the server's
    interpreter slows every read (reads were 1.6 times slower while reports were posted)."""
    with Store.open(db_url) as store:

        def refused(*_: object) -> SaveOutcome:
            raise AssertionError("the server process stored a report")

        monkeypatch.setattr(store, "save", refused)
        client = TestClient(create_app(store, ApiSettings(api_token=TOKEN)))
        headers = {"Authorization": f"Bearer {TOKEN}"}
        first = client.post("/articles", json=REPORT, headers=headers)
        again = client.post("/articles", json=REPORT, headers=headers)
        assert (first.status_code, again.status_code) == (201, 200)
        assert [e["id"] for e in first.json()["events"]] == [
            e["id"] for e in client.get("/events").json()["events"]
        ]


@pytest.mark.parametrize(
    ("url", "shared"),
    [
        ("sqlite:///events.db", "sqlite:///events.db"),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        (
            "postgresql+psycopg://u:secret@db:5432/sitrep",
            "postgresql+psycopg://u:secret@db:5432/sitrep",
        ),
    ],
)
def test_a_worker_opens_the_database_by_its_full_url_unless_only_the_server_can(
    url: str, shared: str | None
) -> None:
    """A password stays in the URL (the worker must log in); SQLite in memory is the server's
    alone, so the server stores what the worker extracted."""
    assert shared_database(create_engine(url)) == shared


@pytest.mark.parametrize("path", ["/points", "/export?format=acled-csv"])
def test_bulk_reads_need_the_read_token_when_one_is_set(seeded: Store, path: str) -> None:
    guarded = TestClient(create_app(seeded, ApiSettings(api_token=TOKEN, read_token="reader")))
    assert guarded.get(path).status_code == 401
    assert guarded.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
    for token in ("reader", TOKEN):  # the write token may read too
        assert guarded.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert guarded.get("/events").status_code == 200  # pages stay open: they are capped
    open_server = TestClient(create_app(seeded, ApiSettings(api_token=TOKEN)))
    assert open_server.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/points", "/export?format=geojson"])
def test_a_bulk_read_over_the_cap_is_400_and_says_how_to_narrow_it(
    seeded: Store, everything: list[Event], path: str
) -> None:
    capped = TestClient(create_app(seeded, ApiSettings(max_export_events=len(everything) - 1)))
    response = capped.get(path)
    assert response.status_code == 400
    message = _error(response.json(), 400)
    assert f"{len(everything):,} events match" in message and "narrow the filters" in message
    narrowed = capped.get(path + ("&" if "?" in path else "?") + "country=NG")
    assert narrowed.status_code == 200


@pytest.mark.parametrize("batch_size", [1, 2, 500])
def test_a_streamed_export_writes_what_the_whole_list_writes(
    seeded: Store, everything: list[Event], batch_size: int
) -> None:
    """Batches of one split every campaign from its children: the parents still learn their
    exported children, so no death is counted twice or lost."""
    assert any(event.parent for event in everything)  # the samples hold a campaign
    where = EventFilter()
    whole_acled, whole_ucdp = io.StringIO(), io.StringIO()
    write_acled_csv(everything, whole_acled, timestamp=1)
    write_ucdp_csv(everything, whole_ucdp)

    def flat() -> Iterator[FlatEvent]:
        batches = matching_batches(seeded, where, batch_size)
        return flatten_batches(batches, lambda ids: matching_children(seeded, where, ids))

    acled, ucdp = io.StringIO(), io.StringIO()
    write_acled_flat(flat(), acled, timestamp=1)
    write_ucdp_flat(flat(), ucdp)
    assert acled.getvalue() == whole_acled.getvalue()
    assert ucdp.getvalue() == whole_ucdp.getvalue()
    batched = [e for batch in matching_batches(seeded, where, batch_size) for e in batch]
    assert [e.id for e in batched] == [e.id for e in everything]


def test_a_stream_passes_on_its_writers_failure_and_stops_when_closed() -> None:
    def failing(stream: TextIO) -> None:
        stream.write("id\n" * 40_000)  # more than one chunk
        raise ValueError("disk on fire")

    chunks = streamed(failing)
    assert next(chunks).startswith(b"id\n")
    with pytest.raises(ValueError, match="disk on fire"):
        list(chunks)
    written: list[int] = []

    def endless(stream: TextIO) -> None:
        for number in range(10**7):
            stream.write("x" * 1000)
            written.append(number)

    endless_chunks = streamed(endless)
    next(endless_chunks)
    endless_chunks.close()  # the client went away
    time.sleep(1.5)
    stopped_at = len(written)
    time.sleep(0.5)
    assert len(written) == stopped_at < 10**7

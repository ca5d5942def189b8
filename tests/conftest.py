"""Shared fixtures: the sample reports, fresh SQLite and PostgreSQL databases, a CLI runner.

``web`` is a test HTTP server on 127.0.0.1 serving canned feeds and pages; no test touches the
network.

PostgreSQL tests use the server at 127.0.0.1:5432 (user postgres, trust auth), or the admin URL
in ``SITREP_TEST_POSTGRES``; each test gets a database of its own, dropped afterwards. Without a
server they are skipped locally, but when ``CI=true`` a missing server fails the run.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from sitrep.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN_URL = os.environ.get(
    "SITREP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    try:
        connection = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}".splitlines()[0]
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: PostgreSQL tests may not be skipped)")
        pytest.skip(message)
    with connection:
        yield connection


@pytest.fixture
def postgres_url(postgres_admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    postgres_admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        postgres_admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sitrep.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each store test runs twice: against SQLite and against PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@dataclass
class Route:
    """One canned response of the test web server."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    declare_length: bool = True
    """False sends no Content-Length and closes the connection: the client must stream."""


class WebServer:
    """Canned pages and feeds on 127.0.0.1, the tests' stand-in for the web (never the network).

    ``requests`` lists every path asked for, so a test can tell that a refused URL was never
    fetched at all.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                requests.append(self.path)
                route = routes.get(self.path.split("?", 1)[0]) or Route(b"not found", status=404)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.declare_length:
                    self.send_header("Content-Length", str(len(route.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, body: bytes | str, **route: Any) -> str:
        """Serve ``body`` at ``path``; returns the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **route)
        return self.url(path)

    def redirect(self, path: str, to: str) -> str:
        self.routes[path] = Route(status=302, headers={"Location": to})
        return self.url(path)

    def __enter__(self) -> WebServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def web() -> Iterator[WebServer]:
    """A fresh test web server on 127.0.0.1 for one test."""
    with WebServer() as server:
        yield server


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A URL whose server accepts connections and never answers (the kernel's backlog accepts)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    host, port = listener.getsockname()
    try:
        yield f"http://{host}:{port}/feed.xml"
    finally:
        listener.close()

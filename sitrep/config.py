"""Settings that callers pass down explicitly: no module-level mutable state."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_DATABASE_URL",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_BYTES",
    "ApiSettings",
    "FetchOptions",
    "InputOptions",
    "database_url_from_env",
]

DEFAULT_DATABASE_URL = "sqlite:///sitrep.db"
DEFAULT_MAX_BYTES = 10_000_000
"""A news report is a few kilobytes; ten megabytes leaves room for saved pages and JSONL batches
while refusing a stray video or database dump before it is read into memory."""


def _max_bytes_from_env() -> int:
    raw = os.environ.get("SITREP_MAX_BYTES")
    return int(raw) if raw else DEFAULT_MAX_BYTES


def _flag_from_env(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class FetchOptions:
    """How feeds and pages are fetched over HTTP: bounded in time and size, polite, and closed to
    the local network unless asked.

    ``host_interval`` is the least time in seconds between two requests to one host, so a feed of
    fifty links does not hammer its site. ``allow_private`` lets URLs reach loopback, private and
    link-local addresses (``SITREP_ALLOW_PRIVATE_URLS=1``): off by default, because a feed is
    somebody else's input and its links must not make sitrep probe the machine or the intranet it
    runs in.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    host_interval: float = 1.0
    allow_private: bool = field(default_factory=lambda: _flag_from_env("SITREP_ALLOW_PRIVATE_URLS"))


@dataclass(frozen=True)
class InputOptions:
    """What the user told us about inputs that do not carry their own metadata.

    ``published``, ``url`` and ``title`` apply to plain-text inputs (files and standard input);
    HTML pages and JSONL lines carry their own metadata, which wins over these. ``max_bytes``
    caps files and downloaded responses alike (and each record of a WARC file).
    """

    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    max_bytes: int = field(default_factory=_max_bytes_from_env)
    fetch: FetchOptions = field(default_factory=FetchOptions)


def database_url_from_env(explicit: str | None = None) -> str:
    """The database to use: ``--db``, else ``SITREP_DATABASE_URL``, else ``./sitrep.db``."""
    return explicit or os.environ.get("SITREP_DATABASE_URL") or DEFAULT_DATABASE_URL


DEFAULT_MAX_BODY_BYTES = 1_000_000
DEFAULT_MAX_EXPORT_EVENTS = 100_000
"""``POST /articles`` takes one report as JSON; a megabyte is a hundred long stories."""


def _origins_from_env() -> tuple[str, ...]:
    raw = os.environ.get("SITREP_CORS_ORIGINS", "")
    return tuple(origin.strip() for origin in raw.split(",") if origin.strip())


@dataclass(frozen=True)
class ApiSettings:
    """How ``sitrep serve`` guards and presents the database; read from the environment.

    ``api_token`` (``SITREP_API_TOKEN``) is the bearer token that writes need; without one,
    writes are switched off rather than open. ``max_body_bytes`` (``SITREP_MAX_BODY_BYTES``) caps
    request bodies. ``cors_origins`` (``SITREP_CORS_ORIGINS``, comma-separated) are the only
    other sites whose pages may call the API; none by default. ``tile_url``
    (``SITREP_TILE_URL``, e.g. ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``) adds a web
    map under the packaged country outlines for users who have the internet, with
    ``tile_attribution`` (``SITREP_TILE_ATTRIBUTION``) credited beside it.

    ``read_token`` (``SITREP_READ_TOKEN``), when set, is the bearer token that the bulk reads
    (``/points`` and ``/export``) need (the write token serves too); the dashboard asks for it.
    ``extract_workers`` (``SITREP_API_WORKERS``) processes extract posted reports, and at most
    ``queue_size`` (``SITREP_API_QUEUE``) reports wait or run at once (one more is 429).
    ``max_export_events`` (``SITREP_MAX_EXPORT_EVENTS``) caps what one export or map
    request returns; a larger selection is refused with 400, to be narrowed by its filters.
    """

    api_token: str | None = field(
        default_factory=lambda: os.environ.get("SITREP_API_TOKEN") or None
    )
    max_body_bytes: int = field(
        default_factory=lambda: int(
            os.environ.get("SITREP_MAX_BODY_BYTES") or DEFAULT_MAX_BODY_BYTES
        )
    )
    cors_origins: tuple[str, ...] = field(default_factory=_origins_from_env)
    tile_url: str | None = field(default_factory=lambda: os.environ.get("SITREP_TILE_URL") or None)
    tile_attribution: str = field(
        default_factory=lambda: os.environ.get("SITREP_TILE_ATTRIBUTION", "")
    )
    read_token: str | None = field(
        default_factory=lambda: os.environ.get("SITREP_READ_TOKEN") or None
    )
    extract_workers: int = field(
        default_factory=lambda: int(os.environ.get("SITREP_API_WORKERS") or 1)
    )
    queue_size: int = field(default_factory=lambda: int(os.environ.get("SITREP_API_QUEUE") or 8))
    max_export_events: int = field(
        default_factory=lambda: int(
            os.environ.get("SITREP_MAX_EXPORT_EVENTS") or DEFAULT_MAX_EXPORT_EVENTS
        )
    )

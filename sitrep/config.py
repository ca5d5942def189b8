"""Settings that callers pass down explicitly: no module-level mutable state."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_DATABASE_URL",
    "DEFAULT_MAX_BYTES",
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


@dataclass(frozen=True)
class InputOptions:
    """What the user told us about inputs that do not carry their own metadata.

    ``published``, ``url`` and ``title`` apply to plain-text inputs (files and standard input);
    HTML pages and JSONL lines carry their own metadata, which wins over these.
    """

    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    max_bytes: int = field(default_factory=_max_bytes_from_env)


def database_url_from_env(explicit: str | None = None) -> str:
    """The database to use: ``--db``, else ``SITREP_DATABASE_URL``, else ``./sitrep.db``."""
    return explicit or os.environ.get("SITREP_DATABASE_URL") or DEFAULT_DATABASE_URL

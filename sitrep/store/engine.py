"""Opening a database by URL: SQLite (the embedded default, in WAL mode) or PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from sitrep.errors import StoreError

__all__ = ["DATABASE_UNAVAILABLE", "normalise_url", "open_engine"]

DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
"""Failures of the database itself (gone, locked, out of space), not of the article being
written: no later article can be stored either, so a run stops on them instead of reporting each
article as failed. Anything else that storing one article raises is that article's error."""

_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg"}


def normalise_url(url: str) -> str:
    """Accept the URLs users type (``postgres://…``, ``postgresql://…``, a bare file name).

    PostgreSQL always goes through psycopg 3; a bare path means a SQLite file.
    """
    if "://" not in url:
        return f"sqlite:///{url}"
    scheme, rest = url.split("://", 1)
    if scheme in _POSTGRES_SCHEMES:
        return f"postgresql+psycopg://{rest}"
    return url


def open_engine(url: str) -> Engine:
    """Create an engine; SQLite connections get WAL journaling and enforced foreign keys."""
    normalised = normalise_url(url)
    try:
        parsed = make_url(normalised)
    except ArgumentError as exc:
        raise StoreError(f"cannot read database URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///FILE "
            "or postgresql://USER@HOST/DB"
        )
    engine = create_engine(parsed, future=True)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()

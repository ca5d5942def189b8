"""The exceptions sitrep raises; the CLI turns each into one line for the user."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ArticleNotFoundError",
    "EventNotFoundError",
    "ExportError",
    "GazetteerError",
    "InputError",
    "LexiconError",
    "QueryError",
    "SchemaOutOfDateError",
    "SitrepError",
    "StoreError",
]


class SitrepError(Exception):
    """Base class: everything sitrep raises on purpose derives from it."""


class InputError(SitrepError):
    """An input file (or one line of it) cannot be read as a report."""

    def __init__(self, source: str | Path, message: str, line: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.reason = message
        where = f"{self.source}:{line}" if line is not None else self.source
        super().__init__(f"{where}: {message}")


class LexiconError(SitrepError):
    """A data file under sitrep/data is missing, empty or has an unknown entry."""


class GazetteerError(SitrepError):
    """A gazetteer source or import file cannot be read."""


class StoreError(SitrepError):
    """The database cannot be opened, migrated or written."""


class SchemaOutOfDateError(StoreError):
    """The database exists but is at an older schema revision."""


class EventNotFoundError(SitrepError):
    """No stored event has the requested id."""


class ExportError(SitrepError):
    """An export cannot be written: no file for a binary format, or a file that cannot be made."""


class ArticleNotFoundError(SitrepError):
    """No stored article has the requested id."""


class QueryError(SitrepError):
    """A query's filter, page size or cursor is malformed or out of range."""

"""The exceptions sitrep raises; the CLI turns each into one line for the user."""

from __future__ import annotations

import logging
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
    "UnexpectedError",
    "unexpected_error",
]

log = logging.getLogger(__name__)


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

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        """Rebuilt from its parts, so it crosses to and from a worker process whole (pickle's
        default would call the class with the one formatted message)."""
        return (type(self), (self.source, self.reason, self.line))


class UnexpectedError(InputError):
    """Reading, extracting or storing one input failed in a way sitrep did not foresee (a bug).

    It is reported against that input like any bad input, so one article never stops a run;
    :func:`unexpected_error` makes one and logs the traceback.
    """


def unexpected_error(
    source: str | Path, doing: str, exc: BaseException, line: int | None = None
) -> UnexpectedError:
    """The one-line error for an exception nobody foresaw while ``doing`` something with an input.

    The message names the exception and its first line; the traceback goes to the log at debug
    level (``sitrep -vv`` shows it), since a user can act on the line but a developer needs the
    trace.
    """
    detail = str(exc).splitlines()[0][:200] if str(exc).strip() else ""
    error = UnexpectedError(
        source,
        f"{doing} failed unexpectedly ({type(exc).__name__}{': ' + detail if detail else ''}); "
        "this is a bug in sitrep, the debug log (sitrep -vv) has the traceback",
        line,
    )
    log.debug("%s", error, exc_info=exc)
    return error


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

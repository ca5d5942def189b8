"""Web archives (WARC, plain or gzipped): each archived HTML page becomes an article.

Crawlers and the Wayback Machine store what they fetched as WARC files, so pages captured once
can be re-read offline. Only ``response`` records with an HTML body and a 2xx status are reports;
requests, metadata, revisits, images and scripts are skipped. The file is streamed (archives run
to gigabytes), and the size cap applies to each record's body instead.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from sitrep.config import InputOptions
from sitrep.errors import InputError
from sitrep.ingest.decode import media_type
from sitrep.ingest.readers import HTML_MEDIA_TYPES, read_page
from sitrep.models import Article

__all__ = ["WARC_SUFFIXES", "is_warc", "read_warc"]

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
_GZIP_MAGIC = b"\x1f\x8b"
_CAP_HINT = "raise it with --max-bytes or SITREP_MAX_BYTES"


def is_warc(path: Path) -> bool:
    """True for ``*.warc`` and ``*.warc.gz`` (``Path.suffix`` sees only ``.gz``)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def _starts_like_warc(path: Path) -> bool:
    """A WARC begins with a ``WARC/1.x`` version line, gzipped or not.

    warcio tries hard to read anything (a text file passes for an old ARC file), so the first
    bytes are checked here to give a clear refusal instead of a run of empty records.
    """
    with path.open("rb") as stream:
        head = stream.read(2)
    opener = gzip.open if head == _GZIP_MAGIC else open
    with opener(path, "rb") as stream:
        return bool(stream.read(5) == b"WARC/")


def _warc_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def read_warc(path: Path, options: InputOptions) -> Iterator[Article | InputError]:
    """Every archived HTML page in ``path``; a page that cannot be read is yielded as an error.

    A corrupt archive raises one :class:`InputError` naming the file: the pages read before the
    damage have been yielded already.
    """
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a regular file")
    try:
        if not _starts_like_warc(path):
            raise InputError(path, "not a WARC file (it does not start with a WARC/1.x header)")
        pages = 0
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                content_type = record.http_headers.get_header("Content-Type") or ""
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if not status.startswith("2") or media_type(content_type) not in HTML_MEDIA_TYPES:
                    log.debug("%s: skipped %s (%s, %s)", path, uri, status, content_type)
                    continue
                pages += 1
                yield _read_record(record, path, uri, content_type, options)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"corrupt or truncated WARC file ({reason})") from exc
    if pages == 0:
        log.warning("%s: no archived HTML pages in this WARC file", path)


def _read_record(
    record: Any, path: Path, uri: str, content_type: str, options: InputOptions
) -> Article | InputError:
    """One archived page; warcio's records are untyped, hence ``Any``."""
    body: bytes = record.content_stream().read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        return InputError(
            path, f"{uri}: the record is over the {options.max_bytes:,}-byte cap ({_CAP_HINT})"
        )
    date_header = record.rec_headers.get_header("WARC-Date")
    try:
        return read_page(
            body, content_type, uri, options, fallback_published=_warc_date(date_header)
        )
    except InputError as error:
        return InputError(path, f"{uri}: {error.reason}")

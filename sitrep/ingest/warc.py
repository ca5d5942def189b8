"""Web archives (WARC, plain or gzipped): each archived HTML page becomes an article.

Crawlers and the Wayback Machine store what they fetched as WARC files, so pages captured once
can be re-read offline. Only ``response`` records with an HTML body and a 2xx status are reports;
requests, metadata, revisits, images and scripts are skipped. The file is streamed (archives run
to gigabytes), and the size cap applies to each record's body instead.

Every record must be whole: a record whose block is shorter than its declared Content-Length (an
archive cut off mid-record, by a full disk or an interrupted copy) is an error naming the file
and the record's offset, and nothing of it is yielded. warcio itself reads such a record to the
end of the file without complaint, and whatever followed it is gone.
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
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from sitrep.config import InputOptions
from sitrep.errors import InputError, unexpected_error
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


_DAMAGE = (ArchiveLoadFailed, ChunkedDataException, OSError, EOFError, zlib.error)
"""What reading a damaged archive raises, besides what warcio's parser raises (see
:func:`_next_record`)."""


def read_warc(path: Path, options: InputOptions) -> Iterator[Article | InputError]:
    """Every archived HTML page in ``path``; a page that cannot be read is yielded as an error.

    A corrupt or truncated record raises one :class:`InputError` naming the file and the
    record's byte offset (in the compressed file for ``.warc.gz``): the pages of the whole
    records before it have been yielded already, nothing of the damaged record is.
    """
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a regular file")
    try:
        if not _starts_like_warc(path):
            raise InputError(path, "not a WARC file (it does not start with a WARC/1.x header)")
    except _DAMAGE as exc:
        raise _damaged(path, 0, exc) from exc
    pages = 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        while (record := _next_record(records, path)) is not None:
            offset = records.offset  # where this record starts; warcio moves on later
            try:
                item = _read_response(record, path, offset, options)
                _check_whole(record, path, offset)
            except _DAMAGE as exc:
                raise _damaged(path, offset, exc) from exc
            if item is not None:
                pages += 1
                yield item
        if records.offset < path.stat().st_size:
            # warcio ends quietly where a record's headers (or its gzip member) are cut off.
            raise InputError(
                path,
                f"truncated WARC record at offset {records.offset:,}: the file ends inside "
                "its headers; the record is not stored",
            )
    if pages == 0:
        log.warning("%s: no archived HTML pages in this WARC file", path)


def _next_record(records: ArchiveIterator, path: Path) -> Any | None:
    """The next record, None at the end; a record warcio cannot parse is an error at its offset.

    warcio fails in many ways on damaged input (its own errors, zlib's, even an AttributeError
    on a gzip stream cut at the wrong byte), so whatever it raises here means the archive.
    """
    try:
        return next(records)
    except StopIteration:
        return None
    except Exception as exc:  # see above: any failure to parse is damage at this offset
        raise _damaged(path, records.offset, exc) from exc


def _damaged(path: Path, offset: int, exc: BaseException) -> InputError:
    reason = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(path, f"corrupt or truncated WARC record at offset {offset:,} ({reason})")


def _read_response(
    record: Any, path: Path, offset: int, options: InputOptions
) -> Article | InputError | None:
    """The page of an HTML response record (or why it cannot be read); None for other records.

    A failure nobody foresaw while reading the page is reported against this record alone, so
    the records after it are still read; damage to the archive itself is left to the caller.
    """
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or media_type(content_type) not in HTML_MEDIA_TYPES:
        log.debug("%s: skipped %s (%s, %s)", path, uri, status, content_type)
        return None
    try:
        return _read_record(record, path, uri, content_type, options)
    except _DAMAGE:
        raise
    except Exception as exc:  # one record's bug must not lose the records after it
        return unexpected_error(path, f"reading the WARC record at offset {offset:,} ({uri})", exc)


def _check_whole(record: Any, path: Path, offset: int) -> None:
    """Read the rest of the record's block and refuse it if it ends before its Content-Length.

    warcio limits each record's stream to the declared length but stops quietly at the end of
    the file, so the bytes still owed (``limit``) are the only sign of a cut.
    """
    block = record.raw_stream
    uri = record.rec_headers.get_header("WARC-Target-URI")
    what = f"WARC record at offset {offset:,}" + (f" ({uri})" if uri else "")
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not isinstance(block, LimitReader) or not declared.isdigit():
        # A gzip member cut inside the headers can leave "Content-Length:" with no value,
        # which warcio reads as an empty block: the record is damaged, not empty.
        raise InputError(path, f"corrupt {what}: no valid Content-Length header")
    while block.read(65536):
        pass
    if block.limit > 0:
        raise InputError(
            path,
            f"truncated {what}: the file ends {block.limit:,} bytes short of the record's "
            "declared Content-Length; the record is not stored",
        )


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

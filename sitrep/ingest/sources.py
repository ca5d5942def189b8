"""Where reports come from: paths, directories, URLs and standard input, dispatched by type.

Files go by suffix; a URL is fetched and read as a feed when it is one, as an article page
otherwise. Every failure is yielded as an :class:`~sitrep.errors.InputError`, so one bad input
never stops the others; that holds for failures nobody foresaw too (a bug meeting an odd input),
which come through as :class:`~sitrep.errors.UnexpectedError` naming the input.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sitrep.config import InputOptions
from sitrep.errors import InputError, unexpected_error
from sitrep.ingest.decode import decode_report, read_report_bytes
from sitrep.ingest.feeds import parse_feed, read_feed, read_url
from sitrep.ingest.fetch import Fetcher
from sitrep.ingest.readers import read_html, read_jsonl, read_jsonl_spans, read_plain_text
from sitrep.ingest.urls import is_url
from sitrep.ingest.warc import WARC_SUFFIXES, is_warc, read_warc
from sitrep.models import Article

__all__ = [
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "expand_paths",
    "read_inputs",
    "read_sources",
    "read_span_inputs",
]

log = logging.getLogger(__name__)

STDIN = "-"
_TEXT_SUFFIXES = {".txt", ".text"}
_HTML_SUFFIXES = {".html", ".htm"}
_JSONL_SUFFIXES = {".jsonl"}
_FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUPPORTED_SUFFIXES = frozenset(
    _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | _FEED_SUFFIXES | set(WARC_SUFFIXES)
)


def _supported(path: Path) -> bool:
    return is_warc(path) or path.suffix.lower() in SUPPORTED_SUFFIXES


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Yield each path, with directories replaced by their report files (recursive, sorted).

    ``-`` and URLs (anything written ``scheme://…``) are yielded as strings, files as paths.

    Files named explicitly are yielded whatever their suffix (the reader then says why it cannot
    use them); inside a directory only supported suffixes are taken and hidden entries are skipped.
    """
    for raw in paths:
        if str(raw) == STDIN or (isinstance(raw, str) and is_url(raw)):
            yield str(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and _supported(child)
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
            if not found:
                log.warning("%s: no report files (%s) in this directory", path, _suffix_list())
            yield from found
        else:
            yield path


def read_inputs(
    paths: Iterable[str | Path],
    options: InputOptions | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Read every report under ``paths``; a failure is yielded, not raised, so the rest go on."""
    for _, item in read_sources(paths, options, stdin):
        yield item


def read_sources(
    paths: Iterable[str | Path],
    options: InputOptions | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[tuple[str, Article | InputError]]:
    """Like :func:`read_inputs`, each item with the input it came from (a path, a URL or
    ``<stdin>``), so that a later stage's failure can name the file an article was read from.

    An exception other than :class:`~sitrep.errors.InputError` ends the reading of that input
    (the reader's generator cannot go on) and is yielded as an
    :class:`~sitrep.errors.UnexpectedError`; the next input is read as usual. JSONL lines, WARC
    records and feed entries are isolated one by one inside their readers.
    """
    options = options or InputOptions()
    with Fetcher(options.fetch, options.max_bytes) as fetcher:
        for item in expand_paths(paths):
            name = "<stdin>" if item == STDIN else str(item)
            try:
                if item == STDIN:
                    yield name, _read_stdin(stdin or sys.stdin.buffer, options)
                elif isinstance(item, str):
                    for found in read_url(item, fetcher, options):
                        yield name, found
                else:
                    for found in _read_file(item, options, fetcher):
                        yield name, found
            except InputError as error:
                yield name, error
            except Exception as exc:  # one input's bug must not stop the run
                yield name, unexpected_error(name, "reading it", exc)


def read_span_inputs(
    paths: Iterable[str | Path], options: InputOptions | None = None
) -> Iterator[tuple[Article, list[tuple[int, int]]] | InputError]:
    """Every article of the JSONL files under ``paths`` with the spans its line gives
    (``"toponyms": [{"start", "end"}]``); any other input, or a bad line, is yielded as an error.
    """
    options = options or InputOptions()
    for item in expand_paths(paths):
        try:
            if isinstance(item, str) or item.suffix.lower() not in _JSONL_SUFFIXES:
                raise InputError(item, "given spans are read from JSONL files only (.jsonl)")
            data = read_report_bytes(item, options.max_bytes)
            yield from read_jsonl_spans(data, item)
        except InputError as error:
            yield error
        except Exception as exc:  # one input's bug must not stop the run
            yield unexpected_error(str(item), "reading it", exc)


def _read_stdin(stream: BinaryIO, options: InputOptions) -> Article:
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError(
            "<stdin>",
            f"input is over the {options.max_bytes:,}-byte cap "
            "(raise it with --max-bytes or SITREP_MAX_BYTES)",
        )
    return read_plain_text(decode_report(data, "<stdin>"), "<stdin>", options)


def _read_file(
    path: Path, options: InputOptions, fetcher: Fetcher
) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if path.exists() and not _supported(path):
        raise InputError(path, f"unsupported file type {suffix or '(none)'}; use {_suffix_list()}")
    if is_warc(path):
        yield from read_warc(path, options)
        return
    data = read_report_bytes(path, options.max_bytes)
    if suffix in _FEED_SUFFIXES:
        yield from read_feed(parse_feed(data, path), path, fetcher, options)
        return
    if suffix in _JSONL_SUFFIXES:
        if b"\x00" in data[:8192]:
            raise InputError(path, "looks like a binary file (it contains NUL bytes), not JSONL")
        yield from read_jsonl(data, path, options)
        return
    text = decode_report(data, path)
    if suffix in _HTML_SUFFIXES:
        yield read_html(text, path, options)
    else:
        yield read_plain_text(text, path, options)


def _suffix_list() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))

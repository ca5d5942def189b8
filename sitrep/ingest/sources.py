"""Where reports come from: paths, directories, URLs and standard input, dispatched by type.

Files go by suffix; a URL is fetched and read as a feed when it is one, as an article page
otherwise. Every failure is yielded as an :class:`~sitrep.errors.InputError`, so one bad input
never stops the others.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sitrep.config import InputOptions
from sitrep.errors import InputError
from sitrep.ingest.decode import decode_report, read_report_bytes
from sitrep.ingest.feeds import parse_feed, read_feed, read_url
from sitrep.ingest.fetch import Fetcher
from sitrep.ingest.readers import read_html, read_jsonl, read_plain_text
from sitrep.ingest.urls import is_url
from sitrep.ingest.warc import WARC_SUFFIXES, is_warc, read_warc
from sitrep.models import Article

__all__ = ["STDIN", "SUPPORTED_SUFFIXES", "expand_paths", "read_inputs"]

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
    options = options or InputOptions()
    with Fetcher(options.fetch, options.max_bytes) as fetcher:
        for item in expand_paths(paths):
            try:
                if item == STDIN:
                    yield _read_stdin(stdin or sys.stdin.buffer, options)
                elif isinstance(item, str):
                    yield from read_url(item, fetcher, options)
                else:
                    yield from _read_file(item, options, fetcher)
            except InputError as error:
                yield error


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

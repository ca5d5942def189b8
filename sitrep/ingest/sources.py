"""Where reports come from: paths, directories and standard input, dispatched by file type."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from sitrep.config import InputOptions
from sitrep.errors import InputError
from sitrep.ingest.decode import decode_report, read_report_bytes
from sitrep.ingest.readers import read_html, read_jsonl, read_plain_text
from sitrep.models import Article

__all__ = ["STDIN", "SUPPORTED_SUFFIXES", "expand_paths", "read_inputs"]

log = logging.getLogger(__name__)

STDIN = "-"
_TEXT_SUFFIXES = {".txt", ".text"}
_HTML_SUFFIXES = {".html", ".htm"}
_JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = frozenset(_TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Yield each path, with directories replaced by their report files (recursive, sorted).

    Files named explicitly are yielded whatever their suffix (the reader then says why it cannot
    use them); inside a directory only supported suffixes are taken and hidden entries are skipped.
    """
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in SUPPORTED_SUFFIXES
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
    for item in expand_paths(paths):
        try:
            if item == STDIN:
                stream = stdin or sys.stdin.buffer
                data = stream.read(options.max_bytes + 1)
                if len(data) > options.max_bytes:
                    raise InputError(
                        "<stdin>",
                        f"input is over the {options.max_bytes:,}-byte cap "
                        "(raise it with --max-bytes or SITREP_MAX_BYTES)",
                    )
                yield read_plain_text(decode_report(data, "<stdin>"), "<stdin>", options)
            else:
                assert isinstance(item, Path)
                yield from _read_file(item, options)
        except InputError as error:
            yield error


def _read_file(path: Path, options: InputOptions) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if path.exists() and suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(none)'}; use {_suffix_list()}")
    data = read_report_bytes(path, options.max_bytes)
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

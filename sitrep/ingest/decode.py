"""Turning bytes into text, refusing what is not a report before it reaches the extractor."""

from __future__ import annotations

import codecs
from pathlib import Path

from sitrep.errors import InputError

__all__ = ["decode_report", "read_report_bytes"]

_SNIFF_BYTES = 8192


def read_report_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file whole, after checking that it exists and is under the size cap.

    The size is checked before reading so that a stray multi-gigabyte file costs nothing.
    """
    if not path.exists():
        raise InputError(path, "no such file")
    if not path.is_file():
        raise InputError(path, "not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            path,
            f"file is {size:,} bytes, over the {max_bytes:,}-byte cap "
            "(raise it with --max-bytes or SITREP_MAX_BYTES)",
        )
    return path.read_bytes()


def decode_report(data: bytes, source: str | Path, line: int | None = None) -> str:
    """Decode a report as UTF-8 (a byte-order mark is honoured), refusing binary and empty input.

    Invalid UTF-8 is refused rather than patched with replacement characters: a mis-decoded
    report yields wrong names and wrong offsets for evidence, silently. The message says where the
    first bad byte is so the user can re-encode the file.
    """
    if not data.strip():
        raise InputError(source, "file is empty", line)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"invalid UTF-16 at byte {exc.start}", line) from exc
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(
            source, "looks like a binary file (it contains NUL bytes), not a report", line
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"not valid UTF-8 (first bad byte at offset {exc.start}); "
            "re-encode it, e.g. iconv -f windows-1252 -t utf-8",
            line,
        ) from exc
    if not text.strip():
        raise InputError(source, "file is empty", line)
    return text

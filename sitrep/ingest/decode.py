"""Turning bytes into text, refusing what is not a report before it reaches the extractor."""

from __future__ import annotations

import codecs
import re
from email.message import Message
from pathlib import Path

from sitrep.errors import InputError

__all__ = ["decode_page", "decode_report", "media_type", "read_report_bytes"]

_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


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


def media_type(content_type: str) -> str:
    """``text/html; charset=utf-8`` → ``text/html``."""
    return content_type.split(";", 1)[0].strip().lower()


def _charset(content_type: str) -> str | None:
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip().lower() if isinstance(charset, str) and charset.strip() else None


def decode_page(body: bytes, content_type: str, source: str) -> str:
    """Decode a page by the charset its server or its ``<meta>`` declares, UTF-8 otherwise.

    As with files, undecodable bytes are refused rather than replaced, so names and evidence
    offsets are never silently wrong.
    """
    charset = _charset(content_type)
    if charset is None and (found := _META_CHARSET.search(body[:4096])):
        charset = found.group(1).decode("ascii").lower()
    if charset in (None, "utf-8", "utf8"):
        return decode_report(body, source)
    assert charset is not None
    try:
        return body.decode(charset)
    except LookupError as exc:
        raise InputError(source, f"the page declares an unknown charset {charset!r}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"the page is not valid {charset} (first bad byte at offset {exc.start})"
        ) from exc

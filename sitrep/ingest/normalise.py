"""The one rule for characters that the databases and UTF-8 cannot all keep alike.

PostgreSQL refuses a NUL character in text while SQLite stores it, and no lone surrogate (a
``\\ud800`` escape in JSON, say) can be encoded as UTF-8 at all, so hashing or storing one fails.
Every report therefore passes through :func:`normalise_text` once, when
:func:`~sitrep.ingest.readers.build_article` makes it an Article (files, JSONL lines, pages,
archived records and API bodies alike), before it gets an id: NUL characters are removed and
every surrogate code point is replaced by U+FFFD, the replacement character. The stored text is
the normalised one, so evidence offsets point into what is stored, on either database.
"""

from __future__ import annotations

import re

__all__ = ["normalise_text"]

_SURROGATE = re.compile("[\ud800-\udfff]")
"""A surrogate in a Python string is always lone: a well-formed pair is decoded to one character."""


def normalise_text(text: str) -> str:
    """``text`` without NUL characters and with each lone surrogate replaced by U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)

"""Stable identities for articles: the same report always gets the same id and content hash."""

from __future__ import annotations

import hashlib
import re

__all__ = ["article_id", "content_hash"]

_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the text with whitespace runs collapsed, so re-wrapped copies count as the same."""
    normalised = _WHITESPACE.sub(" ", text).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def article_id(url: str | None, text: str) -> str:
    """An id for an article that came without one: derived from its URL and text, never random."""
    digest = hashlib.sha256(f"{url or ''}\n{content_hash(text)}".encode()).hexdigest()
    return f"a{digest[:15]}"

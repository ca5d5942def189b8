"""RSS and Atom feeds, and pages given by URL: each entry's linked page becomes an article.

A feed's own text (summaries, teasers) is not the report: the linked page is fetched and read
like any HTML page, and the entry's title and date fill in only what the page lacks.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from sitrep.config import InputOptions
from sitrep.errors import InputError, unexpected_error
from sitrep.ingest.decode import media_type
from sitrep.ingest.fetch import Fetched, Fetcher
from sitrep.ingest.readers import HTML_MEDIA_TYPES, read_page
from sitrep.models import Article

__all__ = ["FeedEntry", "looks_like_feed", "parse_feed", "read_feed", "read_url"]

log = logging.getLogger(__name__)

FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_XML_MEDIA_TYPES = frozenset({"application/xml", "text/xml"})
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
_ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_ACCEPT_ANY = (
    "application/rss+xml,application/atom+xml,text/html,application/xhtml+xml;q=0.9,"
    "application/xml;q=0.8,*/*;q=0.1"
)


@dataclass(frozen=True)
class FeedEntry:
    """What a feed says about one item: where the report is, and its headline and date."""

    link: str | None
    title: str | None
    published: dt.date | None


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """True for an RSS/Atom media type, or XML whose root element is a feed's."""
    kind = media_type(content_type)
    if kind in FEED_MEDIA_TYPES:
        return True
    if kind in HTML_MEDIA_TYPES:
        return False
    if kind and kind not in _XML_MEDIA_TYPES:
        return False
    head = body[:2048].lstrip().lower()
    return any(root in head for root in _FEED_ROOTS)


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def parse_feed(
    data: bytes, source: str | Path, base_url: str | None = None, content_type: str = ""
) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, links made absolute against ``base_url``.

    feedparser reads the bytes it is given (never a URL or a file name, which it would open
    itself); a document with no entries that is malformed or not a feed at all is an error.
    """
    if not data.strip():
        raise InputError(source, "the feed is empty")
    import feedparser  # here, not with the module: only a feed needs it

    headers = {"content-location": base_url or "", "content-type": content_type}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except (KeyError, IndexError, AttributeError, TypeError, ValueError) as exc:
        # feedparser's loose parser trips over its own state on some broken markup (an end tag
        # for a <link> it never opened raises KeyError 'links'): the document is malformed.
        raise InputError(source, f"malformed feed ({type(exc).__name__} in feedparser)") from exc
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        reason = str(problem).splitlines()[0] if problem else "no <rss> or <feed> root element"
        raise InputError(source, f"not an RSS or Atom feed ({reason})")
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip() or None
        if link is not None and base_url:
            link = urljoin(base_url, link)
        title = (entry.get("title") or "").strip() or None
        entries.append(FeedEntry(link=link, title=title, published=_entry_date(entry)))
    return entries


def read_feed(
    entries: list[FeedEntry], source: str | Path, fetcher: Fetcher, options: InputOptions
) -> Iterator[Article | InputError]:
    """Fetch and read each entry's page; a failed entry is yielded and the others go on."""
    if not entries:
        log.warning("%s: the feed has no entries", source)
    for number, entry in enumerate(entries, start=1):
        if entry.link is None:
            yield InputError(source, f"entry {number} ({entry.title or 'untitled'}) has no link")
            continue
        try:
            fetched = fetcher.get(entry.link, accept=_ACCEPT_PAGE)
            yield read_page(
                fetched.body,
                fetched.content_type,
                fetched.url,
                options,
                fallback_title=entry.title,
                fallback_published=entry.published,
            )
        except InputError as error:
            yield error
        except Exception as exc:  # one entry's bug must not lose the entries after it
            yield unexpected_error(entry.link, "reading the page", exc)


def read_url(url: str, fetcher: Fetcher, options: InputOptions) -> Iterator[Article | InputError]:
    """A URL from the command line: a feed (each entry's page is read) or one article page."""
    fetched: Fetched = fetcher.get(url, accept=_ACCEPT_ANY)
    if looks_like_feed(fetched.content_type, fetched.body):
        entries = parse_feed(fetched.body, url, fetched.url, fetched.content_type)
        yield from read_feed(entries, url, fetcher, options)
        return
    kind = media_type(fetched.content_type)
    if kind and kind not in HTML_MEDIA_TYPES:
        raise InputError(url, f"neither an HTML page nor an RSS/Atom feed (Content-Type {kind})")
    yield read_page(fetched.body, fetched.content_type, fetched.url, options)

"""Article URLs: one normal form per page, so the same report fetched twice is one article.

A news link arrives in many spellings: with campaign tags from a newsletter, with an anchor, with
an explicit default port, with its query parameters in another order. :func:`normalise_url` maps
them all to one string, and :func:`url_key` hashes that string for the store's unique index (a
hash, because PostgreSQL cannot index arbitrarily long text).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError

__all__ = ["WEB_SCHEMES", "TrackingParameters", "is_url", "normalise_url", "url_host", "url_key"]

WEB_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class TrackingParameters:
    """Query parameter names (and name prefixes) that track the reader, not name the page."""

    names: frozenset[str]
    prefixes: tuple[str, ...]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        lowered = name.lower()
        return lowered in self.names or lowered.startswith(self.prefixes)


@cache
def tracking_parameters() -> TrackingParameters:
    """The list in ``sitrep/data/url_tracking_parameters.csv``, read once."""
    names: set[str] = set()
    prefixes: list[str] = []
    for row in read_table("url_tracking_parameters.csv", ["parameter"], ["added_by"]):
        parameter = row["parameter"].lower()
        if parameter.endswith("*"):
            if len(parameter) < 3:
                # "*" or "x*" would drop nearly every parameter, and so merge distinct pages.
                raise LexiconError(
                    f"url_tracking_parameters.csv: prefix {parameter!r} is too short"
                )
            prefixes.append(parameter[:-1])
        else:
            names.add(parameter)
    return TrackingParameters(frozenset(names), tuple(prefixes))


def is_url(value: str) -> bool:
    """True for anything written as ``scheme://…`` (http or not): it is not a file path."""
    scheme, separator, _ = value.partition("://")
    return bool(separator) and scheme.isascii() and scheme.replace("+", "").isalnum()


def normalise_url(url: str, tracking: TrackingParameters | None = None) -> str:
    """The one spelling of an http(s) URL that identifies its page.

    Scheme and host are lower-cased, a default port and the fragment are dropped, tracking
    parameters (``utm_*``, ``fbclid``…) are removed and the rest sorted; an empty path becomes
    ``/``. Anything that is not an http(s) URL is returned stripped but otherwise as it is, since
    nothing is known about which of its parts matter.
    """
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
        port = parts.port
    except ValueError:  # a malformed port or IPv6 literal: not something we can normalise
        return stripped
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname:
        return stripped
    host = parts.hostname  # urlsplit lower-cases it and drops any user:password@
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    drop = tracking or tracking_parameters()
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in drop
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def url_key(url: str | None) -> str | None:
    """A fixed-length key of the normalised URL, for the store's unique index; None for None."""
    if url is None or not url.strip():
        return None
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()


@lru_cache(maxsize=8192)
def url_host(url: str | None) -> str | None:
    """A URL's host, lower-cased and without a leading ``www.``; None when it has none or is
    malformed (an unbalanced ``[`` raises ValueError in urlsplit: a stored URL came from a feed
    or a JSONL line, and any text may be there). Cached: a page of events asks for the outlet of
    each source several times, and a feed's URLs repeat."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None

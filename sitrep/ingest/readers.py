"""One reader per input format; each turns one file's content into Articles.

Readers take text that :mod:`sitrep.ingest.decode` has already checked, and raise
:class:`~sitrep.errors.InputError` naming the file (and line) for anything they cannot use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from pydantic import ValidationError

from sitrep.config import InputOptions
from sitrep.errors import InputError, unexpected_error
from sitrep.extract.dates import EARLIEST_DATE, LATEST_DATE
from sitrep.ingest.decode import decode_page, decode_report, media_type
from sitrep.ingest.identity import article_id
from sitrep.ingest.normalise import normalise_text
from sitrep.ingest.urls import is_url, url_host
from sitrep.models import Article

__all__ = [
    "HTML_MEDIA_TYPES",
    "build_article",
    "parse_published",
    "read_html",
    "read_jsonl",
    "read_jsonl_spans",
    "read_page",
    "read_plain_text",
    "read_spans",
    "split_headline",
]

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HEADLINE_MAX_CHARS = 200
_MIN_PAGE_WORDS = 15
"""Below this a page's "main text" is navigation or a teaser, not a report: trafilatura falls back
to whatever text a page has, so a page without an article would otherwise come through as one."""
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


def parse_published(value: object, source: str | Path, line: int | None = None) -> dt.date | None:
    """Read a publication date given as ``YYYY-MM-DD`` or an ISO timestamp; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError(source, f"published must be a date like 2026-01-31, not {value!r}", line)


def build_article(
    text: str,
    *,
    source: str | Path,
    line: int | None = None,
    id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
) -> Article:
    """Make an Article, giving it a stable id when the input had none.

    Every input becomes an Article here, so this is where text is normalised, once, by the rule
    of :mod:`sitrep.ingest.normalise` (no NUL, no lone surrogate), and where a publication date
    outside the dates sitrep resolves (:data:`~sitrep.extract.dates.EARLIEST_DATE` …
    :data:`~sitrep.extract.dates.LATEST_DATE`) is refused.
    """
    text = normalise_text(text)
    if not text.strip():
        raise InputError(source, "no article text", line)
    if published is not None and not EARLIEST_DATE <= published <= LATEST_DATE:
        raise InputError(
            source,
            f"published {published.isoformat()} is outside the dates sitrep reads "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
            line,
        )
    url, title, id, outlet = (
        normalise_text(value) if value else None for value in (url, title, id, outlet)
    )
    try:
        return Article(
            id=id or article_id(url, text),
            url=url or None,
            title=title or None,
            published=published,
            source=outlet or _source_name(source),
            text=text,
        )
    except ValidationError as exc:
        problems = "; ".join(error["msg"] for error in exc.errors())
        raise InputError(source, problems, line) from exc


def _source_name(source: str | Path) -> str:
    """What to call an input with no outlet: a URL's host, else the file's name."""
    text = str(source)
    if is_url(text):
        return url_host(text) or text
    return Path(text).name


def split_headline(raw: str) -> tuple[str | None, str]:
    """Split a plain-text report into (headline, body) when its first line reads as a headline.

    A headline is short, does not end like a sentence, and has body text after it. Anything else
    is body text from the first character, so evidence offsets stay true to what was given.
    """
    stripped = raw.lstrip("\ufeff")
    first, newline, rest = stripped.partition("\n")
    candidate = first.strip()
    body = rest.lstrip("\r\n")
    if (
        newline
        and candidate
        and body.strip()
        and len(candidate) <= _HEADLINE_MAX_CHARS
        and not _SENTENCE_END.search(candidate)
    ):
        return candidate, body
    return None, stripped


def read_plain_text(raw: str, source: str | Path, options: InputOptions) -> Article:
    """A ``.txt`` report (or standard input): optional headline line, then the story."""
    headline, body = split_headline(raw)
    return build_article(
        body,
        source=source,
        url=options.url,
        title=options.title or headline,
        published=options.published,
    )


def read_html(
    raw: str,
    source: str | Path,
    options: InputOptions,
    *,
    fallback_title: str | None = None,
    fallback_published: dt.date | None = None,
) -> Article:
    """A web page: the main text by trafilatura, title and date from the page's metadata.

    ``fallback_title`` and ``fallback_published`` come from where the page was found (a feed
    entry, a WARC record's date) and are used only when the page itself lacks them.
    """
    # Imported here, not with the module: trafilatura and lxml weigh about 20 MB, and the API's
    # server processes build articles from posted text but never read a page.
    import trafilatura

    document = trafilatura.bare_extraction(
        raw, url=options.url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(text.split()) < _MIN_PAGE_WORDS or not re.search(r"[.!?]", text):
        raise InputError(source, "no article text found in the page")
    title = options.title or getattr(document, "title", None) or fallback_title
    if title and text.startswith(title):
        # trafilatura keeps the page's <h1>; the headline is metadata, not story text.
        text = text[len(title) :].lstrip()
        if not text:
            raise InputError(source, "no article text found in the page (only a headline)")
    published = (
        options.published
        or parse_published(getattr(document, "date", None), source)
        or fallback_published
    )
    return build_article(
        text,
        source=source,
        url=options.url or getattr(document, "url", None),
        title=title,
        published=published,
        outlet=getattr(document, "sitename", None),
    )


def read_page(
    body: bytes,
    content_type: str,
    url: str,
    options: InputOptions,
    *,
    fallback_title: str | None = None,
    fallback_published: dt.date | None = None,
) -> Article:
    """A page fetched from ``url`` (or archived from it), read like a saved HTML page.

    ``--url``, ``--title`` and ``--published`` describe plain-text input, so they do not apply:
    the article's URL is the one the page came from, and its metadata is the page's own.
    """
    kind = media_type(content_type)
    if kind and kind not in HTML_MEDIA_TYPES:
        raise InputError(url, f"not an HTML page (Content-Type {kind})")
    text = decode_page(body, content_type, url)
    page_options = replace(options, url=url, title=None, published=None)
    return read_html(
        text,
        url,
        page_options,
        fallback_title=fallback_title,
        fallback_published=fallback_published,
    )


def read_jsonl(
    data: bytes, source: str | Path, options: InputOptions
) -> Iterator[Article | InputError]:
    """A JSONL batch, one ``{id, url, title, published, text}`` per line.

    A bad line is yielded as an error with its line number and the other lines go on, whatever
    went wrong with it.
    """
    for item in _jsonl_items(data, source):
        yield item if isinstance(item, InputError) else item[0]


def read_jsonl_spans(
    data: bytes, source: str | Path
) -> Iterator[tuple[Article, list[tuple[int, int]]] | InputError]:
    """A JSONL batch whose lines also give spans of the text: ``"toponyms": [{"start", "end"}]``.

    Each article comes with its spans, checked against its text; a line without them, or with
    a span out of the text or overlapping another, is yielded as an error and the rest go on.
    """
    for item in _jsonl_items(data, source):
        if isinstance(item, InputError):
            yield item
            continue
        article, fields, number = item
        try:
            if "\x00" in str(fields["text"]):
                raise InputError(
                    source, "the text holds NUL characters, so its offsets cannot be kept", number
                )
            yield article, read_spans(fields.get("toponyms"), article.text, source, number)
        except InputError as error:
            yield error


def read_spans(
    item: object, text: str, source: str | Path, line: int | None = None
) -> list[tuple[int, int]]:
    """A list of ``{"start", "end"}`` objects as ``(start, end)`` offsets into ``text``.

    Raises:
        InputError: no list, a span that is not two integers, outside the text, empty, or
            overlapping another (naming the line).
    """
    if not isinstance(item, list):
        raise InputError(source, "'toponyms' must be a list of {start, end} objects", line)
    spans: list[tuple[int, int]] = []
    for number, span in enumerate(item, start=1):
        start = span.get("start") if isinstance(span, dict) else None
        end = span.get("end") if isinstance(span, dict) else None
        if type(start) is not int or type(end) is not int:
            raise InputError(source, f"toponym {number} needs integer 'start' and 'end'", line)
        if not 0 <= start < end <= len(text):
            raise InputError(
                source,
                f"toponym {number} ({start}-{end}) is outside the text of {len(text)} characters",
                line,
            )
        spans.append((start, end))
    ordered = sorted(spans)
    for (_, end), (start, _) in pairwise(ordered):
        if start < end:
            raise InputError(source, f"toponyms overlap at offset {start}", line)
    return spans


def _jsonl_items(
    data: bytes, source: str | Path
) -> Iterator[tuple[Article, dict[str, object], int] | InputError]:
    for number, raw_line in enumerate(data.splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            line = decode_report(raw_line, source, number)
            item = _json_object(line, source, number)
            yield _article_from_json(item, source, number), item, number
        except InputError as error:
            yield error
        except Exception as exc:  # one line's bug must not lose the lines after it
            yield unexpected_error(source, "reading the line", exc, number)


def _json_object(line: str, source: str | Path, number: int) -> dict[str, object]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON ({exc.msg} at column {exc.colno})", number) from exc
    except ValueError as exc:  # a number of over 4,300 digits: Python refuses to convert it
        raise InputError(source, "invalid JSON (a number too long to read)", number) from exc
    except RecursionError as exc:  # arrays nested thousands deep
        raise InputError(source, "invalid JSON (nested too deeply)", number) from exc
    if not isinstance(item, dict):
        raise InputError(source, "each line must be a JSON object with a 'text' field", number)
    return item


def _article_from_json(item: dict[str, object], source: str | Path, number: int) -> Article:
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "the line has no 'text' (a non-empty string)", number)
    fields = {key: item.get(key) for key in ("id", "url", "title", "source")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str | int):
            raise InputError(
                source, f"'{key}' must be a string, not {type(value).__name__}", number
            )
    return build_article(
        text,
        source=source,
        line=number,
        id=str(fields["id"]) if fields["id"] is not None else None,
        url=_optional_str(fields["url"]),
        title=_optional_str(fields["title"]),
        published=parse_published(item.get("published"), source, number),
        outlet=_optional_str(fields["source"]),
    )


def _optional_str(value: object) -> str | None:
    return str(value) if value is not None else None

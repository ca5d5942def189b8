"""The API's HTML: an article with its evidence marked, and the dashboard's page.

Everything that came from a report is passed through :func:`html.escape`; nothing from the
database reaches the page as markup.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from itertools import pairwise

from sitrep.store.queries import ArticleDetail, ArticleSpan

__all__ = ["CONTENT_SECURITY_POLICY", "article_html", "dashboard_html", "marked_segments"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
"""Our pages run only our own scripts: even markup that slipped past escaping could not run."""


def marked_segments(text: str, spans: list[ArticleSpan]) -> list[tuple[str, list[ArticleSpan]]]:
    """Cut ``text`` at every span boundary; each piece comes with the spans that cover it.

    Spans may overlap or nest (a sentence and a number in it); offsets outside the text are
    clipped to it.
    """
    bounds = {0, len(text)}
    for span in spans:
        bounds.add(max(0, min(span.evidence.start, len(text))))
        bounds.add(max(0, min(span.evidence.end, len(text))))
    cuts = sorted(bounds)
    return [
        (
            text[start:end],
            [s for s in spans if s.evidence.start <= start and end <= s.evidence.end],
        )
        for start, end in pairwise(cuts)
        if start < end
    ]


def article_html(detail: ArticleDetail) -> str:
    """A standalone page: the title, the text with every evidence span in a ``<mark>``."""
    article = detail.article
    parts = []
    for piece, covering in marked_segments(article.text, detail.spans):
        if covering:
            events = " ".join(sorted({span.event_id for span in covering}))
            fields = ", ".join(sorted({span.evidence.field or "event" for span in covering}))
            parts.append(
                f'<mark data-events="{escape(events)}" title="{escape(fields)}">'
                f"{escape(piece)}</mark>"
            )
        else:
            parts.append(escape(piece))
    title = escape(article.title or article.id)
    published = escape(article.published.isoformat()) if article.published else "undated"
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        '<link rel="stylesheet" href="/static/dashboard.css"></head>'
        f'<body class="article-page"><h1>{title}</h1>'
        f'<p class="meta">{published} · {escape(article.source or "")}</p>'
        f'<div class="article-text">{"".join(parts)}</div></body></html>\n'
    )


def dashboard_html(tile_url: str | None, tile_attribution: str) -> str:
    """The dashboard's page, with the configured tile layer (if any) in data attributes."""
    page = resources.files("sitrep.api").joinpath("static/index.html").read_text(encoding="utf-8")
    return page.replace("{{tile_url}}", escape(tile_url or "")).replace(
        "{{tile_attribution}}", escape(tile_attribution)
    )

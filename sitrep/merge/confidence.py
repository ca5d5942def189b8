"""How well an event is sourced: independent sources and a confidence level.

- ``source_count``: the outlets that reported the event, an outlet being the URL's host
  (``www.`` dropped); an article without a URL counts as an outlet of its own. Two stories from
  one wire are one source.
- ``confidence``:
  ``official``        an official, police, military, ministry, hospital or rescue speaker is
                      quoted for the event in at least one report;
  ``claimed_only``    every report carries the event only as the perpetrator's claim (the
                      article files a claim and gives the event no figure and no official);
  ``multiple_sources`` two or more outlets, none of the above;
  ``single_source``   one outlet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sitrep.ingest.urls import url_host
from sitrep.merge.rules import MergeRules, default_merge_rules

__all__ = ["CONFIDENCE_LEVELS", "Confidence", "SourceSupport", "assess_sources", "outlet_of"]

Confidence = Literal["official", "multiple_sources", "single_source", "claimed_only"]
CONFIDENCE_LEVELS: tuple[Confidence, ...] = (
    "official",
    "multiple_sources",
    "single_source",
    "claimed_only",
)


def outlet_of(article_id: str, url: str | None) -> str:
    """The outlet an article came from: its URL's host, else the article itself."""
    return url_host(url) or f"article:{article_id}"


@dataclass(frozen=True)
class SourceSupport:
    """What one article says in support of one event."""

    article_id: str
    url: str | None
    speakers: Sequence[str | None] = field(default_factory=tuple)
    """Who the article quotes in the event's evidence (None: nobody)."""
    has_figures: bool = False
    files_claim: bool = False
    """The article reports a claim (a ``claim`` statement) by a group."""


def assess_sources(
    supports: Sequence[SourceSupport], rules: MergeRules | None = None
) -> tuple[int, Confidence]:
    """The number of independent sources of an event and its confidence level."""
    rules = rules or default_merge_rules()
    count = len({outlet_of(s.article_id, s.url) for s in supports})
    if any(rules.authority_kind(speaker) for s in supports for speaker in s.speakers):
        return count, "official"
    if supports and all(s.files_claim and not s.has_figures for s in supports):
        return count, "claimed_only"
    return count, "multiple_sources" if count > 1 else "single_source"

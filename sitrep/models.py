"""The output contract as pydantic models: what every stage, the store and the exports agree on.

The JSON shape is fixed by ``docs/contract.md``; these models are its executable form. A record
that does not validate here is a bug in the stage that built it, so the validators are strict:
an unknown event type, a sub-event type from another type, ``low > best`` or an evidence span that
runs backwards are all rejected when the model is built.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sitrep import __version__
from sitrep.taxonomy import event_taxonomy, is_valid_pairing

__all__ = [
    "CATEGORIES",
    "Article",
    "ArticlePlaces",
    "ArticleRecord",
    "Category",
    "Event",
    "Evidence",
    "Fatalities",
    "Figure",
    "PlaceName",
    "Provenance",
    "SourceRef",
    "Statement",
    "StatementKind",
]

Category = Literal["civilians", "security_forces", "militants", "unknown"]
CATEGORIES: tuple[Category, ...] = ("civilians", "security_forces", "militants", "unknown")
StatementKind = Literal["aggregate", "claim", "denial", "accusation", "revision"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True)


class Figure(_Model):
    """A count with its spread: ``best`` is the figure to use, ``high`` is None when open-ended."""

    best: int = Field(ge=0)
    low: int = Field(ge=0)
    high: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Figure:
        if self.low > self.best:
            raise ValueError(f"low ({self.low}) is above best ({self.best})")
        if self.high is not None and self.high < self.best:
            raise ValueError(f"high ({self.high}) is below best ({self.best})")
        return self

    @classmethod
    def exact(cls, value: int) -> Figure:
        """A figure reported as one plain number."""
        return cls(best=value, low=value, high=value)

    def __add__(self, other: Figure) -> Figure:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Figure(best=self.best + other.best, low=self.low + other.low, high=high)


def sum_figures(figures: list[Figure | None]) -> Figure | None:
    """Add figures, skipping the ones the article is silent about; None when all are silent."""
    present = [figure for figure in figures if figure is not None]
    if not present:
        return None
    total = present[0]
    for figure in present[1:]:
        total = total + figure
    return total


class Fatalities(_Model):
    """Deaths split by who died; a category the article says nothing about is None."""

    civilians: Figure | None = None
    security_forces: Figure | None = None
    militants: Figure | None = None
    unknown: Figure | None = None

    def total(self) -> Figure | None:
        """The sum over categories, or None when the article gives no death figure at all."""
        return sum_figures([getattr(self, category) for category in CATEGORIES])


class Evidence(_Model):
    """A span of the article's text (character offsets) that supports a field or a figure."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    attributed_to: str | None = None
    field: str | None = Field(
        default=None, description="What the span supports, e.g. 'fatalities.civilians' or 'place'."
    )

    @model_validator(mode="after")
    def _span(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence span ends ({self.end}) before it starts ({self.start})")
        return self


class SourceRef(_Model):
    """One article an event was reported in."""

    article_id: str
    url: str | None = None


class Event(_Model):
    """One event at ACLED granularity: a place, a day, a kind of violence, a pair of actors."""

    id: str
    parent: str | None = None
    date: dt.date | None = None
    date_precision: Literal[1, 2, 3] = 3
    event_type: str
    sub_event_type: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: Literal[1, 2, 3] | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = Field(default_factory=list)
    fatalities: Fatalities = Field(default_factory=Fatalities)
    fatalities_total: Figure | None = None
    injured: Figure | None = None
    abducted: Figure | None = None
    claimed_by: list[str] = Field(default_factory=list)
    background: bool = False
    evidence: list[Evidence] = Field(default_factory=list)
    sources: list[SourceRef] | None = Field(
        default=None, description="The articles the event came from; set on stored events."
    )
    source_count: int | None = Field(
        default=None,
        ge=0,
        description="Independent sources (distinct outlets) that reported the event; stored only.",
    )
    confidence: Literal["official", "multiple_sources", "single_source", "claimed_only"] | None = (
        Field(default=None, description="How well the event is sourced; set on stored events.")
    )

    @field_validator("event_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in event_taxonomy():
            known = "; ".join(event_taxonomy())
            raise ValueError(f"unknown event_type {value!r}; use one of: {known}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if not is_valid_pairing(self.event_type, self.sub_event_type):
            allowed = "; ".join(event_taxonomy()[self.event_type])
            raise ValueError(
                f"sub_event_type {self.sub_event_type!r} does not belong to {self.event_type!r}; "
                f"use one of: {allowed}"
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must both be given or both be null")
        if self.parent is not None and self.parent == self.id:
            raise ValueError(f"event {self.id} cannot be its own parent")
        total = self.fatalities.total()
        if self.fatalities_total != total:
            # Derived, never free: keeps the total from drifting away from the categories.
            object.__setattr__(self, "fatalities_total", total)
        return self


class Statement(_Model):
    """Something said about violence that is not an event toll; kept apart, never counted."""

    kind: StatementKind
    category: Category | None = None
    count: Figure | None = None
    period: str | None = None
    actor: str | None = None
    attributed_to: str | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Article(_Model):
    """A report as it came in: metadata and the text that evidence offsets point into."""

    id: str
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    source: str | None = Field(default=None, description="The outlet or the file it came from.")
    text: str = Field(repr=False, description="The story text; evidence offsets point into it.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("article text is empty")
        return value


class Provenance(_Model):
    """What produced a record, so a stored event says which rules made it."""

    version: str = __version__
    rules: str


class ArticleRecord(_Model):
    """One line of ``sitrep extract``: the article, its events and its statements."""

    article: Article
    events: list[Event] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    sitrep: Provenance | None = None

    @model_validator(mode="after")
    def _links(self) -> ArticleRecord:
        ids = [event.id for event in self.events]
        if len(ids) != len(set(ids)):
            raise ValueError("event ids repeat within one record")
        known = set(ids)
        for event in self.events:
            if event.parent is not None and event.parent not in known:
                raise ValueError(f"event {event.id} names an unknown parent {event.parent}")
        return self

    def roots(self) -> list[Event]:
        """Events without a parent: the ones whose fatalities add up to the article's toll."""
        return [event for event in self.events if event.parent is None]


class PlaceName(_Model):
    """One place name of an article as ``sitrep places`` resolves it (null where it cannot)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="The words as the text has them.")
    name: str | None = Field(default=None, description="The gazetteer's name of the place.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code.")
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: Literal[1, 2, 3] | None = Field(
        default=None,
        description="1 the town itself, 2 a district or near a town, 3 a province or a country.",
    )
    feature: Literal["city", "admin2", "admin1", "country"] | None = None

    @model_validator(mode="after")
    def _span(self) -> PlaceName:
        if self.end < self.start:
            raise ValueError(
                f"a place name's span ends ({self.end}) before it starts ({self.start})"
            )
        return self


class ArticlePlaces(_Model):
    """One line of ``sitrep places``: an article's id and every place name in it, resolved."""

    id: str
    places: list[PlaceName] = Field(default_factory=list)

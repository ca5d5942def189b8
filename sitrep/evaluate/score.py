"""Scoring predicted events against annotated reports, by the rules of the gold format.

The rules (``shared/eval/FORMAT.md``, "Scoring") are implemented here as pure functions over
typed records, so the scorer can be tested on hand-built pairs without running the pipeline:
:func:`score_articles` takes (gold article, predicted record) pairs and returns an
:class:`EvalReport` whose :meth:`EvalReport.figures` are micro-averaged over the whole file.

Two readings of the rules that the text leaves open, fixed here so that every run agrees:

- Predicted parents are aggregates: they are neither matched nor counted as predictions, so a
  campaign parent never costs precision (its figures are judged through the article totals).
- The per-pair figures (type, place, date, fatalities, actor, district) are taken over the pairs
  that count for precision and recall, i.e. not over pairs whose gold event is background:
  finding a background event is "neither required nor penalised", so its details are not either.

A figure with nothing to measure (no matched pair, no exact gold coordinates, …) is None rather
than 0, so that "nothing to score" never reads as "all wrong".
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator

from sitrep.evaluate.names import same_admin2
from sitrep.geo.distance import distance_km
from sitrep.models import CATEGORIES, ArticleRecord, Category, Event

__all__ = [
    "MATCH_KM",
    "WITHIN_KM",
    "ArticleScore",
    "EvalReport",
    "GoldArticle",
    "GoldCount",
    "GoldEvent",
    "Match",
    "TotalCheck",
    "match_events",
    "may_match",
    "normalise_actor",
    "same_actor",
    "score_article",
    "score_articles",
    "within",
]

MATCH_KM = 50.0
"""Coordinates this close make a predicted event a candidate for a gold one."""
WITHIN_KM = 10.0
"""A matched pair this close counts as placed right."""
NO_DISTANCE = 1e6
"""The distance given to a pair matched by name only, so that pairs with coordinates go first."""

GoldCount = int | tuple[int, int | None]
"""A gold death count: a number, or ``[low, high]``, meaning any best figure in it is right.

``high`` is null where the article sets no upper bound ("over 30" is ``[30, null]``).
"""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class _Gold(BaseModel):
    # Annotators add keys (campaign, notes, injured…): the scorer reads what it needs.
    model_config = ConfigDict(extra="ignore", frozen=True)


class GoldEvent(_Gold):
    """One hand-annotated event; see FORMAT.md for what each field means."""

    date: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_exact: bool | None = None
    event_type: str
    sub_event_type: Annotated[list[str], BeforeValidator(_as_list)]
    actor1: str | None = None
    actor2: str | None = None
    fatalities: dict[Category, GoldCount | None] = {}
    background: bool = False

    @field_validator("fatalities")
    @classmethod
    def _ranges(cls, value: dict[Category, GoldCount | None]) -> dict[Category, GoldCount | None]:
        return _check_ranges(value)

    @property
    def exact_coordinates(self) -> bool:
        """Whether the event is scored for distance: coordinates given and not approximate."""
        return self.geo_exact is not False and self.lat is not None and self.lon is not None

    def label(self) -> str:
        """Place, day and type, enough to find the event in the article."""
        return f"{self.location or '?'} {self.date or 'undated'} {self.event_type}"


class GoldArticle(_Gold):
    """One line of an annotated file: the report, and the events and totals it holds."""

    id: str
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    text: str
    cluster: str | None = None
    events: list[GoldEvent] = []
    totals: dict[Category, GoldCount | None] = {}
    not_events: list[str] = []
    notes: str | list[str] | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("article text is empty")
        return value

    @field_validator("totals")
    @classmethod
    def _ranges(cls, value: dict[Category, GoldCount | None]) -> dict[Category, GoldCount | None]:
        return _check_ranges(value)


def _check_ranges(counts: dict[Category, GoldCount | None]) -> dict[Category, GoldCount | None]:
    for category, count in counts.items():
        if isinstance(count, tuple) and count[1] is not None and count[0] > count[1]:
            raise ValueError(f"{category}: range {list(count)} runs backwards")
    return counts


def within(value: int, gold: GoldCount) -> bool:
    """Whether a predicted count is right: equal to the gold number, or inside its range."""
    low, high = (gold, gold) if isinstance(gold, int) else gold
    return low <= value and (high is None or value <= high)


def _error(value: int, gold: GoldCount) -> int:
    """How far a count is from the gold number or from the nearest bound of its range."""
    low, high = (gold, gold) if isinstance(gold, int) else gold
    return max(low - value, 0 if high is None else value - high, 0)


_ACRONYM_PREFIX = re.compile(r"^[A-Z][A-Z0-9&.'/-]*[A-Z0-9](?:\s*\([A-Z][a-z]+\))?:\s*")
_BRACKETED = re.compile(r"\s*\((?:\d{4}\s*-\s*(?:\d{4})?|[A-Z][A-Z0-9&.'-]*[A-Z0-9])\)")


def normalise_actor(name: str) -> str:
    """An actor name without ACLED's decorations, case-folded, for comparison only.

    Drops an acronym prefix ("BLA: ", "SPLM/A-IO: ", "CPI (Maoist): "), a year range
    ("(2018-)") and an acronym suffix ("(ISWAP)"), but keeps a bracketed country or branch
    ("Civilians (Pakistan)", "Islamic State (Khorasan)"), which tells actors apart. Case
    matters while stripping: an acronym is capitals.
    """
    name = _ACRONYM_PREFIX.sub("", name.strip())
    return _folded(_BRACKETED.sub("", name))


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def same_actor(predicted: str | None, gold: str | None) -> bool:
    """Whether two actor names agree once decorations and case are set aside."""
    if not predicted or not gold:
        return False
    return normalise_actor(predicted) == normalise_actor(gold)


def _same_name(a: str | None, b: str | None) -> bool:
    """Names equal ignoring case and spacing; an unknown name agrees with nothing."""
    if not a or not b:
        return False
    return _folded(a) == _folded(b)


def _km(gold: GoldEvent, predicted: Event) -> float | None:
    if gold.lat is None or gold.lon is None:
        return None
    if predicted.latitude is None or predicted.longitude is None:
        return None
    return distance_km(predicted.latitude, predicted.longitude, gold.lat, gold.lon)


def _days_apart(a: dt.date | None, b: dt.date | None) -> int:
    """Days between two dates; 0 when either is unknown, since an unknown date rules nothing out."""
    return abs((a - b).days) if a is not None and b is not None else 0


def may_match(gold: GoldEvent, predicted: Event) -> float | None:
    """The pair's ranking distance if the two may be the same event, else None."""
    if not _same_name(gold.country, predicted.country):
        return None
    if _days_apart(gold.date, predicted.date) > 1:
        return None
    km = _km(gold, predicted)
    near = km is not None and km <= MATCH_KM
    named = _same_name(gold.location, predicted.location) or _same_name(
        gold.admin2, predicted.admin2
    )
    if not (near or named):
        return None
    return km if km is not None else NO_DISTANCE


@dataclass(frozen=True)
class Match:
    """A predicted event paired with the gold event it stands for."""

    gold: GoldEvent
    predicted: Event
    km: float | None
    """Distance between the two, None when either side lacks coordinates."""


def match_events(gold: list[GoldEvent], predicted: list[Event]) -> list[Match]:
    """Pair one article's events, closest first, each event used at most once.

    Predicted parents (events some other event names as ``parent``) are campaign aggregates and
    never take part. On equal distances (villages placed at the town beside them, events
    without coordinates) the pair with the same place name goes first, then the pair with the
    nearer dates; remaining ties are broken by the order of the events in the article, so a run
    is reproducible.
    """
    parents = {event.parent for event in predicted if event.parent is not None}
    candidates: list[tuple[float, bool, int, int, int]] = []
    for g, gold_event in enumerate(gold):
        for p, event in enumerate(predicted):
            if event.id in parents:
                continue
            distance = may_match(gold_event, event)
            if distance is not None:
                other_name = not _same_name(gold_event.location, event.location)
                days = _days_apart(gold_event.date, event.date)
                candidates.append((distance, other_name, days, g, p))
    taken_gold: set[int] = set()
    taken_predicted: set[int] = set()
    matches: list[Match] = []
    for _, _, _, g, p in sorted(candidates):
        if g in taken_gold or p in taken_predicted:
            continue
        taken_gold.add(g)
        taken_predicted.add(p)
        matches.append(Match(gold[g], predicted[p], _km(gold[g], predicted[p])))
    return matches


@dataclass(frozen=True)
class TotalCheck:
    """One category of one article's toll: the sum over predicted root events against gold."""

    category: Category
    predicted: int
    gold: GoldCount

    @property
    def right(self) -> bool:
        return within(self.predicted, self.gold)

    @property
    def error(self) -> int:
        return _error(self.predicted, self.gold)


def _type_right(match: Match) -> bool:
    return match.predicted.event_type == match.gold.event_type


def _sub_type_right(match: Match) -> bool:
    return match.predicted.sub_event_type in match.gold.sub_event_type


def _describe(event: Event) -> str:
    date = event.date or "undated"
    return f"{event.id} {event.location or '?'} {date} {event.event_type}"


def _gold_text(count: GoldCount) -> str:
    if isinstance(count, int):
        return str(count)
    return f"{count[0]}-{count[1]}" if count[1] is not None else f"{count[0]} or more"


@dataclass
class ArticleScore:
    """What one article contributes to the figures, and what went wrong in it.

    ``matches`` holds only the pairs that count (gold not background); ``missed`` the gold
    events nothing matched, ``spurious`` the predictions that count against precision.
    """

    article_id: str
    matches: list[Match] = field(default_factory=list)
    missed: list[GoldEvent] = field(default_factory=list)
    spurious: list[Event] = field(default_factory=list)
    totals: list[TotalCheck] = field(default_factory=list)

    @property
    def gold_events(self) -> int:
        return len(self.matches) + len(self.missed)

    @property
    def predicted_events(self) -> int:
        return len(self.matches) + len(self.spurious)

    def problems(self) -> list[str]:
        """One line per miss, for a person reading ``sitrep eval --per-article``."""
        lines = [f"missed: {gold.label()}" for gold in self.missed]
        lines += [f"spurious: {_describe(event)}" for event in self.spurious]
        lines += [
            f"total {check.category}: predicted {check.predicted}, gold {_gold_text(check.gold)}"
            for check in self.totals
            if not check.right
        ]
        lines += [
            f"type at {m.gold.location or '?'}: predicted {m.predicted.event_type} / "
            f"{m.predicted.sub_event_type}, gold {m.gold.event_type} / "
            + " or ".join(m.gold.sub_event_type)
            for m in self.matches
            if not (_type_right(m) and _sub_type_right(m))
        ]
        return lines

    def summary(self) -> dict[str, object]:
        """The misses as a JSON-ready mapping with fixed keys."""
        return {
            "id": self.article_id,
            "missed": [gold.label() for gold in self.missed],
            "spurious": [_describe(event) for event in self.spurious],
            "wrong_totals": [
                {
                    "category": check.category,
                    "predicted": check.predicted,
                    "gold": check.gold if isinstance(check.gold, int) else list(check.gold),
                }
                for check in self.totals
                if not check.right
            ],
            "wrong_types": [
                {
                    "location": m.gold.location,
                    "predicted": [m.predicted.event_type, m.predicted.sub_event_type],
                    "gold": [m.gold.event_type, m.gold.sub_event_type],
                }
                for m in self.matches
                if not (_type_right(m) and _sub_type_right(m))
            ],
        }


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class EvalReport:
    """The scores of a file of articles; :meth:`figures` micro-averages them."""

    articles: list[ArticleScore] = field(default_factory=list)

    @property
    def matches(self) -> list[Match]:
        return [match for article in self.articles for match in article.matches]

    def figures(self) -> dict[str, float | int | None]:
        """The figures of FORMAT.md as one flat mapping with fixed keys (None: nothing to score)."""
        matches = self.matches
        gold = sum(article.gold_events for article in self.articles)
        predicted = sum(article.predicted_events for article in self.articles)
        matched = len(matches)
        placed = [m for m in matches if m.gold.exact_coordinates]
        distances = [m.km for m in placed if m.km is not None]
        fatalities = [
            within(_best(m.predicted, category), count)
            for m in matches
            for category, count in m.gold.fatalities.items()
            if count is not None
        ]
        totals = [check for article in self.articles for check in article.totals]
        return {
            "event_precision": _rounded(matched / predicted if predicted else None),
            "event_recall": _rounded(matched / gold if gold else None),
            "event_f1": _rounded(2 * matched / (gold + predicted) if gold + predicted else None),
            "type_acc": _rounded(_share([_type_right(m) for m in matches])),
            "sub_type_acc": _rounded(_share([_sub_type_right(m) for m in matches])),
            "loc_within_10km": _rounded(
                _share([m.km is not None and m.km <= WITHIN_KM for m in placed])
            ),
            "median_km": _rounded(statistics.median(distances) if distances else None),
            "date_acc": _rounded(
                _share([m.predicted.date == m.gold.date for m in matches if m.gold.date])
            ),
            "event_fatalities_acc": _rounded(_share(fatalities)),
            "totals_acc": _rounded(_share([check.right for check in totals])),
            "totals_mae": _rounded(
                statistics.fmean(check.error for check in totals) if totals else None
            ),
            "actor1_acc": _rounded(
                _share(
                    [
                        same_actor(m.predicted.actor1, m.gold.actor1)
                        for m in matches
                        if m.gold.actor1
                    ]
                )
            ),
            "admin2_acc": _rounded(
                _share(
                    [
                        same_admin2(m.predicted.admin2, m.gold.admin2)
                        for m in matches
                        if m.gold.admin2
                    ]
                )
            ),
            "gold_events": gold,
            "predicted_events": predicted,
            "matched_events": matched,
            "articles": len(self.articles),
        }


def _best(event: Event, category: Category) -> int:
    """The predicted best figure; a category the prediction is silent about counts as 0."""
    figure = getattr(event.fatalities, category)
    return 0 if figure is None else int(figure.best)


def score_article(gold: GoldArticle, record: ArticleRecord) -> ArticleScore:
    """Match one article's events and check its totals (FORMAT.md rules 1, 2 and 7)."""
    matches = match_events(gold.events, record.events)
    matched_gold = {id(m.gold) for m in matches}
    matched_predicted = {id(m.predicted) for m in matches}
    parents = {event.parent for event in record.events if event.parent is not None}
    roots = [event for event in record.roots() if not event.background]
    return ArticleScore(
        article_id=gold.id,
        matches=[m for m in matches if not m.gold.background],
        missed=[g for g in gold.events if not g.background and id(g) not in matched_gold],
        spurious=[
            event
            for event in record.events
            if event.id not in parents
            and not event.background
            and id(event) not in matched_predicted
        ],
        totals=[
            TotalCheck(category, sum(_best(event, category) for event in roots), count)
            for category in CATEGORIES
            if (count := gold.totals.get(category)) is not None
        ],
    )


def score_articles(pairs: list[tuple[GoldArticle, ArticleRecord]]) -> EvalReport:
    """Score every (gold, prediction) pair of a file; see the module docstring for the rules."""
    return EvalReport([score_article(gold, record) for gold, record in pairs])

"""Where an event happened: every place the article offers it, described as features.

The places stage used to rank an event's places by a hand-ordered priority (the most precise
place of its own sentences, else the nearest of its paragraph, else the headline's town, else
the dateline). That order is kept as the rules' proposal, and is one feature among others: the
mention's kind and precision, the sentences between it and the event, whether its paragraph is
the event's, how often the article names it, the word before it, whether it is the headline's or
the dateline's place, whether it lies in the article's country, whether it lies inside the most
precise place of the event's own sentences. A model that ``sitrep train``
fits on annotated reports (:mod:`sitrep.learn.places`) weighs them, so that an event told in a
sentence naming only "northeastern Nigeria" can go to the town the next sentence names.

Candidates are drawn from a window of sentences around the event (and the proposal, the
headline, the dateline and the country), so an event's cost does not grow with the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sitrep.extract.text import covered_sentences
from sitrep.geo.gazetteer import Place, fold_name
from sitrep.geo.resolve import PlaceMention
from sitrep.models import Evidence

__all__ = [
    "Candidate",
    "PlaceContext",
    "place_candidates",
    "place_for_spans",
    "place_key",
    "within",
]

WINDOW = 4
"""Sentences before and after an event's own whose places are candidates."""

_FEATURE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_THE_CITY = re.compile(
    r"\bthe\s+(?:(?:[A-Z][a-z]+|provincial|regional|state|national)\s+)?(?:city|capital|town)\b"
)

Source = Literal["text", "headline", "dateline", "country"]


def place_key(place: Place) -> tuple[str, str, str, str]:
    """What makes two gazetteer entries one place for counting mentions of it."""
    return (place.country, place.feature, fold_name(place.name), fold_name(place.admin1 or ""))


@dataclass
class PlaceContext:
    """What the places stage knows of one article, shared by all of its events."""

    text: str
    title: str | None
    mentions: Sequence[PlaceMention]
    sentences: Sequence[tuple[int, int]]
    headline: Place | None
    dateline: Place | None
    country: Place | None
    counts: Counter[tuple[str, str, str, str]] = field(init=False, repr=False)
    first_place: tuple[str, str, str, str] | None = field(init=False, repr=False)
    folded_title: str = field(init=False, repr=False)
    _starts: list[int] = field(init=False, repr=False)
    ends: list[int] = field(init=False, repr=False)
    """Where each sentence ends, for bisection."""

    def __post_init__(self) -> None:
        self._starts = [mention.start for mention in self.mentions]
        self.ends = [end for _, end in self.sentences]
        self.counts = Counter(place_key(mention.place) for mention in self.mentions)
        first = next((m for m in self.mentions if m.place.feature != "country"), None)
        self.first_place = place_key(first.place) if first else None
        self.folded_title = fold_name(self.title or "")

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the next one between sentences)."""
        return min(bisect_right(self.ends, offset), max(len(self.sentences) - 1, 0))

    def mention_index(self, offset: int) -> int:
        """How many mentions start before ``offset``."""
        return bisect_left(self._starts, offset)

    def mentions_between(self, start: int, end: int) -> list[PlaceMention]:
        """The mentions that start in ``[start, end)``, found by bisection."""
        return list(
            self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]
        )


@dataclass(frozen=True)
class Candidate:
    """A place an event may have happened at, and what the text says about it."""

    place: Place
    precision: Literal[1, 2, 3]
    source: Source
    evidence: Evidence | None
    features: dict[str, float]
    proposed: bool
    """Whether the rules' order chooses it."""
    own: bool = False
    """Whether it is named in the event's own sentences."""
    first: bool = False
    """Whether it is named in the first of them, where the event is told (a place a wave
    may also have hit)."""


def place_candidates(spans: Sequence[tuple[int, int]], context: PlaceContext) -> list[Candidate]:
    """Every place an event reported at ``spans`` may be at; the rules' choice is marked.

    The rules' choice: the most precise place named in the event's sentences; else the nearest
    of its paragraph; else the most precise of the last sentence before it that names a place
    (see :func:`place_for_spans`); else the headline's town, the dateline's
    place and the country, in that order.
    """
    text = context.text
    covered = covered_sentences(context.sentences, spans, context.ends) if spans else []
    proposal = place_for_spans(spans, context)
    candidates: list[Candidate] = []
    if covered:
        first, last = covered[0], covered[-1]
        low = context.sentences[max(0, first - WINDOW)][0]
        high = context.sentences[min(len(context.sentences) - 1, last + WINDOW)][1]
        window = context.mentions_between(low, high)
    else:
        first = last = -1
        window = list(context.mentions[:1])
    if proposal is not None and proposal not in window:
        window.append(proposal)
    event_start = min((start for start, _ in spans), default=0)
    paragraph = (text.rfind("\n", 0, event_start) + 1, _paragraph_end(text, event_start))
    own = _own_mentions(context, covered)
    best_own = min(own, key=_precise, default=None)
    own_ids = {id(m) for m in own}
    for mention in window:
        features = _mention_features(mention, context, (first, last), paragraph, own, best_own)
        if best_own is None:
            features["no_own_place"] = 1.0
        elif id(mention) not in own_ids and place_key(mention.place) != place_key(best_own.place):
            # "killing 41 insurgents in Balochistan": a town of the province named elsewhere
            # is no better a guess than the province; "in northeastern Nigeria … in Gwoza" is.
            inside = within(mention.place, best_own.place)
            features[f"{'inside' if inside else 'outside'}_own={best_own.place.feature}"] = 1.0
        candidates.append(
            Candidate(
                mention.place,
                mention.precision,
                "text",
                Evidence(start=mention.start, end=mention.end, text=mention.name, field="place"),
                features,
                proposed=mention is proposal,
                own=id(mention) in own_ids,
                first=bool(covered) and context.sentence_of(mention.start) == first,
            )
        )
    fallback = proposal is None
    if context.headline is not None:
        headline = context.headline
        evidence = _first_named(rf"\b{re.escape(headline.name)}\b", text, 0)
        precision: Literal[1, 2, 3] = 2 if headline.feature == "city" else 3
        features = _source_features("headline", headline, context)
        candidates.append(Candidate(headline, precision, "headline", evidence, features, fallback))
        fallback = False
    if context.dateline is not None:
        dateline = context.dateline
        evidence = _first_named(re.escape(dateline.name), text, re.IGNORECASE)
        # "a bomb exploded in the city": the report's own city, named by its dateline.
        in_the_city = any(_THE_CITY.search(text, start, end) for start, end in spans)
        precision = 1 if in_the_city and dateline.feature == "city" else 3
        features = _source_features("dateline", dateline, context)
        if in_the_city:
            features["dateline_the_city"] = 1.0
        candidates.append(Candidate(dateline, precision, "dateline", evidence, features, fallback))
        fallback = False
    if context.country is not None:
        features = _source_features("country", context.country, context)
        candidates.append(Candidate(context.country, 3, "country", None, features, fallback))
    for candidate in candidates:
        if candidate.proposed:
            candidate.features["proposed"] = 1.0  # the rules' choice is evidence too
    return candidates


def place_for_spans(spans: Sequence[tuple[int, int]], context: PlaceContext) -> PlaceMention | None:
    """The place of an event reported by the text at ``spans``: the one function that attaches.

    The most precise place named in the sentences that report it; else the nearest place named in
    the same paragraph (before it on a tie); else the most precise place of the last sentence
    before it that names one (not a country).
    An event without spans takes the article's first place.

    Every lookup is a bisection into the article's sorted mentions and sentences, so placing
    each of a long article's events does not scan all of its places.
    """
    mentions, sentences, text = context.mentions, context.sentences, context.text
    if not mentions:
        return None
    if not spans:
        return mentions[0]
    covered = covered_sentences(sentences, spans, context.ends)
    inside = [
        mention
        for index in covered
        for mention in context.mentions_between(*sentences[index])
        if mention.end <= sentences[index][1]
    ]
    if inside:
        # The most precise place; a town beats its province and a province its country
        # ("Ukraine's Kherson region"; a village known only by its province).
        return min(inside, key=lambda m: (m.precision, _FEATURE_RANK[m.place.feature], m.start))
    first = min(start for start, _ in spans)
    paragraph_start = text.rfind("\n", 0, first) + 1
    in_paragraph = [
        m
        for m in context.mentions_between(paragraph_start, _paragraph_end(text, first))
        if m.place.feature != "country"
    ]
    if in_paragraph:
        return min(in_paragraph, key=lambda m: (abs(m.start - first), m.start > first))
    # The last sentence before that names a place: its most precise place ("on the outskirts
    # of Mocimboa da Praia in Cabo Delgado province … troops responded" is at Mocimboa).
    earlier = (context.mentions[i] for i in range(context.mention_index(first) - 1, -1, -1))
    last = next((m for m in earlier if m.end <= first and m.place.feature != "country"), None)
    if last is None:
        return None
    index = context.sentence_of(last.start)
    same = (last.start, last.end)
    if sentences and sentences[index][0] <= last.start < sentences[index][1]:
        same = sentences[index]
    named = [
        m
        for m in context.mentions_between(same[0], same[1])
        if m.end <= first and m.place.feature != "country"
    ]
    return min(named, key=lambda m: (m.precision, _FEATURE_RANK[m.place.feature], -m.start))


def _first_named(pattern: str, text: str, flags: int) -> Evidence | None:
    """Where the text first names a place that came from outside its sentences."""
    found = re.search(pattern, text, flags)
    if found is None:
        return None
    return Evidence(start=found.start(), end=found.end(), text=found.group(), field="place")


def _paragraph_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _common_features(place: Place, context: PlaceContext) -> dict[str, float]:
    key = place_key(place)
    named = context.counts.get(key, 0)
    features = {
        f"kind={place.feature}": 1.0,
        f"named={min(named, 3)}": 1.0,
    }
    if context.country is not None and place.country != context.country.country:
        features["abroad"] = 1.0
    if key == context.first_place:
        features["first_place"] = 1.0
    title = context.folded_title
    if title and re.search(rf"\b{re.escape(fold_name(place.name))}\b", title):
        features["in_title"] = 1.0
    if context.dateline is not None and key == place_key(context.dateline):
        features["is_dateline"] = 1.0
    return features


def _source_features(source: Source, place: Place, context: PlaceContext) -> dict[str, float]:
    features = _common_features(place, context)
    features[f"src={source}"] = 1.0
    return features


def _mention_features(
    mention: PlaceMention,
    context: PlaceContext,
    bounds: tuple[int, int],
    paragraph: tuple[int, int],
    own: _Own,
    best_own: PlaceMention | None,
) -> dict[str, float]:
    features = _common_features(mention.place, context)
    kind = mention.place.feature
    features["src=text"] = 1.0
    features[f"precision={mention.precision}"] = 1.0
    index = context.sentence_of(mention.start)
    first, last = bounds
    if index in own.sentences:
        position = "own"
        if index == first:
            features["first_sentence"] = 1.0
    elif first < 0:
        position = "none"
    elif index < first:
        position = f"before{min(first - index, 3)}"
    else:
        position = f"after{min(index - last, 3)}"
    features[f"pos={position}"] = 1.0
    features[f"pos={position}|{kind}"] = 1.0
    if paragraph[0] <= mention.start < paragraph[1]:
        features["same_paragraph"] = 1.0
    if position == "own":
        # The most precise place of the event's own sentences: a town beats its province.
        if best_own is mention:
            features["most_precise_own"] = 1.0
        if kind in ("admin1", "country") and mention.place.country in own.town_countries:
            features["holds_own_town"] = 1.0
    before = _WORD_BEFORE.search(context.text, max(0, mention.start - 30), mention.start)
    if before is not None:
        features[f"cue={before.group(1).lower()}"] = 1.0
    return features


@dataclass(frozen=True)
class _Own:
    """The places named in an event's own sentences, indexed for the features of each mention."""

    mentions: list[PlaceMention]
    sentences: frozenset[int]
    town_countries: frozenset[str]
    """The countries of its towns and districts (a province or country "holds" them)."""

    def __iter__(self) -> Iterator[PlaceMention]:
        return iter(self.mentions)


def _own_mentions(context: PlaceContext, covered: list[int]) -> _Own:
    """The places named in the event's own sentences."""
    sentences = frozenset(covered)
    found: list[PlaceMention] = []
    if covered:
        low, high = context.sentences[covered[0]][0], context.sentences[covered[-1]][1]
        found = [
            m
            for m in context.mentions_between(low, high)
            if context.sentence_of(m.start) in sentences
        ]
    towns = frozenset(m.place.country for m in found if _FEATURE_RANK[m.place.feature] < 2)
    return _Own(found, sentences, towns)


def _precise(mention: PlaceMention) -> tuple[int, int, int]:
    return (mention.precision, _FEATURE_RANK[mention.place.feature], mention.start)


def within(place: Place, area: Place) -> bool:
    """Whether ``place`` lies in the province or the country ``area`` is (as far as known)."""
    if place.country != area.country:
        return False
    if area.feature == "country":
        return True
    if area.feature == "admin1":
        return place.admin1 is not None and fold_name(place.admin1) == fold_name(area.admin1 or "")
    return False

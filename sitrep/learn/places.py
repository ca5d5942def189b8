"""Learning where events happened: the place model's examples and its fit.

Every event the rules read in an annotated report offers its candidate places
(:func:`~sitrep.geo.attach.place_candidates`); a candidate is an example of "here" when an
event placed there would match one of the article's gold events by the scorer's rule (same
country, within 50 km or the same place or district name, dates at most a day apart), of
"elsewhere" otherwise. An event whose candidates are all right or all wrong teaches nothing
and is left out; so is a background event, which the annotations need not place and the
pipeline places by the rules' order. The pipeline takes the candidate the model scores highest.

The split model learns from the events the place model placed: each other place of an event's
own sentences (:func:`~sitrep.geo.split.other_places`) is an example of "also there" when the
event copied there would match a gold event that the event where it was placed does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.evaluate.score import GoldArticle, may_match
from sitrep.geo import Gazetteer, load_gazetteer
from sitrep.geo.attach import PlaceContext, place_candidates
from sitrep.geo.locate import (
    EVENT_PLACE_MODEL,
    PLACE_YES,
    event_spans,
    locate_event,
    place_context,
    with_place,
)
from sitrep.geo.split import EVENT_SPLIT_MODEL, SPLIT_YES, other_places, split_features
from sitrep.learn.linear import LinearModel
from sitrep.learn.train import fit_linear, group_of

if TYPE_CHECKING:
    from sitrep.pipeline import Reading

__all__ = [
    "PLACE_NO",
    "SPLIT_NO",
    "PlaceExample",
    "fit_place_model",
    "fit_split_model",
    "place_examples",
    "split_examples",
]

PLACE_NO = "elsewhere"
SPLIT_NO = "not there"


@dataclass(frozen=True)
class PlaceExample:
    """One candidate place of one event: its features and whether the event happened there."""

    features: dict[str, float]
    here: bool
    group: str


def _context(reading: Reading, gazetteer: Gazetteer | None) -> PlaceContext:
    return place_context(
        reading.record,
        gazetteer or load_gazetteer(),
        reading.dateline_city,
        reading.dateline_country,
        reading.places,
    )


def place_examples(
    gold: GoldArticle, reading: Reading, gazetteer: Gazetteer | None = None
) -> list[PlaceExample]:
    """The candidate places of every event of one read article, labelled by its annotation."""
    record = reading.record
    context = _context(reading, gazetteer)
    group = group_of(gold)
    examples: list[PlaceExample] = []
    for event in record.events:
        if event.background:
            continue  # placed by the rules' order (see sitrep.geo.locate)
        candidates = place_candidates(event_spans(event, context.text), context)
        labels = [
            any(
                may_match(target, with_place(event, c.place, c.precision, None)) is not None
                for target in gold.events
            )
            for c in candidates
        ]
        if any(labels) and not all(labels):
            examples += [
                PlaceExample(c.features, here, group)
                for c, here in zip(candidates, labels, strict=True)
            ]
    return examples


def fit_place_model(examples: Sequence[PlaceExample], seed: int) -> LinearModel:
    """The place model over every example; deterministic for a seed."""
    return _fit(examples, seed, (PLACE_YES, PLACE_NO), EVENT_PLACE_MODEL)


def split_examples(
    gold: GoldArticle,
    reading: Reading,
    place_model: LinearModel,
    gazetteer: Gazetteer | None = None,
) -> list[PlaceExample]:
    """The other places of every event ``place_model`` placed, labelled by the annotation."""
    context = _context(reading, gazetteer)
    targets = [target for target in gold.events if not target.background]
    group = group_of(gold)
    examples: list[PlaceExample] = []
    for event in reading.record.events:
        if event.background:
            continue
        placed, chosen, candidates = locate_event(event, context, place_model)
        if chosen is None:
            continue
        missed = [target for target in targets if may_match(target, placed) is None]
        for candidate in other_places(candidates, chosen):
            copy = with_place(placed, candidate.place, candidate.precision, None)
            there = any(may_match(target, copy) is not None for target in missed)
            features = split_features(candidate, chosen, placed, context, candidates)
            examples.append(PlaceExample(features, there, group))
    return examples


def fit_split_model(examples: Sequence[PlaceExample], seed: int) -> LinearModel:
    """The split model over every example; deterministic for a seed."""
    return _fit(examples, seed, (SPLIT_YES, SPLIT_NO), EVENT_SPLIT_MODEL)


def _fit(
    examples: Sequence[PlaceExample], seed: int, answers: tuple[str, str], name: str
) -> LinearModel:
    yes, no = answers
    return fit_linear(
        [example.features for example in examples],
        [yes if example.here else no for example in examples],
        seed,
        name,
    )

"""Learning where events happened: the place model's examples and its fit.

Every event the rules read in an annotated report offers its candidate places
(:func:`~sitrep.geo.attach.place_candidates`); a candidate is an example of "here" when an
event placed there would match one of the article's gold events by the scorer's rule (same
country, within 50 km or the same place or district name, dates at most a day apart), of
"elsewhere" otherwise. An event whose candidates are all right or all wrong teaches nothing
and is left out; so is a background event, which the annotations need not place and the
pipeline places by the rules' order. The pipeline takes the candidate the model scores highest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.evaluate.score import GoldArticle, may_match
from sitrep.geo import Gazetteer, load_gazetteer
from sitrep.geo.attach import place_candidates
from sitrep.geo.locate import EVENT_PLACE_MODEL, PLACE_YES, event_spans, place_context, with_place
from sitrep.learn.linear import LinearModel
from sitrep.learn.train import fit_linear, group_of

if TYPE_CHECKING:
    from sitrep.pipeline import Reading

__all__ = ["PLACE_NO", "PlaceExample", "fit_place_model", "place_examples"]

PLACE_NO = "elsewhere"


@dataclass(frozen=True)
class PlaceExample:
    """One candidate place of one event: its features and whether the event happened there."""

    features: dict[str, float]
    here: bool
    group: str


def place_examples(
    gold: GoldArticle, reading: Reading, gazetteer: Gazetteer | None = None
) -> list[PlaceExample]:
    """The candidate places of every event of one read article, labelled by its annotation."""
    record = reading.record
    context = place_context(
        record,
        gazetteer or load_gazetteer(),
        reading.dateline_city,
        reading.dateline_country,
        reading.places,
    )
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
    return fit_linear(
        [example.features for example in examples],
        [PLACE_YES if example.here else PLACE_NO for example in examples],
        seed,
        EVENT_PLACE_MODEL,
    )

"""Training and out-of-fold scoring over annotated files: what ``sitrep train`` and
``sitrep eval --folds`` run.

The rules read each report once (:func:`~sitrep.pipeline.read_article`); every fold then refits
the place model, the split model on the events the place model placed, places every report's
events with both, fits the type model on those and applies all three to the reports it held
out. Placing and typing are the cheap stages, so five folds cost
little more than one reading of the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sitrep
from sitrep.evaluate.run import read_gold_articles, report_of
from sitrep.evaluate.score import EvalReport, GoldArticle, score_articles
from sitrep.extract.classify import classify_events
from sitrep.geo import Gazetteer, load_gazetteer
from sitrep.learn.linear import MODELS_DIR, LinearModel
from sitrep.learn.places import (
    PlaceExample,
    fit_place_model,
    fit_split_model,
    place_examples,
    split_examples,
)
from sitrep.learn.train import (
    fit_type_model,
    folds_by_cluster,
    training_examples,
    training_hash,
)
from sitrep.models import ArticleRecord
from sitrep.pipeline import Reading, place_events, read_article

ReadPair = tuple[GoldArticle, Reading]

__all__ = [
    "FoldedReport",
    "Models",
    "evaluate_folds",
    "fit_models",
    "packaged_models_dir",
    "read_pairs",
    "train_models",
]

DEFAULT_FOLDS = 5
DEFAULT_SEED = 0
_TYPE_FIGURES = ("type_acc", "sub_type_acc")
_PLACE_FIGURES = ("event_f1", "loc_within_10km", "admin2_acc")
_SPLIT_FIGURES = ("event_f1", "event_recall", "event_precision")
"""The figures each model moves; ``sitrep train`` writes them into the model file."""


def packaged_models_dir() -> Path:
    """The package's model directory, where ``sitrep train`` writes and the pipeline reads."""
    return Path(sitrep.__file__).resolve().parent / "data" / MODELS_DIR


def read_pairs(paths: Sequence[Path], gazetteer: Gazetteer | None = None) -> list[ReadPair]:
    """Every annotated article of ``paths`` with the rules' reading of it (nothing learned yet).

    Raises:
        InputError: a line of a file cannot be read as a gold article.
    """
    places = gazetteer or load_gazetteer()
    golds: list[tuple[GoldArticle, str]] = [
        (gold, str(path)) for path in paths for gold in read_gold_articles(path)
    ]
    return [(gold, read_article(report_of(gold, source), places)) for gold, source in golds]


@dataclass(frozen=True)
class Models:
    """The learned decisions, fitted together: where each event is, where else it happened,
    then what kind it is."""

    place: LinearModel | None
    split: LinearModel | None
    event_type: LinearModel

    def apply(self, reading: Reading, gazetteer: Gazetteer) -> ArticleRecord:
        """The record the pipeline makes of a read article with these models."""
        placed = place_events(reading, gazetteer, self.place, self.split)
        return classify_events(placed, self.event_type)


def fit_models(
    pairs: Sequence[ReadPair],
    place_rows: Sequence[list[PlaceExample]],
    seed: int,
    gazetteer: Gazetteer,
) -> Models:
    """The place model on the candidates of ``pairs``, the split model on the other places of
    the events it placed, then the type model on the events both placed (the matches the scorer
    finds depend on where events are)."""
    rows = [row for rows in place_rows for row in rows]
    place = fit_place_model(rows, seed) if _both(rows) else None
    split = None
    if place is not None:
        others = [
            row
            for gold, reading in pairs
            for row in split_examples(gold, reading, place, gazetteer)
        ]
        split = fit_split_model(others, seed) if _both(others) else None
    placed = [(gold, place_events(reading, gazetteer, place, split)) for gold, reading in pairs]
    return Models(place, split, fit_type_model(training_examples(placed), seed))


def _both(rows: Sequence[PlaceExample]) -> bool:
    """Whether the examples hold both answers (a model of one answer learns nothing)."""
    return len({row.here for row in rows}) == 2


@dataclass(frozen=True)
class FoldedReport:
    """Scores of models fitted on every article (in sample) and of models that never saw it."""

    in_sample: EvalReport
    out_of_fold: EvalReport
    folds: int
    seed: int
    models: Models
    """The models fitted on every article (and ``always``): the in-sample ones."""


def evaluate_folds(
    pairs: Sequence[ReadPair], folds: int, seed: int, always: Sequence[ReadPair] = ()
) -> FoldedReport:
    """Score each article with models fitted on the other folds, and with ones fitted on all.

    ``always`` are annotated reports every model learns from and none is scored on (the
    project's own reports, when the figures asked for are those of other files).
    """
    gazetteer = load_gazetteer()
    assignment = folds_by_cluster([gold for gold, _ in pairs], folds, seed)
    rows = [place_examples(gold, reading, gazetteer) for gold, reading in pairs]
    always_rows = [place_examples(gold, reading, gazetteer) for gold, reading in always]
    held_out: list[tuple[GoldArticle, ArticleRecord] | None] = [None] * len(pairs)
    for fold in range(folds):
        keep = [f != fold for f in assignment]
        models = fit_models(
            [*always, *(pair for pair, k in zip(pairs, keep, strict=True) if k)],
            [*always_rows, *(r for r, k in zip(rows, keep, strict=True) if k)],
            seed,
            gazetteer,
        )
        for i, f in enumerate(assignment):
            if f == fold:
                gold, reading = pairs[i]
                held_out[i] = (gold, models.apply(reading, gazetteer))
    full = fit_models([*always, *pairs], [*always_rows, *rows], seed, gazetteer)
    in_sample = [(gold, full.apply(reading, gazetteer)) for gold, reading in pairs]
    return FoldedReport(
        in_sample=score_articles(in_sample),
        out_of_fold=score_articles([pair for pair in held_out if pair is not None]),
        folds=folds,
        seed=seed,
        models=full,
    )


def train_models(
    paths: Sequence[Path], seed: int = DEFAULT_SEED, folds: int = DEFAULT_FOLDS
) -> tuple[list[LinearModel], FoldedReport]:
    """Every learned model fitted on the annotated files, each with the out-of-fold figures of
    the decisions it makes."""
    report = evaluate_folds(read_pairs(paths), folds, seed)
    out_of_fold, in_sample = report.out_of_fold.figures(), report.in_sample.figures()
    trained_on = training_hash(paths)
    models = []
    for model, reported in (
        (report.models.place, _PLACE_FIGURES),
        (report.models.split, _SPLIT_FIGURES),
        (report.models.event_type, _TYPE_FIGURES),
    ):
        if model is None:
            continue
        figures: dict[str, float | int | None] = {
            "folds": folds,
            "articles": len(report.in_sample.articles),
        }
        for name in reported:
            figures[f"{name}_out_of_fold"] = out_of_fold[name]
            figures[f"{name}_in_sample"] = in_sample[name]
        models.append(model.model_copy(update={"trained_on": trained_on, "figures": figures}))
    return models, report

"""Training and out-of-fold scoring over annotated files: what ``sitrep train`` and
``sitrep eval --folds`` run.

The rules run once per report; every fold then only refits and reapplies the model, so five
folds cost little more than one run of the rules.
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
from sitrep.learn.train import (
    Pair,
    fit_type_model,
    folds_by_cluster,
    training_examples,
    training_hash,
)
from sitrep.pipeline import propose_events

__all__ = [
    "FoldedReport",
    "evaluate_folds",
    "packaged_models_dir",
    "proposed_pairs",
    "train_type_model",
]

DEFAULT_FOLDS = 5
DEFAULT_SEED = 0
_REPORTED = ("type_acc", "sub_type_acc")
"""The figures the type model moves; ``sitrep train`` writes them into the model file."""


def packaged_models_dir() -> Path:
    """The package's model directory, where ``sitrep train`` writes and the pipeline reads."""
    return Path(sitrep.__file__).resolve().parent / "data" / MODELS_DIR


def proposed_pairs(paths: Sequence[Path], gazetteer: Gazetteer | None = None) -> list[Pair]:
    """Every annotated article of ``paths`` with the rules' record of it (no model applied).

    Raises:
        InputError: a line of a file cannot be read as a gold article.
    """
    places = gazetteer or load_gazetteer()
    golds: list[tuple[GoldArticle, str]] = [
        (gold, str(path)) for path in paths for gold in read_gold_articles(path)
    ]
    return [(gold, propose_events(report_of(gold, source), places)) for gold, source in golds]


@dataclass(frozen=True)
class FoldedReport:
    """Scores of a model fitted on every article (in sample) and of models that never saw it."""

    in_sample: EvalReport
    out_of_fold: EvalReport
    folds: int
    seed: int
    model: LinearModel
    """The model fitted on every article (and ``always``): the in-sample one."""


def evaluate_folds(
    pairs: Sequence[Pair], folds: int, seed: int, always: Sequence[Pair] = ()
) -> FoldedReport:
    """Score each article with a model fitted on the other folds, and with one fitted on all.

    ``always`` are annotated reports every model learns from and none is scored on (the
    project's own reports, when the figures asked for are those of other files).
    """
    assignment = folds_by_cluster([gold for gold, _ in pairs], folds, seed)
    held_out: list[Pair | None] = [None] * len(pairs)
    for fold in range(folds):
        rest = [pair for pair, f in zip(pairs, assignment, strict=True) if f != fold]
        model = fit_type_model(training_examples([*always, *rest]), seed)
        for i, f in enumerate(assignment):
            if f == fold:
                gold, record = pairs[i]
                held_out[i] = (gold, classify_events(record, model))
    full = fit_type_model(training_examples([*always, *pairs]), seed)
    in_sample = [(gold, classify_events(record, full)) for gold, record in pairs]
    return FoldedReport(
        in_sample=score_articles(in_sample),
        out_of_fold=score_articles([pair for pair in held_out if pair is not None]),
        folds=folds,
        seed=seed,
        model=full,
    )


def train_type_model(
    paths: Sequence[Path], seed: int = DEFAULT_SEED, folds: int = DEFAULT_FOLDS
) -> tuple[LinearModel, FoldedReport]:
    """The type model fitted on every annotated file, with its out-of-fold figures inside."""
    pairs = proposed_pairs(paths)
    report = evaluate_folds(pairs, folds, seed)
    out_of_fold, in_sample = report.out_of_fold.figures(), report.in_sample.figures()
    figures: dict[str, float | int | None] = {"folds": folds, "articles": len(pairs)}
    for name in _REPORTED:
        figures[f"{name}_out_of_fold"] = out_of_fold[name]
        figures[f"{name}_in_sample"] = in_sample[name]
    model = report.model.model_copy(update={"trained_on": training_hash(paths), "figures": figures})
    return model, report

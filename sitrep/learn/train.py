"""Fitting the learned decisions on annotated reports (:mod:`sitrep.learn.corpus` runs it).

The rules run once per report (:func:`~sitrep.pipeline.propose_events`); each predicted event
that the scorer matches to a gold event is a training example, labelled with the gold
sub-event type (the rules' own answer when the annotation accepts it, so an annotation with
several right answers does not teach the model to move away from a right one). Folds are drawn
by ``cluster``, so two reports of one incident are never on both sides of a fold.

scikit-learn is needed here only: what is fitted is written as a :class:`LinearModel`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.evaluate.score import GoldArticle, match_events
from sitrep.learn.features import event_features
from sitrep.learn.linear import LinearModel
from sitrep.models import ArticleRecord
from sitrep.taxonomy import event_type_of

__all__ = [
    "Example",
    "fit_linear",
    "fit_type_model",
    "folds_by_cluster",
    "folds_of_groups",
    "group_of",
    "training_examples",
    "training_hash",
]

REGULARISATION = 1.0
"""Inverse L2 strength of the logistic regression (scikit-learn's ``C``)."""
MIN_FEATURE_COUNT = 2
"""A feature seen in fewer training examples than this is dropped: it cannot generalise."""
INNER_FOLDS = 4
"""Folds (by cluster) inside the training data that choose the model's confidence threshold."""
MIN_GAIN = 0.02
"""The share of inner-fold examples the model must answer better than the rules before its
answers replace theirs: below it, which threshold wins depends on the folds drawn (seeds 0 and 1
gave 1.0 and 0.4 on the same data, and in-sample type accuracy 0.70 and 0.97)."""
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
"""The thresholds tried; on a tie the higher one wins, leaving the rules' proposal standing."""

Pair = tuple[GoldArticle, ArticleRecord]


@dataclass(frozen=True)
class Example:
    """One matched event: its features, the label to learn and the answers the gold accepts."""

    features: dict[str, float]
    label: str
    accepted: tuple[str, ...]
    proposed: str
    """The rules' sub-type: what stands when the model is not sure enough."""
    group: str
    """The incident cluster of its article, so inner folds split like the outer ones."""


def training_hash(paths: Sequence[Path]) -> str:
    """sha256 over the annotated files' bytes, in the order given: which data made a model."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def training_examples(pairs: Sequence[Pair]) -> list[Example]:
    """The matched events of every (gold, rules' record) pair whose gold sub-type is ACLED's."""
    known = event_type_of()
    examples = []
    for gold, record in pairs:
        for match in match_events(gold.events, record.events):
            accepted = tuple(sub for sub in match.gold.sub_event_type if sub in known)
            if not accepted:
                continue
            proposed = match.predicted.sub_event_type
            label = proposed if proposed in accepted else accepted[0]
            features = event_features(match.predicted, record.article.title)
            examples.append(Example(features, label, accepted, proposed, group_of(gold)))
    return examples


def group_of(gold: GoldArticle) -> str:
    """The incident cluster an article belongs to (an article without one is its own)."""
    return gold.cluster or f"article:{gold.id}"


def folds_of_groups(groups: Sequence[str], folds: int, seed: int) -> list[int]:
    from sklearn.model_selection import GroupKFold

    assignment = [0] * len(groups)
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (_, held_out) in enumerate(splitter.split(list(groups), groups=list(groups))):
        for index in held_out:
            assignment[index] = fold
    return assignment


def folds_by_cluster(golds: Sequence[GoldArticle], folds: int, seed: int) -> list[int]:
    """The fold of each article, drawn by cluster (an article without one is its own cluster).

    Raises:
        ValueError: there are fewer clusters than folds.
    """
    groups = [group_of(gold) for gold in golds]
    if folds < 2 or len(set(groups)) < folds:
        raise ValueError(
            f"{folds} folds need at least 2 folds and {folds} clusters; "
            f"there are {len(set(groups))} clusters"
        )
    return folds_of_groups(groups, folds, seed)


def fit_type_model(
    examples: Sequence[Example],
    seed: int,
    trained_on: str = "",
    figures: dict[str, float | int | None] | None = None,
) -> LinearModel:
    """The model over every example, with the threshold that inner folds found best.

    Deterministic for a seed: the same examples give the same weights and threshold.
    """
    return _fit(examples, seed).model_copy(
        update={
            "threshold": choose_threshold(examples, seed),
            "trained_on": trained_on,
            "figures": figures or {},
        }
    )


def choose_threshold(examples: Sequence[Example], seed: int) -> float:
    """The probability above which the model's answer beats the rules', by inner grouped folds.

    Each inner fold's model answers for the examples it did not see; every threshold is scored
    by the share of right answers when the model replaces the proposal only above it, and the
    model is trusted at all only where it beats the rules by ``MIN_GAIN``.
    """
    groups = [example.group for example in examples]
    folds = min(INNER_FOLDS, len(set(groups)))
    if folds < 2:
        return 1.0
    assignment = folds_of_groups(groups, folds, seed)
    outcomes: list[tuple[float, bool, bool]] = []
    for fold in range(folds):
        model = _fit([e for e, f in zip(examples, assignment, strict=True) if f != fold], seed)
        for example, f in zip(examples, assignment, strict=True):
            if f == fold:
                label, probability = model.predict(example.features)
                outcomes.append(
                    (probability, label in example.accepted, example.proposed in example.accepted)
                )

    def right(threshold: float) -> int:
        return sum(model if p > threshold else rules for p, model, rules in outcomes)

    best = max(reversed(THRESHOLDS), key=right)
    if right(best) - right(1.0) < MIN_GAIN * len(outcomes):
        return 1.0  # a gain this small is the inner folds' noise: the rules stand
    return best


def _fit(examples: Sequence[Example], seed: int) -> LinearModel:
    return fit_linear(
        [example.features for example in examples],
        [example.label for example in examples],
        seed,
        "event_type",
    )


def fit_linear(
    rows: Sequence[dict[str, float]], labels: Sequence[str], seed: int, name: str
) -> LinearModel:
    """A seeded logistic regression over named features, as a :class:`LinearModel`.

    Features seen in fewer than ``MIN_FEATURE_COUNT`` rows are dropped; with one class only the
    model is flat (every class equally likely).
    """
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for row in rows:
        for feature in row:
            counts[feature] = counts.get(feature, 0) + 1
    features = sorted(feature for feature, count in counts.items() if count >= MIN_FEATURE_COUNT)
    index = {feature: i for i, feature in enumerate(features)}
    matrix = [[0.0] * len(features) for _ in rows]
    for dense, row in zip(matrix, rows, strict=True):
        for feature, value in row.items():
            if feature in index:
                dense[index[feature]] = value
    classes = sorted(set(labels))
    if len(classes) == 1:
        weights, intercepts = [[0.0] * len(features)], [0.0]
    else:
        fitted = LogisticRegression(C=REGULARISATION, max_iter=5000, random_state=seed)
        fitted.fit(matrix, list(labels))
        coef, bias = fitted.coef_.tolist(), fitted.intercept_.tolist()
        if len(classes) == 2:  # scikit-learn keeps one row for two classes: the second's odds
            coef, bias = [[-w for w in coef[0]], coef[0]], [-bias[0], bias[0]]
        weights = [[round(w, 5) for w in row] for row in coef]
        intercepts = [round(b, 5) for b in bias]
    return LinearModel(
        name=name,
        trained_on="",
        seed=seed,
        examples=len(rows),
        classes=classes,
        features=features,
        weights=weights,
        intercepts=intercepts,
    )

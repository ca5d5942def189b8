"""Learning which reading of a place name is meant, from a geoparsing corpus.

Every gold name of every article offers its readings (:func:`~sitrep.geo.toponyms.readings`);
a reading is "right" when it is the nearest to the gold point (or within 10 km of the nearest)
and that within 161 km, "wrong" otherwise. The ranker is fitted on pairs of one name's readings
(right against wrong); a name with no reading within 161 km, or only right ones, gives no pair
but still teaches the calibration of the score (and is still scored). Folds are drawn by
article, so one article's names are never on both sides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.evaluate.toponyms import (
    WITHIN_KM,
    GoldToponym,
    ToponymArticle,
    ToponymScore,
    read_toponym_corpus,
)
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.toponyms import (
    PLACE_NAME_MODEL,
    RIGHT,
    NameContext,
    Reading,
    choose_jointly,
    name_context,
    name_features,
)
from sitrep.learn.linear import LinearModel
from sitrep.learn.train import REGULARISATION, folds_of_groups, training_hash

__all__ = [
    "NameCase",
    "NameCorpus",
    "cross_validate_names",
    "fit_name_model",
    "name_corpus",
    "score_corpus",
    "train_from_files",
    "train_name_model",
]

WRONG = "wrong"
_SAME_POINT_KM = 10.0
"""Readings this much farther from the gold point than the nearest are as right as it."""


@dataclass(frozen=True)
class NameCase:
    """One gold name: its readings and their features (beside the rules' places) and the gold."""

    article: str
    gold: GoldToponym
    readings: list[Reading]
    rows: list[dict[str, float]]

    def error(self, reading: Reading) -> float:
        """How far the reading lies from the gold point (km; infinite without a point)."""
        place = reading.place
        if self.gold.latitude is None or self.gold.longitude is None:
            return math.inf
        if place.latitude is None or place.longitude is None:
            return math.inf
        return distance_km(place.latitude, place.longitude, self.gold.latitude, self.gold.longitude)


@dataclass(frozen=True)
class NameCorpus:
    """A geoparsing corpus read once: its articles, their contexts and every gold name's case."""

    articles: list[ToponymArticle]
    contexts: dict[str, NameContext]
    cases: list[NameCase]


def name_corpus(articles: Sequence[ToponymArticle], gazetteer: Gazetteer) -> NameCorpus:
    """Every gold name of every article with its readings' features."""
    contexts: dict[str, NameContext] = {}
    cases = []
    for article in articles:
        spans = [(gold.start, gold.end) for gold in article.toponyms]
        context = contexts[article.id] = name_context(article.text, gazetteer, spans=spans)
        for gold in article.toponyms:
            found, rows = name_features(gold.start, gold.end, context, gazetteer)
            cases.append(NameCase(article.id, gold, found, rows))
    return NameCorpus(list(articles), contexts, cases)


def fit_name_model(cases: Sequence[NameCase], seed: int) -> LinearModel:
    """The ranker: weights that put the right reading of a name above its wrong ones.

    A reading is right when it is the nearest to the gold point (or within ``_SAME_POINT_KM`` of
    the nearest) and within 161 km: a province and its capital both lie within 161 km of the
    city, but the city is the place meant, and the pipeline places events at the town or the
    district the text names. The weights are fitted on pairs (the nearest reading against each
    wrong one, as a difference of features), since the choice is among one name's readings:
    a pointwise fit lets the names with many readings (Springfield) set the weights for all.
    Its score is then calibrated on every name, those with no right reading included, into the
    probability that the top reading is right, which is what :data:`~sitrep.geo.toponyms.
    RESPELLED_LEAST` asks of a respelled name.
    """
    from sklearn.linear_model import LogisticRegression

    labelled = [(case, _rights(case)) for case in cases if case.readings]
    features = sorted({f for case, _ in labelled for row in case.rows for f in row})
    index = {feature: i for i, feature in enumerate(features)}
    pairs, sides = _pairs(labelled, index)
    weights = [0.0] * len(features)  # nothing to learn from: every reading counts the same
    if len(set(sides)) == 2:
        ranker = LogisticRegression(
            C=REGULARISATION, fit_intercept=False, max_iter=5000, random_state=seed
        ).fit(pairs, sides)
        weights = ranker.coef_[0].tolist()
    scale, bias = _calibration(labelled, weights, index, seed)
    return LinearModel(
        name=PLACE_NAME_MODEL,
        trained_on="",
        seed=seed,
        examples=len(pairs),
        classes=[RIGHT, WRONG],
        features=features,
        weights=[[round(scale * w, 5) for w in weights], [0.0] * len(features)],
        intercepts=[round(bias, 5), 0.0],
    )


def _pairs(
    labelled: Sequence[tuple[NameCase, list[bool]]], index: dict[str, int]
) -> tuple[list[list[float]], list[int]]:
    """The nearest reading of each name minus each wrong one, as dense rows, the sign of every
    other row turned so that both classes are there (in a fixed order: the fit is seeded)."""
    pairs: list[list[float]] = []
    sides: list[int] = []
    for case, rights in labelled:
        if not any(rights) or all(rights):
            continue
        nearest = case.rows[rights.index(True)]
        for row, right in zip(case.rows, rights, strict=True):
            if right:
                continue
            difference = [0.0] * len(index)
            for feature, value in nearest.items():
                difference[index[feature]] += value
            for feature, value in row.items():
                difference[index[feature]] -= value
            side = 1 if len(sides) % 2 == 0 else -1
            pairs.append([side * value for value in difference])
            sides.append(side)
    return pairs, sides


def _calibration(
    labelled: Sequence[tuple[NameCase, list[bool]]],
    weights: list[float],
    index: dict[str, int],
    seed: int,
) -> tuple[float, float]:
    """Scale and bias that turn a name's top score into the chance that its top reading is
    right, fitted on every name (those with no right reading too)."""
    from sklearn.linear_model import LogisticRegression

    tops: list[list[float]] = []
    outcomes: list[bool] = []
    for case, rights in labelled:
        scores = [sum(weights[index[f]] * v for f, v in row.items()) for row in case.rows]
        top = max(range(len(scores)), key=scores.__getitem__)
        tops.append([scores[top]])
        outcomes.append(rights[top])
    if len(set(outcomes)) < 2:
        return 1.0, 0.0
    fitted = LogisticRegression(max_iter=5000, random_state=seed).fit(tops, outcomes)
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def _rights(case: NameCase) -> list[bool]:
    """Which readings of the case are right: the nearest to the gold point, within 161 km."""
    errors = [case.error(reading) for reading in case.readings]
    best = min(errors, default=math.inf)
    if best > WITHIN_KM:
        return [False] * len(errors)
    return [error <= best + _SAME_POINT_KM for error in errors]


def score_corpus(
    corpus: NameCorpus,
    gazetteer: Gazetteer,
    model: LinearModel | None,
    articles: Sequence[ToponymArticle] | None = None,
    score: ToponymScore | None = None,
) -> ToponymScore:
    """The literature's figures with ``model`` choosing jointly (None: the rules' reading)."""
    score = score or ToponymScore()
    for article in corpus.articles if articles is None else articles:
        spans = [(gold.start, gold.end) for gold in article.toponyms]
        places = choose_jointly(spans, corpus.contexts[article.id], gazetteer, model)
        for gold, place in zip(article.toponyms, places, strict=True):
            score.add(gold, place)
    return score


def cross_validate_names(
    corpus: NameCorpus, gazetteer: Gazetteer, folds: int, seed: int
) -> dict[str, float | int]:
    """Out-of-fold figures: each article's names chosen by a ranker fitted without it.

    Raises:
        ValueError: fewer articles than folds.
    """
    ids = [article.id for article in corpus.articles]
    if folds < 2 or len(ids) < folds:
        raise ValueError(f"{folds} folds need at least 2 folds and {folds} articles")
    fold_of = dict(zip(ids, folds_of_groups(ids, folds, seed), strict=True))
    score = ToponymScore()
    for fold in range(folds):
        model = fit_name_model([c for c in corpus.cases if fold_of[c.article] != fold], seed)
        held_out = [a for a in corpus.articles if fold_of[a.id] == fold]
        score_corpus(corpus, gazetteer, model, held_out, score)
    return score.figures()


def train_name_model(
    corpus: NameCorpus, gazetteer: Gazetteer, seed: int, folds: int, trained_on: str
) -> LinearModel:
    """The ranker fitted on the whole corpus, with its out-of-fold figures and the data's hash."""
    figures = cross_validate_names(corpus, gazetteer, folds, seed)
    model = fit_name_model(corpus.cases, seed)
    return model.model_copy(update={"figures": figures, "trained_on": trained_on})


def train_from_files(
    paths: Sequence[Path], gazetteer: Gazetteer, seed: int, folds: int
) -> LinearModel:
    """The ranker trained on geoparsing corpora (JSONL, see
    :func:`~sitrep.evaluate.toponyms.read_toponym_corpus`), with the files' hash and figures.

    Raises:
        InputError: a corpus cannot be read.
        ValueError: fewer articles than folds.
    """
    articles = [article for path in paths for article in read_toponym_corpus(path, gazetteer)]
    corpus = name_corpus(articles, gazetteer)
    model = train_name_model(corpus, gazetteer, seed, folds, training_hash(paths))
    rules = score_corpus(corpus, gazetteer, None).figures()
    in_sample = score_corpus(corpus, gazetteer, model).figures()
    figures: dict[str, float | int | None] = {"folds": folds, "articles": len(articles)}
    for name, value in model.figures.items():
        figures[f"{name}_out_of_fold"] = value
    for name in ("acc_161km", "country_acc", "median_km"):
        figures[f"{name}_in_sample"] = in_sample[name]
        figures[f"{name}_rules"] = rules[name]
    return model.model_copy(update={"figures": figures})

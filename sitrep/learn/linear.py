"""A trained linear classifier as plain data: read from JSON, applied without scikit-learn.

``sitrep train`` fits the weights with scikit-learn and writes them here; running the pipeline
only needs the dot product, so the weights stay a small, reviewable data file and nothing is
unpickled.
"""

from __future__ import annotations

import math
from functools import cache, cached_property
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sitrep.errors import LexiconError
from sitrep.models import ArticleRecord

__all__ = ["MODELS_DIR", "LinearModel", "load_model", "with_provenance"]

MODELS_DIR = "models"
"""Where the trained models live, under ``sitrep/data``."""


class LinearModel(BaseModel):
    """A multinomial logistic regression over sparse named features, and how it was trained."""

    model_config = ConfigDict(frozen=True)

    name: str
    trained_on: str = Field(description="sha256 of the annotated files it was trained on.")
    seed: int
    examples: int
    figures: dict[str, float | int | None] = Field(
        default_factory=dict, description="Cross-validated figures of the training run."
    )
    classes: list[str]
    features: list[str]
    weights: list[list[float]] = Field(description="One row per class, one column per feature.")
    intercepts: list[float]
    threshold: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="The model's answer replaces the rules' proposal only when its probability "
        "is above this (1.0: never); chosen by cross-validation when the model is trained.",
    )

    @model_validator(mode="after")
    def _shapes(self) -> LinearModel:
        if len(self.weights) != len(self.classes) or len(self.intercepts) != len(self.classes):
            raise ValueError("weights and intercepts need one row per class")
        if any(len(row) != len(self.features) for row in self.weights):
            raise ValueError("every weight row needs one column per feature")
        return self

    @cached_property
    def _index(self) -> dict[str, int]:
        return {feature: i for i, feature in enumerate(self.features)}

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """Each class's probability for one feature vector (unknown features count for nothing)."""
        index = self._index
        present = [(index[name], value) for name, value in features.items() if name in index]
        scores = [
            intercept + sum(row[i] * value for i, value in present)
            for row, intercept in zip(self.weights, self.intercepts, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}

    def predict(self, features: dict[str, float]) -> tuple[str, float]:
        """The most probable class and its probability."""
        probabilities = self.probabilities(features)
        label = max(self.classes, key=lambda name: probabilities[name])
        return label, probabilities[label]


@cache
def load_model(name: str) -> LinearModel | None:
    """The packaged model ``name`` (``sitrep/data/models/<name>.json``), None when none is trained.

    Raises:
        LexiconError: the file is there but is not a model, so the package is broken.
    """
    path = resources.files("sitrep").joinpath("data", MODELS_DIR, f"{name}.json")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return LinearModel.model_validate_json(text)
    except ValidationError as exc:
        raise LexiconError(f"data file {MODELS_DIR}/{name}.json is not a model: {exc}") from exc


def with_provenance(record: ArticleRecord, model: LinearModel) -> ArticleRecord:
    """The record with ``model`` named after its rule set (``rules-9+event_place@1a2b3c4d5e6f``).

    A stored article says which rules and which trained models made its events, so a change of
    any of them can be told from the database. Models trained together share their training
    data's hash, written once after the last of them
    (``rules-9+event_place+event_split+event_type@1a2b3c4d5e6f``).
    """
    if record.sitrep is None:
        return record
    rules = record.sitrep.rules
    trained = model.trained_on[:12] or "untracked"
    named, _, last = rules.rpartition("@")
    if named and last == trained:
        rules = f"{named}+{model.name}@{trained}"
    else:
        rules = f"{rules}+{model.name}@{trained}"
    return record.model_copy(update={"sitrep": record.sitrep.model_copy(update={"rules": rules})})

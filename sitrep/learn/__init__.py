"""Decisions learned from annotated reports: features, linear models and their training.

The extraction stages propose; a model trained by ``sitrep train`` on the annotated corpus
decides where a decision was a hand-ordered priority before. Weights are data files under
``sitrep/data/models`` (JSON, with the training data's hash), read without scikit-learn; only
training needs it.
"""

from sitrep.learn.features import event_features
from sitrep.learn.linear import LinearModel, load_model

__all__ = ["LinearModel", "event_features", "load_model"]

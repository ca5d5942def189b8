"""Hand-made two-answer models for the geo tests: a known weight per feature, no training."""

from __future__ import annotations

from sitrep.learn import LinearModel


def yes_no_model(
    name: str, answers: tuple[str, str], weights: dict[str, float], bias: float = 0.0
) -> LinearModel:
    """A model whose first answer's score is ``bias`` plus the weights of the features present
    (the second answer's is its negation), like the ones ``sitrep train`` writes."""
    yes, no = answers
    features = sorted(weights)
    return LinearModel(
        name=name,
        trained_on="",
        seed=0,
        examples=2,
        classes=[no, yes],
        features=features,
        weights=[[-weights[f] for f in features], [weights[f] for f in features]],
        intercepts=[-bias, bias],
    )

"""Comparing place names the way the scoring rules do (see docs/evaluation.md, item 9)."""

from __future__ import annotations

import re

from sitrep.geo.gazetteer import fold_name
from sitrep.geo.geonames import clean_admin_name

__all__ = ["normalise_admin", "same_admin2"]

_EXTRA_WORDS = re.compile(r"\b(?:locality|township of|province of|province)\b")


def normalise_admin(name: str) -> str:
    """Case, accents, spaces, hyphens and administrative words removed: "Bajaur Agency" → bajaur."""
    folded = fold_name(clean_admin_name(name))
    return _EXTRA_WORDS.sub(" ", folded).replace(" ", "")


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def same_admin2(predicted: str | None, gold: str | None) -> bool:
    """Whether two district names agree (one letter of slack in names of six letters or more)."""
    if not predicted or not gold:
        return False
    a, b = normalise_admin(predicted), normalise_admin(gold)
    if a == b:
        return True
    return min(len(a), len(b)) >= 6 and _within_one_edit(a, b)

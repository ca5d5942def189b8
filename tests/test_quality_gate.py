"""The quality gate: sitrep's own annotated reports must keep scoring above pinned floors.

``fixtures/annotated.jsonl`` holds reports written for the project and annotated by hand in the
format of docs/evaluation.md. ``quality_floors.json`` pins the lowest acceptable value of each
figure (and the highest of the error figures). A change that makes extraction worse fails CI;
lowering a floor is a deliberate commit that says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluate.run import evaluate_file

HERE = Path(__file__).parent
GATE = json.loads((HERE / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def figures() -> dict[str, float | int | None]:
    return evaluate_file(HERE / "fixtures" / "annotated.jsonl").figures()


@pytest.mark.parametrize("name", sorted(GATE["floors"]))
def test_figure_stays_above_its_floor(name: str, figures: dict[str, float | int | None]) -> None:
    value = figures[name]
    assert value is not None and value >= GATE["floors"][name], f"{name} = {value}"


@pytest.mark.parametrize("name", sorted(GATE["ceilings"]))
def test_error_stays_below_its_ceiling(name: str, figures: dict[str, float | int | None]) -> None:
    value = figures[name]
    assert value is not None and value <= GATE["ceilings"][name], f"{name} = {value}"

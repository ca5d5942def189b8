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

from sitrep.codebook import forbidden_roles
from sitrep.evaluate.run import read_gold_articles, report_of
from sitrep.evaluate.score import GoldArticle, score_articles
from sitrep.export import acled_rows
from sitrep.geo import load_gazetteer
from sitrep.models import ArticleRecord
from sitrep.pipeline import process_article
from sitrep.store import EventFilter, Store

HERE = Path(__file__).parent
GATE = json.loads((HERE / "quality_floors.json").read_text(encoding="utf-8"))
ANNOTATED = HERE / "fixtures" / "annotated.jsonl"


@pytest.fixture(scope="module")
def extracted() -> list[tuple[GoldArticle, ArticleRecord]]:
    """Every annotated report with what sitrep extracts from it (read once for the module)."""
    places = load_gazetteer()
    return [
        (gold, process_article(report_of(gold, str(ANNOTATED)), places))
        for gold in read_gold_articles(ANNOTATED)
    ]


@pytest.fixture(scope="module")
def figures(extracted: list[tuple[GoldArticle, ArticleRecord]]) -> dict[str, float | int | None]:
    return score_articles(extracted).figures()


@pytest.mark.parametrize("name", sorted(GATE["floors"]))
def test_figure_stays_above_its_floor(name: str, figures: dict[str, float | int | None]) -> None:
    value = figures[name]
    assert value is not None and value >= GATE["floors"][name], f"{name} = {value}"


@pytest.mark.parametrize("name", sorted(GATE["ceilings"]))
def test_error_stays_below_its_ceiling(name: str, figures: dict[str, float | int | None]) -> None:
    value = figures[name]
    assert value is not None and value <= GATE["ceilings"][name], f"{name} = {value}"


def test_the_acled_export_codes_every_row_as_the_codebook_allows(
    extracted: list[tuple[GoldArticle, ArticleRecord]],
) -> None:
    """Every row with an actor1 has its interaction code, and no row has actors its event type
    rules out (a battle with one side, a protest whose actor1 is the police)."""
    events = [event for _, record in extracted for event in record.events]
    rows = [row for _, record in extracted for row in acled_rows(record.events, timestamp=0)]
    assert rows
    assert [row["event_id_cnty"] for row in rows if row["actor1"] and not row["interaction"]] == []
    broken = [
        (event.id, reason)
        for event in events
        if (reason := forbidden_roles(event.event_type, event.actor1, event.actor2))
    ]
    assert broken == []


def test_merging_the_reports_keeps_every_stored_event_within_the_codebook(
    extracted: list[tuple[GoldArticle, ArticleRecord]], tmp_path: Path
) -> None:
    """Reports of one incident merged into one stored event: its actors come from the reports of
    the type it is stored as, so no merge pairs a type with actors the type rules out."""
    with Store.open(f"sqlite:///{tmp_path / 'merged.db'}") as store:
        for _, record in extracted:
            store.save(record)
        stored = store.events(EventFilter())
    assert len(stored) < sum(len(record.events) for _, record in extracted)  # some merged
    broken = [
        (event.id, reason)
        for event in stored
        if (reason := forbidden_roles(event.event_type, event.actor1, event.actor2))
    ]
    assert broken == []

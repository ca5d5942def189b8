"""``sitrep eval --merging``: incidents split over several stored events, events joining
unrelated clusters, measured on the four reports of the Balochistan wave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.evaluate.merging import evaluate_merging, gold_incidents
from sitrep.evaluate.score import GoldArticle

WAVE = Path(__file__).resolve().parent / "fixtures" / "balochistan_wave.jsonl"
QUETTA = {"location": "Quetta", "lat": 30.199, "lon": 67.01, "admin2": "Quetta"}
MASTUNG = {"location": "Mastung", "lat": 29.799, "lon": 66.845, "admin2": "Mastung"}
GOLD_PLACES = {
    "bal-wave-1": [QUETTA, MASTUNG],
    "bal-wave-2": [QUETTA, MASTUNG],
    "bal-wave-3": [QUETTA, MASTUNG],
    "bal-wave-4": [QUETTA, MASTUNG],
}


def _gold_file(tmp_path: Path, clusters: dict[str, str | None]) -> Path:
    lines = []
    for line in WAVE.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        article["cluster"] = clusters[article["id"]]
        article["events"] = [
            {
                "date": "2026-01-31",
                "country": "PK",
                "event_type": "Battles",
                "sub_event_type": ["Armed clash"],
                **place,
            }
            for place in GOLD_PLACES[article["id"]]
        ]
        lines.append(json.dumps(article))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _gold(article_id: str, *places: dict[str, object]) -> GoldArticle:
    events = [
        {"date": "2026-01-31", "country": "PK", "event_type": "Battles", "sub_event_type": "x"}
        | place
        for place in places
    ]
    return GoldArticle.model_validate({"id": article_id, "text": "A report.", "events": events})


GWADAR = {"location": "Gwadar", "admin2": "Gwadar", "lat": 25.122, "lon": 62.325}
PASNI = {"location": "Pasni", "admin2": "Gwadar", "lat": 25.263, "lon": 63.471}


def test_gold_incidents_are_one_place_across_articles() -> None:
    articles = [_gold("a", GWADAR, PASNI), _gold("b", PASNI, GWADAR), _gold("c", GWADAR)]
    incidents = sorted(sorted(incident) for incident in gold_incidents(articles))
    assert incidents == [[("a", 0), ("b", 1), ("c", 0)], [("a", 1), ("b", 0)]]


def test_two_villages_near_each_other_that_both_reports_list_are_two_incidents() -> None:
    north = {"location": "Nyaung Kone", "lat": 21.84, "lon": 94.74}
    south = {"location": "Kyar Si", "lat": 21.88, "lon": 94.78}  # 6 km away
    spelled = {"location": "Kyarsi", "lat": 21.88, "lon": 94.78}
    articles = [_gold("a", north, south), _gold("b", north, spelled)]
    incidents = sorted(sorted(incident) for incident in gold_incidents(articles))
    assert incidents == [[("a", 0), ("b", 0)], [("a", 1), ("b", 1)]]


def test_arrests_over_an_attack_are_not_the_attack() -> None:
    bombing = GWADAR | {"event_type": "Explosions/Remote violence"}
    arrests = GWADAR | {"date": None, "event_type": "Strategic developments"}
    clash = GWADAR | {"event_type": "Battles"}  # another report types the attack otherwise
    articles = [_gold("a", bombing), _gold("b", arrests), _gold("c", clash)]
    incidents = sorted(sorted(incident) for incident in gold_incidents(articles))
    assert incidents == [[("a", 0), ("c", 0)], [("b", 0)]]


def test_an_incident_never_takes_two_events_of_one_article() -> None:
    # An undated article reports two strikes on one city; another report, one of them.
    city = {"location": "El Fasher", "lat": 13.63, "lon": 25.35}
    undated = [{"date": None} | city, {"date": None} | city]
    articles = [_gold("a", *undated), _gold("b", city)]
    incidents = sorted(sorted(incident) for incident in gold_incidents(articles))
    assert incidents == [[("a", 0), ("b", 0)], [("a", 1)]]


def test_the_wave_merges_without_splits_or_cross_cluster_events(tmp_path: Path) -> None:
    path = _gold_file(tmp_path, dict.fromkeys(GOLD_PLACES, "wave"))
    figures = evaluate_merging(path).figures()
    assert figures["clusters_with_several_articles"] == 1
    assert figures["gold_incidents"] == 2
    assert figures["incidents_in_two_or_more_articles"] == 2
    assert (figures["incidents_split"], figures["split_share"]) == (0, 0.0)
    assert figures["events_joining_clusters"] == 0


def test_an_event_joining_two_clusters_is_counted(tmp_path: Path) -> None:
    clusters: dict[str, str | None] = dict.fromkeys(GOLD_PLACES, "wave")
    clusters["bal-wave-3"] = None  # as if the claim were about another incident
    report = evaluate_merging(_gold_file(tmp_path, clusters))
    assert report.figures()["events_joining_clusters"] >= 2  # the campaign and its children
    assert any("article:bal-wave-3" in line for line in report.cross_cluster)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_eval_merging_command(tmp_path: Path, as_json: bool) -> None:
    path = _gold_file(tmp_path, dict.fromkeys(GOLD_PLACES, "wave"))
    flags = ["--json"] if as_json else []
    result = CliRunner().invoke(app, ["eval", str(path), "--merging", *flags])
    assert result.exit_code == 0, result.output
    if as_json:
        assert json.loads(result.stdout)["split_share"] == 0.0
    else:
        assert "events_joining_clusters" in result.stdout

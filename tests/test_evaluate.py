"""The scorer on hand-built gold and predictions (shared/eval/FORMAT.md), and `sitrep eval`.

Apart from the last test, nothing here runs the pipeline: each case builds the gold events and the
predicted events it needs, so a figure can be checked against a number worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import InputError
from sitrep.evaluate.run import read_gold_articles, report_of
from sitrep.evaluate.score import (
    GoldArticle,
    GoldEvent,
    match_events,
    normalise_actor,
    same_actor,
    score_articles,
    within,
)
from sitrep.models import Article, ArticleRecord, Event, Fatalities, Figure

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KM_PER_DEGREE = 12742.0 / 2 * 3.141592653589793 / 180  # one degree of latitude, as distance_km
QUETTA = (30.199, 67.010)
DAY = dt.date(2026, 2, 7)
SHARES = [
    "event_precision",
    "event_recall",
    "event_f1",
    "type_acc",
    "sub_type_acc",
    "loc_within_10km",
    "date_acc",
    "event_fatalities_acc",
    "totals_acc",
    "actor1_acc",
    "admin2_acc",
]
COUNTS = ["gold_events", "predicted_events", "matched_events", "articles"]
KEYS = [
    "event_precision",
    "event_recall",
    "event_f1",
    "type_acc",
    "sub_type_acc",
    "loc_within_10km",
    "median_km",
    "date_acc",
    "event_fatalities_acc",
    "totals_acc",
    "totals_mae",
    "actor1_acc",
    "admin2_acc",
    *COUNTS,
]


def north(km: float, start: tuple[float, float] = QUETTA) -> tuple[float, float]:
    """A point ``km`` kilometres due north of ``start``."""
    return (start[0] + km / KM_PER_DEGREE, start[1])


def gold_event(
    location: str = "Quetta",
    at: tuple[float, float] | None = QUETTA,
    date: dt.date | None = DAY,
    **fields: Any,
) -> GoldEvent:
    values: dict[str, Any] = {
        "date": date,
        "country": "PK",
        "admin2": location,
        "location": location,
        "lat": at[0] if at else None,
        "lon": at[1] if at else None,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": ["Grenade"],
        "actor1": "Baloch Liberation Army",
        "fatalities": {},
    }
    return GoldEvent.model_validate(values | fields)


def predicted_event(
    event_id: str,
    location: str = "Quetta",
    at: tuple[float, float] | None = QUETTA,
    date: dt.date | None = DAY,
    deaths: dict[str, int] | None = None,
    **fields: Any,
) -> Event:
    values: dict[str, Any] = {
        "id": event_id,
        "date": date,
        "country": "PK",
        "admin2": location,
        "location": location,
        "latitude": at[0] if at else None,
        "longitude": at[1] if at else None,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Grenade",
        "actor1": "Baloch Liberation Army",
        "fatalities": Fatalities(
            **{category: Figure.exact(n) for category, n in (deaths or {}).items()}
        ),
    }
    return Event.model_validate(values | fields)


def pair(
    gold: list[GoldEvent], predicted: list[Event], totals: dict[str, Any] | None = None
) -> tuple[GoldArticle, ArticleRecord]:
    text = "A report."
    article = GoldArticle.model_validate(
        {"id": "a1", "text": text, "events": gold, "totals": totals or {}}
    )
    record = ArticleRecord(article=Article(id="a1", text=text), events=predicted)
    return article, record


def figures(*pairs: tuple[GoldArticle, ArticleRecord]) -> dict[str, float | int | None]:
    return score_articles(list(pairs)).figures()


def test_exact_match_scores_one_everywhere() -> None:
    gold = gold_event(fatalities={"security_forces": 2})
    predicted = predicted_event("e1", deaths={"security_forces": 2})
    result = figures(pair([gold], [predicted], {"security_forces": 2, "civilians": 0}))
    assert {name: result[name] for name in SHARES} == dict.fromkeys(SHARES, 1.0)
    assert result["median_km"] == 0.0
    assert result["totals_mae"] == 0.0
    assert [result[name] for name in COUNTS] == [1, 1, 1, 1]


def test_figures_have_fixed_keys_and_nothing_to_score_is_none() -> None:
    result = figures(pair([], []))
    assert list(result) == KEYS
    assert result["event_f1"] is None
    assert result["median_km"] is None
    assert [result[name] for name in COUNTS] == [0, 0, 0, 1]


def test_parent_is_not_matched_and_its_children_are() -> None:
    mastung = (29.799, 66.845)
    gold = [gold_event(), gold_event("Mastung", mastung)]
    predicted = [
        predicted_event("e1", deaths={"security_forces": 5}),  # the campaign, placed at Quetta
        predicted_event("e2", parent="e1"),
        predicted_event("e3", "Mastung", mastung, parent="e1"),
    ]
    matches = match_events(gold, predicted)
    assert sorted(m.predicted.id for m in matches) == ["e2", "e3"]
    result = figures(pair(gold, predicted, {"security_forces": 5}))
    assert (result["event_precision"], result["event_recall"]) == (1.0, 1.0)
    assert result["predicted_events"] == 2
    assert result["totals_acc"] == 1.0


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        (
            [gold_event(), gold_event("Mastung", north(80), background=True)],
            [predicted_event("e1"), predicted_event("e2", "Mastung", north(80))],
            (1, 1, 1),
        ),
        (
            [gold_event()],
            [predicted_event("e1"), predicted_event("e2", "Kalat", north(150), background=True)],
            (1, 1, 1),
        ),
        (
            [gold_event()],
            [predicted_event("e1"), predicted_event("e2", "Kalat", north(150))],
            (1, 2, 1),
        ),
    ],
    ids=[
        "background gold matched: neither side",
        "predicted background unmatched: neither side",
        "unmatched prediction: spurious",
    ],
)
def test_background_events_count_on_neither_side(
    gold: list[GoldEvent], predicted: list[Event], expected: tuple[int, int, int]
) -> None:
    result = figures(pair(gold, predicted))
    assert (result["gold_events"], result["predicted_events"], result["matched_events"]) == expected


@pytest.mark.parametrize(
    ("gold", "predicted", "matched"),
    [
        (gold_event(), predicted_event("e1", date=DAY + dt.timedelta(days=2)), False),
        (gold_event(), predicted_event("e1", date=DAY - dt.timedelta(days=1)), True),
        (gold_event(date=None), predicted_event("e1", date=DAY + dt.timedelta(days=9)), True),
        (gold_event(), predicted_event("e1", at=north(40), location="Kuchlak"), True),
        (gold_event(), predicted_event("e1", at=north(60), location="Kuchlak"), False),
        (
            gold_event(),
            predicted_event("e1", at=north(60), location="Kuchlak", admin2="quetta"),
            True,
        ),
        (
            gold_event(),
            predicted_event("e1", at=north(60), location="QUETTA", admin2="Pishin"),
            True,
        ),
        (gold_event(), predicted_event("e1", at=None, location="quetta", admin2="Pishin"), True),
        (gold_event(), predicted_event("e1", at=None, location="Kuchlak"), False),
        (gold_event(), predicted_event("e1", country="AF"), False),
        (gold_event(), predicted_event("e1", country=None), False),
    ],
    ids=[
        "dates 2 days apart",
        "dates 1 day apart",
        "gold date unknown",
        "40 km, other names",
        "60 km, other names",
        "60 km, same admin2",
        "60 km, same location ignoring case",
        "no coordinates, same location",
        "no coordinates, other names",
        "other country",
        "no country",
    ],
)
def test_matching_rules(gold: GoldEvent, predicted: Event, matched: bool) -> None:
    assert bool(match_events([gold], [predicted])) is matched


def test_pairs_are_chosen_greedily_by_distance() -> None:
    # e1 comes first and is within 50 km of both, but e2 sits on the first gold event: the closest
    # pair (e2, Quetta) is taken first, leaving e1 for the second gold event 8 km from it.
    gold = [gold_event(), gold_event("Kuchlak", north(20))]
    predicted = [predicted_event("e1", "Somewhere", north(12)), predicted_event("e2")]
    matches = match_events(gold, predicted)
    assert {(m.gold.location, m.predicted.id) for m in matches} == {
        ("Quetta", "e2"),
        ("Kuchlak", "e1"),
    }
    # A pair known only by name ranks after any pair with coordinates.
    named = predicted_event("e3", at=None)
    (match,) = match_events([gold_event()], [named, predicted_event("e4", at=north(30))])
    assert match.predicted.id == "e4"


def test_on_equal_distances_the_pair_with_the_nearer_dates_goes_first() -> None:
    # Two incidents a day apart at one town: each prediction pairs with the gold event of its day.
    day_before = DAY - dt.timedelta(days=1)
    gold = [gold_event(), gold_event(date=day_before)]
    predicted = [predicted_event("e1", date=day_before), predicted_event("e2")]
    matches = match_events(gold, predicted)
    assert {(m.gold.date, m.predicted.id) for m in matches} == {(DAY, "e2"), (day_before, "e1")}


@pytest.mark.parametrize(
    ("child_parent", "totals_acc", "totals_mae"),
    [("e1", 1.0, 0.0), (None, 0.0, 3.0)],
    ids=["child under its parent", "child also a root: counted twice"],
)
def test_totals_sum_root_events_only(
    child_parent: str | None, totals_acc: float, totals_mae: float
) -> None:
    gold = [gold_event(fatalities={"security_forces": 3})]
    predicted = [
        predicted_event("e1", "Balochistan", at=None, deaths={"security_forces": 3}),
        predicted_event("e2", deaths={"security_forces": 3}, parent=child_parent),
    ]
    result = figures(pair(gold, predicted, {"security_forces": 3}))
    assert (result["totals_acc"], result["totals_mae"]) == (totals_acc, totals_mae)


def test_background_prediction_is_left_out_of_the_totals() -> None:
    predicted = [
        predicted_event("e1", deaths={"civilians": 2}),
        predicted_event("e2", "Kalat", north(150), deaths={"civilians": 40}, background=True),
    ]
    result = figures(pair([gold_event()], predicted, {"civilians": 2}))
    assert result["totals_acc"] == 1.0


@pytest.mark.parametrize(
    ("best", "gold", "right", "totals_mae"),
    [
        (5, [4, 6], True, 0.0),
        (4, [4, 6], True, 0.0),
        (8, [4, 6], False, 2.0),
        (1, [4, 6], False, 3.0),
        (90, [30, None], True, 0.0),
        (20, [30, None], False, 10.0),
        (0, 0, True, 0.0),
    ],
    ids=["inside", "low bound", "above", "below", "open-ended", "below open-ended", "zero"],
)
def test_ranges(best: int, gold: Any, right: bool, totals_mae: float) -> None:
    gold_events = [gold_event(fatalities={"civilians": gold})]
    predicted = [predicted_event("e1", deaths={"civilians": best})]
    result = figures(pair(gold_events, predicted, {"civilians": gold}))
    assert result["event_fatalities_acc"] == (1.0 if right else 0.0)
    assert (result["totals_acc"], result["totals_mae"]) == (1.0 if right else 0.0, totals_mae)


def test_a_silent_predicted_category_counts_as_zero() -> None:
    gold = [gold_event(fatalities={"civilians": 0, "militants": 1})]
    result = figures(pair(gold, [predicted_event("e1")], {"civilians": 0, "militants": 1}))
    assert result["event_fatalities_acc"] == 0.5
    assert (result["totals_acc"], result["totals_mae"]) == (0.5, 0.5)


def test_within() -> None:
    assert within(3, 3) and within(3, (2, 4)) and within(300, (30, None))
    assert not within(5, (2, 4))


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("BLA: Baloch Liberation Army", "Baloch Liberation Army", True),
        ("Islamic State West Africa Province (ISWAP)", "Islamic State West Africa Province", True),
        ("Military Forces of Nigeria (2023-)", "Military Forces of Nigeria", True),
        ("Police Forces of Pakistan (2018-2022)", "police forces of pakistan", True),
        (
            "JNIM: Group for Support of Islam and Muslims",
            "Group for Support of Islam and Muslims",
            True,
        ),
        (
            "CPI (Maoist): Communist Party of India (Maoist)",
            "Communist Party of India (Maoist)",
            True,
        ),
        (
            "SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)",
            "Sudan People's Liberation Movement/Army (In Opposition)",
            True,
        ),
        ("Civilians (Pakistan)", "Civilians (Afghanistan)", False),
        ("Islamic State (Khorasan)", "Islamic State", False),
        ("Baloch Liberation Army", "Balochistan Liberation Front", False),
        (None, "Baloch Liberation Army", False),
    ],
    ids=[
        "acronym prefix",
        "acronym suffix",
        "open year range",
        "closed year range and case",
        "longer acronym prefix",
        "acronym prefix with a qualifier",
        "acronym prefix with a slash",
        "bracketed country kept",
        "bracketed branch kept",
        "other group",
        "no prediction",
    ],
)
def test_actor_decorations(predicted: str | None, gold: str, same: bool) -> None:
    assert same_actor(predicted, gold) is same
    result = figures(pair([gold_event(actor1=gold)], [predicted_event("e1", actor1=predicted)]))
    assert result["actor1_acc"] == (1.0 if same else 0.0)


def test_normalise_actor() -> None:
    assert normalise_actor("  ISWAP:  Islamic State West Africa Province (ISWAP) ") == (
        "islamic state west africa province"
    )


def test_location_and_median_km() -> None:
    gold = [
        gold_event(),
        gold_event("Kuchlak", north(200)),
        gold_event("Pishin", north(400)),
        gold_event("Village", north(600), admin2="Sanmatenga", geo_exact=False),
        gold_event("Nowhere", north(800)),
    ]
    predicted = [
        predicted_event("e1", at=north(4)),
        predicted_event("e2", "Kuchlak", north(220), admin2="Kuchlak District"),
        predicted_event("e3", "Pishin", north(430), admin2="Killa Abdullah"),
        predicted_event("e4", "Village", north(630), admin2="Sanmatenge"),  # not exact: no km
        predicted_event("e5", "Nowhere", at=None, admin2="Musakhel"),  # no coordinates: a miss
    ]
    result = figures(pair(gold, predicted))
    assert result["matched_events"] == 5
    assert result["loc_within_10km"] == 0.25
    assert result["median_km"] == pytest.approx(20.0, abs=0.01)
    assert result["admin2_acc"] == 0.6  # Sanmatenge: one letter of slack in a long name


def test_type_and_date_figures() -> None:
    gold = [
        gold_event(sub_event_type=["Grenade", "Remote explosive/landmine/IED"]),
        gold_event("Kuchlak", north(200), date=None),
    ]
    predicted = [
        predicted_event("e1", sub_event_type="Remote explosive/landmine/IED", date=None),
        predicted_event(
            "e2", "Kuchlak", north(200), event_type="Battles", sub_event_type="Armed clash"
        ),
    ]
    result = figures(pair(gold, predicted))
    assert (result["type_acc"], result["sub_type_acc"]) == (0.5, 0.5)
    assert result["date_acc"] == 0.0  # only the dated gold event is scored, and e1 has no date
    details = score_articles([pair(gold, predicted)]).articles[0].problems()
    assert details == [
        "type at Kuchlak: predicted Battles / Armed clash, gold Explosions/"
        "Remote violence / Grenade"
    ]


def test_figures_are_micro_averaged_over_articles() -> None:
    first = pair([gold_event()], [predicted_event("e1")])
    second = pair(
        [gold_event(), gold_event("Kuchlak", north(200)), gold_event("Pishin", north(400))],
        [predicted_event("e1", event_type="Battles", sub_event_type="Armed clash")],
    )
    result = figures(first, second)
    assert (result["event_recall"], result["type_acc"], result["articles"]) == (0.5, 0.5, 2)


def test_per_article_details_name_the_misses() -> None:
    gold = [gold_event(), gold_event("Kuchlak", north(200))]
    predicted = [
        predicted_event("e1", deaths={"civilians": 4}),
        predicted_event("e9", "Kalat", north(500)),
    ]
    article = score_articles([pair(gold, predicted, {"civilians": [1, 2]})]).articles[0]
    assert article.problems() == [
        "missed: Kuchlak 2026-02-07 Explosions/Remote violence",
        "spurious: e9 Kalat 2026-02-07 Explosions/Remote violence",
        "total civilians: predicted 4, gold 1-2",
    ]
    assert article.summary()["wrong_totals"] == [
        {"category": "civilians", "predicted": 4, "gold": [1, 2]}
    ]


def test_gold_lines_are_read_without_annotations_reaching_the_report(tmp_path: Path) -> None:
    (gold,) = read_gold_articles(FIXTURES / "eval_small.jsonl")[:1]
    report = report_of(gold)
    assert set(report.model_dump()) == {"id", "url", "title", "published", "source", "text"}
    assert (report.id, report.published) == ("small-001", dt.date(2026, 2, 7))

    path = tmp_path / "gold.jsonl"
    good = (FIXTURES / "eval_small.jsonl").read_text(encoding="utf-8").splitlines()[0]
    path.write_text(f'{good}\n\n{{"id": "x"}}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:3: not a gold article: text"):
        read_gold_articles(path)


def test_eval_command_prints_the_figures_as_json() -> None:
    result = CliRunner().invoke(app, ["eval", str(FIXTURES / "eval_small.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    printed = json.loads(line)
    assert list(printed) == KEYS
    assert printed["articles"] == 3
    assert printed["gold_events"] == 3  # the background event is not counted
    for name in SHARES:
        assert printed[name] is None or 0.0 <= printed[name] <= 1.0, name
    for name in ["median_km", "totals_mae"]:
        assert printed[name] is None or printed[name] >= 0.0, name

"""One event told at several places: which other places are offered, what describes them, and
the copies a split model makes (figures stay with the first place, never counted twice)."""

from __future__ import annotations

import datetime as dt

import pytest
from linear_models import yes_no_model

from sitrep.evaluate.score import GoldArticle
from sitrep.geo import Gazetteer, geolocate, load_gazetteer
from sitrep.geo.locate import PLACE_YES, locate_event, place_context
from sitrep.geo.split import SPLIT_YES, other_places, split_features
from sitrep.learn import LinearModel
from sitrep.learn.places import PLACE_NO, SPLIT_NO, fit_split_model, split_examples
from sitrep.models import Article, ArticleRecord, Event, Evidence, Fatalities, Figure
from sitrep.pipeline import read_article


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


PROTESTS = (
    "Thousands of protesters marched in Lagos, Abuja and Kano on Monday against the rising "
    "cost of food.\n\nPolice said the rallies ended peacefully."
)
BOMBING = (
    "A car bomb killed 12 people at a market in Maiduguri, the capital of Borno State, on "
    "Friday.\n\nThe governor later visited wounded survivors in Kano."
)


def _record(text: str, sentence_end: str, kind: tuple[str, str], dead: int = 0) -> ArticleRecord:
    end = text.index(sentence_end) + len(sentence_end)
    fatalities = Fatalities(civilians=Figure(low=dead, best=dead)) if dead else Fatalities()
    event = Event(
        id="e1",
        date=dt.date(2024, 8, 5),
        event_type=kind[0],
        sub_event_type=kind[1],
        fatalities=fatalities,
        evidence=[Evidence(start=0, end=end, text=text[:end], field="event")],
    )
    return ArticleRecord(article=Article(id="a", text=text), events=[event])


def _placed(record: ArticleRecord, gazetteer: Gazetteer) -> tuple:
    context = place_context(record, gazetteer)
    placed, chosen, candidates = locate_event(record.events[0], context, _first_named())
    assert chosen is not None
    return placed, chosen, candidates, context


def _first_named() -> LinearModel:
    """A place model that takes the first place named in the event's own sentence."""
    return yes_no_model(
        "event_place", (PLACE_YES, PLACE_NO), {"first_place": 3.0, "pos=own|city": 1.0}
    )


def _splits_lists() -> LinearModel:
    """A split model that copies an event to a place listed beside its own."""
    return yes_no_model("event_split", (SPLIT_YES, SPLIT_NO), {"listed": 2.0}, bias=-1.0)


PROTEST = ("Protests", "Peaceful protest")
BOMB = ("Explosions/Remote violence", "Remote explosive/landmine/IED")


@pytest.mark.parametrize(
    ("text", "sentence_end", "kind", "others", "listed"),
    [
        (PROTESTS, "cost of food.", PROTEST, {"Abuja", "Kano"}, {"Abuja", "Kano"}),
        # The province that holds the town is the same place; Kano is in another sentence.
        (BOMBING, "on Friday.", BOMB, set(), set()),
    ],
    ids=["a-list-of-cities", "a-town-and-its-province"],
)
def test_other_places_are_those_of_the_events_own_sentences_and_not_inside_its_place(
    text: str,
    sentence_end: str,
    kind: tuple[str, str],
    others: set[str],
    listed: set[str],
    gazetteer: Gazetteer,
) -> None:
    placed, chosen, candidates, context = _placed(_record(text, sentence_end, kind), gazetteer)
    found = other_places(candidates, chosen)
    assert {c.place.name for c in found} == others
    described = {
        c.place.name: split_features(c, chosen, placed, context, candidates) for c in found
    }
    assert {name for name, f in described.items() if f.get("listed")} == listed
    for features in described.values():
        assert features["type=Protests"] == 1.0 and features["no_dead"] == 1.0
        assert features["kinds=city/city"] == 1.0 and features["km>200"] == 1.0
        assert any(name.startswith("place:") for name in features)


def test_another_place_told_with_a_day_of_its_own_is_marked(gazetteer: Gazetteer) -> None:
    # 2024-08-05 is a Monday.
    text = (
        "Thousands of students rallied in Lagos and Abuja on Monday to demand the arrest of the "
        "killers of a student beaten to death in Kano last week."
    )
    placed, chosen, candidates, context = _placed(_record(text, "last week.", PROTEST), gazetteer)
    described = {
        c.place.name: split_features(c, chosen, placed, context, candidates)
        for c in other_places(candidates, chosen)
    }
    assert "dated_otherwise" in described["Kano"]
    assert "dated_otherwise" not in described["Abuja"]


def test_copies_take_the_place_and_not_the_figures(gazetteer: Gazetteer) -> None:
    record = _record(PROTESTS, "cost of food.", PROTEST, dead=3)
    events = geolocate(record, gazetteer, model=_first_named(), split=_splits_lists()).events
    assert [(e.id, e.location) for e in events] == [
        ("e1", "Lagos"),
        ("e1.1", "Abuja"),
        ("e1.2", "Kano"),
    ]
    first, *copies = events
    assert first.fatalities_total is not None and first.fatalities_total.best == 3
    for copy in copies:
        assert copy.fatalities_total is None and copy.fatalities == Fatalities()
        (place,) = [e for e in copy.evidence if e.field == "place"]
        assert PROTESTS[place.start : place.end] == copy.location
        assert copy.date == first.date and copy.sub_event_type == first.sub_event_type


@pytest.mark.parametrize(
    ("model", "split"),
    [(None, _splits_lists()), (_first_named(), None)],
    ids=["no-place-model", "no-split-model"],
)
def test_without_both_models_an_event_keeps_one_place(
    model: LinearModel | None, split: LinearModel | None, gazetteer: Gazetteer
) -> None:
    record = _record(PROTESTS, "cost of food.", PROTEST)
    assert len(geolocate(record, gazetteer, model=model, split=split).events) == 1


def test_a_background_event_is_never_copied(gazetteer: Gazetteer) -> None:
    record = _record(PROTESTS, "cost of food.", PROTEST)
    recalled = record.model_copy(
        update={"events": [record.events[0].model_copy(update={"background": True})]}
    )
    placed = geolocate(recalled, gazetteer, model=_first_named(), split=_splits_lists())
    assert len(placed.events) == 1


def _gold(cities: list[tuple[str, float, float]]) -> GoldArticle:
    return GoldArticle.model_validate(
        {
            "id": "a",
            "text": PROTESTS,
            "published": "2024-08-06",
            "cluster": "food-protests",
            "events": [
                {
                    "date": "2024-08-05",
                    "country": "NG",
                    "location": name,
                    "admin2": name,
                    "lat": lat,
                    "lon": lon,
                    "event_type": "Protests",
                    "sub_event_type": ["Peaceful protest"],
                }
                for name, lat, lon in cities
            ],
        }
    )


def test_split_examples_are_the_places_a_copy_would_match_and_the_fit_is_reproducible(
    gazetteer: Gazetteer,
) -> None:
    # The annotation codes Lagos and Kano, not Abuja: a copy to Kano is right, to Abuja wrong.
    gold = _gold([("Lagos", 6.45, 3.39), ("Kano", 12.0, 8.52)])
    article = Article(id="a", text=PROTESTS, published=gold.published)
    reading = read_article(article, gazetteer)
    examples = split_examples(gold, reading, _first_named(), gazetteer)
    assert sorted(example.here for example in examples) == [False, True]
    assert all(example.group == "food-protests" for example in examples)
    assert fit_split_model(examples * 2, seed=1) == fit_split_model(examples * 2, seed=1)

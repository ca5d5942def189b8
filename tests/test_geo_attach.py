"""Where an event happened: the candidate places the article offers, and the learned choice."""

from __future__ import annotations

import pytest
from linear_models import yes_no_model

from sitrep.evaluate.score import GoldArticle
from sitrep.geo import Gazetteer, geolocate, load_gazetteer
from sitrep.geo.attach import place_candidates
from sitrep.geo.locate import PLACE_YES, event_spans, place_context
from sitrep.learn import LinearModel
from sitrep.learn.places import PLACE_NO, fit_place_model, place_examples
from sitrep.models import Article, ArticleRecord, Event, Evidence
from sitrep.pipeline import read_article

NIGERIA = (
    "At least 18 people were killed on Saturday in a series of suicide bombings in northeastern "
    "Nigeria, officials said.\n\nThree female attackers struck different locations in Gwoza, a "
    "town in Borno State."
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _record(text: str, sentence_end: str) -> ArticleRecord:
    end = text.index(sentence_end) + len(sentence_end)
    event = Event(
        id="e1",
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        evidence=[Evidence(start=0, end=end, text=text[:end], field="event")],
    )
    return ArticleRecord(article=Article(id="a", text=text), events=[event])


def _candidates(text: str, sentence_end: str, gazetteer: Gazetteer) -> dict[str, dict[str, float]]:
    record = _record(text, sentence_end)
    context = place_context(record, gazetteer)
    found = place_candidates(event_spans(record.events[0], text), context)
    return {f"{c.source}:{c.place.name}:{c.proposed}": c.features for c in found}


def test_candidates_say_where_each_place_is_named_and_mark_the_rules_choice(
    gazetteer: Gazetteer,
) -> None:
    found = _candidates(NIGERIA, "officials said.", gazetteer)
    assert "text:Nigeria:True" in found  # the rules take the only place of the event's sentence
    nigeria, gwoza = found["text:Nigeria:True"], found["text:Gwoza:False"]
    assert nigeria["pos=own"] == 1.0 and nigeria["kind=country"] == 1.0
    assert gwoza["pos=after1"] == 1.0 and gwoza["pos=after1|city"] == 1.0
    assert "same_paragraph" not in gwoza and gwoza["cue=in"] == 1.0
    assert "country:Nigeria:False" in found  # the article's country is always a candidate


def _prefers_a_town_told_next() -> LinearModel:
    return yes_no_model(
        "event_place", (PLACE_YES, PLACE_NO), {"kind=country": -1.0, "pos=after1|city": 1.0}
    )


@pytest.mark.parametrize(
    ("model", "location", "precision"),
    [(None, None, 3), (_prefers_a_town_told_next(), "Gwoza", 1)],
    ids=["rules-take-the-country", "model-takes-the-town-told-next"],
)
def test_the_model_chooses_among_the_candidates(
    model: LinearModel | None, location: str | None, precision: int, gazetteer: Gazetteer
) -> None:
    placed = geolocate(_record(NIGERIA, "officials said."), gazetteer, model=model).events[0]
    assert (placed.country, placed.location, placed.geo_precision) == ("NG", location, precision)


def test_examples_are_labelled_by_the_annotation_and_the_fit_is_reproducible(
    gazetteer: Gazetteer,
) -> None:
    gold = GoldArticle.model_validate(
        {
            "id": "a",
            "text": NIGERIA,
            "published": "2024-06-30",
            "cluster": "gwoza",
            "events": [
                {
                    "date": "2024-06-29",
                    "country": "NG",
                    "admin2": "Gwoza",
                    "location": "Gwoza",
                    "lat": 11.08,
                    "lon": 13.69,
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": ["Suicide bomb"],
                }
            ],
        }
    )
    reading = read_article(Article(id="a", text=NIGERIA, published=gold.published), gazetteer)
    examples = place_examples(gold, reading, gazetteer)
    here = {tuple(sorted(e.features)) for e in examples if e.here}
    assert examples and here and any(not e.here for e in examples)
    assert all(e.group == "gwoza" for e in examples)
    assert all("pos=own" not in features for features in here)  # Gwoza is told after
    assert fit_place_model(examples * 2, seed=1) == fit_place_model(examples * 2, seed=1)


def test_a_background_event_keeps_the_rules_order(gazetteer: Gazetteer) -> None:
    # The annotations need not place recalled incidents, so the model never learned them.
    record = _record(NIGERIA, "officials said.")
    recalled = record.model_copy(
        update={"events": [record.events[0].model_copy(update={"background": True})]}
    )
    placed = geolocate(recalled, gazetteer, model=_prefers_a_town_told_next()).events[0]
    assert (placed.country, placed.location) == ("NG", None)

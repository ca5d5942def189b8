"""The learned decisions: features, the linear model as data, its training and its folds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.errors import LexiconError
from sitrep.evaluate.score import GoldArticle
from sitrep.extract.classify import classify_events
from sitrep.extract.events import RULES_VERSION
from sitrep.learn import LinearModel, event_features
from sitrep.learn.linear import load_model
from sitrep.learn.train import Example, fit_type_model, folds_by_cluster
from sitrep.models import (
    Article,
    ArticleRecord,
    Event,
    Evidence,
    Fatalities,
    Figure,
    Provenance,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _event(sentence: str, **fields: object) -> Event:
    values: dict[str, object] = {
        "id": "e1",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "evidence": [Evidence(start=0, end=len(sentence), text=sentence, field="event")],
    }
    values.update(fields)
    return Event.model_validate(values)


@pytest.mark.parametrize(
    ("sentence", "fields", "present", "absent"),
    [
        (
            "Demonstrators hurled stones at riot police in the capital.",
            {},
            ["w0=demonstrators", "w0=stones", "rule_sub=Peaceful protest", "no_dead"],
            ["dead"],
        ),
        (
            "Two soldiers died when a roadside bomb hit their convoy.",
            {
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Remote explosive/landmine/IED",
                "fatalities": Fatalities(security_forces=Figure.exact(2)),
                "actor2": "Military Forces of Mali",
            },
            ["dead=security_forces", "dead", "actor2=1", "trig0=Remote explosive/landmine/IED"],
            ["no_dead", "dead=civilians"],
        ),
        (
            "Police said 40 suspects were arrested.",
            {"injured": Figure.exact(3), "claimed_by": ["X"]},
            ["injured", "claimed", "actor1=none"],
            ["abducted", "w0=40"],
        ),
    ],
)
def test_event_features_come_from_what_the_stages_found(
    sentence: str, fields: dict[str, object], present: list[str], absent: list[str]
) -> None:
    features = event_features(_event(sentence, **fields))
    for name in present:
        assert name in features, name
    for name in absent:
        assert name not in features, name


def test_the_headline_gives_its_triggers_not_its_words() -> None:
    features = event_features(_event("Thousands marched."), title="Rioters torch offices")
    assert "trigt=Violent demonstration" in features
    assert "t=rioters" not in features
    assert "w0=thousands" in features


def _model(threshold: float = 0.0) -> LinearModel:
    return LinearModel(
        name="event_type",
        trained_on="",
        seed=0,
        examples=2,
        classes=["Peaceful protest", "Violent demonstration"],
        features=["w0=stones", "w0=marched"],
        weights=[[-2.0, 2.0], [2.0, -2.0]],
        intercepts=[0.0, 0.0],
        threshold=threshold,
    )


@pytest.mark.parametrize(
    ("features", "label"),
    [
        ({"w0=stones": 1.0}, "Violent demonstration"),
        ({"w0=marched": 1.0}, "Peaceful protest"),
        ({"w0=stones": 1.0, "never-seen": 1.0}, "Violent demonstration"),
    ],
)
def test_a_linear_model_predicts_by_its_weights(features: dict[str, float], label: str) -> None:
    predicted, probability = _model().predict(features)
    assert predicted == label
    assert probability == pytest.approx(0.982, abs=0.001)


def test_probabilities_sum_to_one_and_unknown_features_count_for_nothing() -> None:
    probabilities = _model().probabilities({"unknown": 1.0})
    assert probabilities == {"Peaceful protest": 0.5, "Violent demonstration": 0.5}


def test_a_model_with_mismatched_shapes_is_refused() -> None:
    with pytest.raises(ValueError, match="one column per feature"):
        LinearModel.model_validate({**_model().model_dump(), "weights": [[1.0], [2.0]]})


def _record(*events: Event) -> ArticleRecord:
    return ArticleRecord(article=Article(id="a", text="x"), events=list(events))


@pytest.mark.parametrize(
    ("threshold", "sub_type", "event_type"),
    [
        (0.5, "Violent demonstration", "Riots"),  # sure enough: the model decides
        (0.99, "Peaceful protest", "Protests"),  # not sure enough: the proposal stands
    ],
)
def test_the_model_replaces_the_proposal_only_above_its_threshold(
    threshold: float, sub_type: str, event_type: str
) -> None:
    record = _record(_event("Youths hurled stones at the police station."))
    (event,) = classify_events(record, _model(threshold)).events
    assert (event.event_type, event.sub_event_type) == (event_type, sub_type)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("rules-5", "rules-5+event_type@abababababab"),
        # models trained on other data each name their own hash
        (
            "rules-5+event_place@cdcdcdcdcdcd",
            "rules-5+event_place@cdcdcdcdcdcd+event_type@abababababab",
        ),
        # models trained together share one
        ("rules-5+event_place@abababababab", "rules-5+event_place+event_type@abababababab"),
    ],
)
def test_the_record_names_the_model_that_decided(before: str, after: str) -> None:
    record = ArticleRecord(
        article=Article(id="a", text="x"),
        events=[_event("Stones flew.")],
        sitrep=Provenance(rules=before),
    )
    model = _model().model_copy(update={"trained_on": "ab" * 32})
    classified = classify_events(record, model)
    assert classified.sitrep is not None
    assert classified.sitrep.rules == after


def test_campaign_parents_and_records_without_a_model_keep_the_rules_kind() -> None:
    parent = _event("A wave of attacks; stones everywhere.", id="p")
    child = _event("Stones were thrown.", id="c", parent="p")
    classified = classify_events(_record(parent, child), _model())
    assert classified.events[0].sub_event_type == "Peaceful protest"
    assert classified.events[1].sub_event_type == "Violent demonstration"
    record = _record(_event("Stones were thrown."))
    assert classify_events(record, None) is record


def _examples() -> list[Example]:
    rows = [
        ({"w0=stones": 1.0, "w0=police": 1.0}, "Violent demonstration"),
        ({"w0=torched": 1.0, "w0=police": 1.0}, "Violent demonstration"),
        ({"w0=stones": 1.0}, "Violent demonstration"),
        ({"w0=marched": 1.0, "w0=police": 1.0}, "Peaceful protest"),
        ({"w0=marched": 1.0}, "Peaceful protest"),
        ({"w0=rally": 1.0, "w0=marched": 1.0}, "Peaceful protest"),
    ] * 2
    return [
        Example(features, label, (label,), "Peaceful protest", f"cluster-{i % 4}")
        for i, (features, label) in enumerate(rows)
    ]


def test_fitting_is_deterministic_for_a_seed_and_drops_rare_features() -> None:
    first = fit_type_model(_examples(), seed=3)
    second = fit_type_model(_examples(), seed=3)
    assert first == second
    assert "w0=rally" in first.features  # seen twice (the rows are doubled)
    assert first.predict({"w0=stones": 1.0})[0] == "Violent demonstration"
    assert 0.0 <= first.threshold <= 1.0


@settings(max_examples=50, deadline=None)
@given(
    clusters=st.lists(st.sampled_from("abcdefgh"), min_size=5, max_size=30),
    seed=st.integers(0, 1000),
)
def test_folds_never_split_a_cluster(clusters: list[str], seed: int) -> None:
    golds = [
        GoldArticle(id=f"a{i}", text="x", cluster=cluster) for i, cluster in enumerate(clusters)
    ]
    if len(set(clusters)) < 3:
        with pytest.raises(ValueError, match="clusters"):
            folds_by_cluster(golds, 3, seed)
        return
    assignment = folds_by_cluster(golds, 3, seed)
    fold_of: dict[str, int] = {}
    for cluster, fold in zip(clusters, assignment, strict=True):
        assert fold_of.setdefault(cluster, fold) == fold
    assert set(assignment) == {0, 1, 2}


def test_a_broken_model_file_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = tmp_path / "data" / "models"
    models.mkdir(parents=True)
    (models / "broken.json").write_text('{"name": "broken"}')
    monkeypatch.setattr("sitrep.learn.linear.resources.files", lambda _: tmp_path)
    load_model.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"models/broken\.json"):
            load_model("broken")
        assert load_model("absent") is None
    finally:
        load_model.cache_clear()


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("event_type", "sub_type_acc_out_of_fold"),
        ("event_place", "event_f1_out_of_fold"),
        ("event_split", "event_recall_out_of_fold"),
    ],
)
def test_the_packaged_models_are_trained_on_the_same_data_and_say_on_what(
    name: str, figure: str
) -> None:
    model = load_model(name)
    assert model is not None
    assert len(model.trained_on) == 64
    assert model.figures["folds"] == 5
    assert figure in model.figures
    other = load_model("event_place" if name == "event_type" else "event_type")
    assert other is not None and other.trained_on == model.trained_on


def test_train_writes_a_model_and_eval_folds_prints_both_figures(tmp_path: Path) -> None:
    gold = str(FIXTURES / "annotated.jsonl")
    trained = CliRunner().invoke(app, ["train", gold, "--folds", "3", "--out", str(tmp_path)])
    assert trained.exit_code == 0, trained.output
    written = {
        name: json.loads((tmp_path / f"{name}.json").read_text())
        for name in ("event_type", "event_place", "event_split")
    }
    assert all(w["seed"] == 0 and w["figures"]["folds"] == 3 for w in written.values())
    again = CliRunner().invoke(app, ["train", gold, "--folds", "3", "--out", str(tmp_path)])
    assert again.exit_code == 0
    for name, model in written.items():  # reproducible
        assert json.loads((tmp_path / f"{name}.json").read_text()) == model

    scored = CliRunner().invoke(app, ["eval", gold, "--folds", "3", "--json"])
    assert scored.exit_code == 0, scored.output
    figures = json.loads(scored.stdout)
    assert figures["folds"] == 3
    assert set(figures["out_of_fold"]) == set(figures["in_sample"])
    assert 0.0 < figures["out_of_fold"]["event_f1"] <= 1.0


def test_eval_folds_refuses_more_folds_than_clusters(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(FIXTURES / "eval_small.jsonl"), "--folds", "9"])
    assert result.exit_code == 2
    assert "clusters" in result.output


def test_a_processed_record_names_every_packaged_model_once_with_their_shared_hash() -> None:
    from sitrep.pipeline import process_article

    text = "Gunmen killed three farmers in Mastung, Balochistan, on Monday, police said."
    record = process_article(Article(id="a", text=text))
    assert record.sitrep is not None
    rules = record.sitrep.rules
    model = load_model("event_type")
    assert model is not None
    assert rules == f"{RULES_VERSION}+event_place+event_split+event_type@{model.trained_on[:12]}"
    assert len(rules) <= 64  # the stores keep it in a 64-character column

"""One end-to-end run per command, through the same entry point a user types."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from sitrep import __version__
from sitrep.cli import app
from sitrep.models import ArticlePlaces, ArticleRecord, Event
from sitrep.store import Store

COMMANDS = [
    ["bench"],
    ["extract"],
    ["places"],
    ["ingest"],
    ["events"],
    ["export"],
    ["show"],
    ["schema"],
    ["eval"],
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["serve"],
]
EXAMPLE_ARTICLES = 8  # five single-report files plus a JSONL of three


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"sitrep {' '.join(command)}" in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"sitrep {__version__}"


def test_schema_is_json_schema_of_a_record(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "ArticleRecord"
    assert {"article", "events", "statements"} <= set(schema["properties"])


def test_extract_prints_records_the_models_validate(runner: CliRunner, examples_dir: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(examples_dir / "peshawar-checkpoint.txt"), "--published", "2026-03-11"]
    )
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    record = ArticleRecord.model_validate_json(line)
    assert record.article.published is not None
    assert record.events
    for event in record.events:
        for evidence in event.evidence:
            assert record.article.text[evidence.start : evidence.end] == evidence.text


def test_extract_table(runner: CliRunner, examples_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(examples_dir), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "extracted events" in result.output


def test_extract_standard_input(runner: CliRunner) -> None:
    story = "Blast kills two\nKABUL, Afghanistan — A bomb killed two soldiers on Monday.\n"
    result = runner.invoke(app, ["extract", "-", "--published", "2026-02-03"], input=story)
    assert result.exit_code == 0, result.output
    record = ArticleRecord.model_validate_json(result.stdout)
    assert record.article.title == "Blast kills two"


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "x.txt", "--published", "31/01/2026"],
        ["events", "--since", "yesterday"],
        ["events", "--type", "Skirmish"],
        ["events", "--country", "Pakistan"],
        ["events", "--format", "xml"],
        ["frobnicate"],
    ],
    ids=["bad-published", "bad-since", "unknown-type", "country-name", "bad-format", "no-command"],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str], sqlite_url: str) -> None:
    result = runner.invoke(app, args, env={"SITREP_DATABASE_URL": sqlite_url})
    assert result.exit_code == 2


def _ingest(runner: CliRunner, db: str, *paths: str) -> tuple[int, str]:
    result = runner.invoke(app, ["ingest", *paths, "--db", db])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_ingest_events_show_end_to_end(
    runner: CliRunner, examples_dir: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    db: str = request.getfixturevalue(f"{'sqlite' if backend == 'sqlite' else 'postgres'}_url")
    code, stderr = _ingest(runner, db, str(examples_dir))
    assert code == 0, stderr
    assert stderr.strip().endswith(f"{EXAMPLE_ARTICLES} new, 0 already stored, 0 failed")
    with Store.open(db) as store:
        counts = store.row_counts()
    assert counts["articles"] == EXAMPLE_ARTICLES

    code, stderr = _ingest(runner, db, str(examples_dir))
    assert code == 0
    assert stderr.strip().endswith(f"0 new, {EXAMPLE_ARTICLES} already stored, 0 failed")
    with Store.open(db) as store:
        assert store.row_counts() == counts

    listed = runner.invoke(app, ["events", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0
    events = [Event.model_validate_json(line) for line in listed.stdout.splitlines()]
    assert events
    assert all(event.sources for event in events)
    ids = [event.id for event in events]
    again = runner.invoke(app, ["events", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line)["id"] for line in again] == ids

    csv_out = runner.invoke(app, ["events", "--db", db, "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("id,parent,date,")
    assert len(csv_out.splitlines()) == len(events) + 1

    table = runner.invoke(app, ["events", "--db", db])
    assert table.exit_code == 0 and f"{len(events)} events" in table.output

    with_figures = next(e for e in events if e.fatalities_total is not None)
    shown = runner.invoke(app, ["show", with_figures.id, "--db", db])
    assert shown.exit_code == 0, shown.output
    assert with_figures.id in shown.output
    assert with_figures.evidence[0].text.split()[0] in shown.output

    missing = runner.invoke(app, ["show", "ev0000", "--db", db])
    assert missing.exit_code == 1
    assert "no event with id 'ev0000'" in missing.stderr


def test_events_filters_on_the_command_line(
    runner: CliRunner, examples_dir: Path, sqlite_url: str
) -> None:
    _ingest(runner, sqlite_url, str(examples_dir))
    result = runner.invoke(app, ["events", "--db", sqlite_url, "--country", "ke", "-f", "jsonl"])
    countries = {json.loads(line)["country"] for line in result.stdout.splitlines()}
    assert countries == {"KE"}


def test_mixed_directory_exits_1_and_stores_only_good_reports(
    runner: CliRunner, tmp_path: Path, examples_dir: Path, sqlite_url: str
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        (examples_dir / "maiduguri-ied.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01" * 100)
    (inputs / "latin1.txt").write_bytes("tués à Kaboul".encode("latin-1"))
    (inputs / "batch.jsonl").write_text('{"id": "x", "text": \n', encoding="utf-8")
    code, stderr = _ingest(runner, sqlite_url, str(inputs), str(tmp_path / "missing.txt"))
    assert code == 1
    error_lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 5
    for name in ("empty.txt", "binary.txt", "latin1.txt", "batch.jsonl:1", "missing.txt"):
        assert sum(name in line for line in error_lines) == 1, name
    assert stderr.strip().endswith("1 new, 0 already stored, 5 failed")
    with Store.open(sqlite_url) as store:
        assert store.row_counts()["articles"] == 1


def test_db_upgrade_and_downgrade(runner: CliRunner, sqlite_url: str) -> None:
    up = runner.invoke(app, ["db", "upgrade", "--db", sqlite_url])
    assert up.exit_code == 0, up.output
    assert "database at revision" in up.stderr
    down = runner.invoke(app, ["db", "downgrade", "base", "--db", sqlite_url])
    assert down.exit_code == 0
    assert "revision None" in down.stderr
    assert runner.invoke(app, ["db", "upgrade", "--db", sqlite_url]).exit_code == 0


def test_unreachable_database_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["events", "--db", "postgresql://postgres@127.0.0.1:1/none"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "cannot open database" in result.stderr


def test_bench_reports_both_speeds(runner: CliRunner, examples_dir: Path) -> None:
    result = runner.invoke(
        app, ["bench", str(examples_dir), "--n", "6", "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == {
        "articles",
        "workers",
        "articles_per_s",
        "spacy_articles_per_s",
        "ratio",
        "peak_rss_mb",
    }
    assert figures["articles"] == 6 and figures["articles_per_s"] > 0
    assert figures["spacy_articles_per_s"] > 0 and figures["peak_rss_mb"] > 0


WAVE = Path(__file__).resolve().parent / "fixtures" / "balochistan_wave.jsonl"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--min-sources", "4"], {"Balochistan": 4, "Quetta": 4, "Mastung": 4, "Nushki": 4}),
        (["--confidence", "claimed_only"], {"Kalat": 1}),
    ],
    ids=["min-sources", "confidence"],
)
def test_events_filter_on_sources_and_confidence(
    runner: CliRunner, sqlite_url: str, flags: list[str], expected: dict[str, int]
) -> None:
    _ingest(runner, sqlite_url, str(WAVE))
    result = runner.invoke(app, ["events", "--db", sqlite_url, *flags, "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["location"]: e["source_count"] for e in found if not e["background"]} == expected


def test_events_refuses_an_unknown_confidence(runner: CliRunner, sqlite_url: str) -> None:
    result = runner.invoke(app, ["events", "--db", sqlite_url, "--confidence", "certain"])
    assert result.exit_code == 2
    assert "claimed_only" in result.output


def test_show_lists_each_reported_figure_with_its_speaker(
    runner: CliRunner, sqlite_url: str
) -> None:
    _ingest(runner, sqlite_url, str(WAVE))
    with Store.open(sqlite_url) as store:
        (campaign,) = [
            e
            for e in store.events()
            if e.location == "Balochistan" and e.parent is None and not e.background
        ]
    result = runner.invoke(app, ["show", campaign.id, "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "2026-02-01, bal-wave-4: 17 — Chief Minister Sarfraz Bugti" in result.stdout
    assert "4 articles, 4 outlets" in result.stdout
    assert "official" in result.stdout


def test_serve_binds_to_localhost_by_default(
    runner: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 7: the server listens on 127.0.0.1 unless told otherwise, with writes off."""
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    monkeypatch.delenv("SITREP_API_TOKEN", raising=False)
    result = runner.invoke(app, ["serve", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8000, "log_level": "warning"}]
    assert "writes off" in result.output


@pytest.mark.parametrize(
    ("flags", "locations"),
    [
        (["--admin1", "Balochistan"], {"Mastung"}),
        (["--actor", "shabaab"], {"Mogadishu"}),
        (["--bbox", "60,24,70,32"], {"Mastung"}),
        (["--text", "Mogadishu"], {"Mogadishu"}),
    ],
    ids=["admin1", "actor", "bbox", "text"],
)
def test_events_and_export_take_the_api_filters(
    runner: CliRunner,
    sqlite_url: str,
    examples_dir: Path,
    flags: list[str],
    locations: set[str],
) -> None:
    """The command line filters as GET /events does: the same EventFilter."""
    _ingest(runner, sqlite_url, str(examples_dir))
    listed = runner.invoke(app, ["events", "--db", sqlite_url, *flags, "-f", "jsonl"])
    assert listed.exit_code == 0, listed.output
    assert {json.loads(line)["location"] for line in listed.stdout.splitlines()} == locations
    exported = runner.invoke(app, ["export", "-f", "geojson", "--db", sqlite_url, *flags])
    assert exported.exit_code == 0, exported.output
    features = json.loads(exported.stdout)["features"]
    assert {f["properties"]["location"] for f in features} == locations


def test_a_malformed_bbox_is_a_usage_error(runner: CliRunner, sqlite_url: str) -> None:
    result = runner.invoke(app, ["events", "--db", sqlite_url, "--bbox", "60,24,70"])
    assert result.exit_code == 2
    assert "minlon,minlat,maxlon,maxlat" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--text", "x" * 5_000], "at most 200 are searched"),
        (["--actor", "Baloch\x00"], "NUL"),
        (["--since", "2026-05-02", "--until", "2026-05-01"], "is after until"),
    ],
    ids=["long-text", "nul", "since-after-until"],
)
def test_a_filter_no_search_means_is_a_usage_error(
    runner: CliRunner, sqlite_url: str, options: list[str], message: str
) -> None:
    """The API's 400s (issue 15) are the CLI's exit 2: one EventFilter checks them."""
    result = runner.invoke(app, ["events", "--db", sqlite_url, *options])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_serve_with_workers_answers_from_each_process(sqlite_url: str) -> None:
    """`--workers N`: uvicorn's worker processes each open the store by its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sitrep = Path(sys.executable).with_name("sitrep")
    server = subprocess.Popen(
        [str(sitrep), "serve", "--db", sqlite_url, "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/events", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["events"] == []
        answers = [httpx.get(f"http://127.0.0.1:{port}/events", timeout=5) for _ in range(6)]
        assert all(answer.status_code == 200 for answer in answers)
    finally:
        server.terminate()
        server.wait(timeout=20)


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_places_prints_every_name_resolved(runner: CliRunner, examples_dir: Path) -> None:
    result = runner.invoke(app, ["places", str(examples_dir / "quetta-followup.txt")])
    assert result.exit_code == 0, result.output
    [line] = [ArticlePlaces.model_validate_json(text) for text in result.stdout.splitlines()]
    mastung = [p for p in line.places if p.text == "Mastung"]
    assert mastung and all(p.country == "PK" and p.admin1 == "Balochistan" for p in mastung)
    assert all(p.latitude is not None and p.geo_precision in (1, 2, 3) for p in line.places)


def test_places_with_spans_resolves_each_given_span_and_reports_bad_lines(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = "Shelling hit Kharkiv and Zqxwv overnight."
    lines = [
        {
            "id": "good",
            "text": text,
            "toponyms": [{"start": 25, "end": 30}, {"start": 13, "end": 20}],
        },
        {"id": "bad", "text": text, "toponyms": [{"start": 13, "end": 400}]},
        {"id": "none", "text": text, "toponyms": []},
    ]
    corpus = tmp_path / "spans.jsonl"
    corpus.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["places", str(corpus), "--spans"])
    assert result.exit_code == 1
    good, empty = [ArticlePlaces.model_validate_json(t) for t in result.stdout.splitlines()]
    assert [(p.start, p.end) for p in good.places] == [(25, 30), (13, 20)]
    assert good.places[0].latitude is None and good.places[0].name is None
    assert good.places[1].country == "UA"
    assert empty.id == "none" and empty.places == []
    assert f"{corpus}:2: toponym 1 (13-400) is outside the text" in " ".join(result.stderr.split())


def test_places_with_spans_refuses_inputs_that_carry_none(
    runner: CliRunner, examples_dir: Path
) -> None:
    result = runner.invoke(app, ["places", str(examples_dir / "quetta-followup.txt"), "--spans"])
    assert result.exit_code == 1
    assert "JSONL files only" in result.stderr


def test_places_scores_a_geoparsing_corpus(runner: CliRunner) -> None:
    corpus = FIXTURES / "toponyms_small.jsonl"
    result = runner.invoke(app, ["places", str(corpus), "--score", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["toponyms"] == 12 and figures["unplaced"] == 0
    assert {"acc_161km", "acc_10km", "country_acc", "median_km", "mean_km"} <= set(figures)
    assert 0 < figures["found_recall"] <= 1 and 0 < figures["found_precision"] <= 1
    assert figures["found_acc_161km"] <= figures["found_recall"]


def test_train_fits_the_place_name_ranker_from_a_corpus(runner: CliRunner, tmp_path: Path) -> None:
    corpus = FIXTURES / "toponyms_small.jsonl"
    args = ["train", "--toponyms", str(corpus), "--folds", "2", "--out", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "place_name.json").read_text())
    assert written["trained_on"] == hashlib.sha256(corpus.read_bytes()).hexdigest()
    assert written["figures"]["folds"] == 2 and "acc_161km_out_of_fold" in written["figures"]
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert json.loads((tmp_path / "place_name.json").read_text()) == written  # reproducible


def test_train_needs_something_to_learn_from(runner: CliRunner) -> None:
    result = runner.invoke(app, ["train"])
    assert result.exit_code == 2
    assert "--toponyms" in result.output

"""Every input isolated (sitrep/pipeline.py, issue 15): whatever one article does to sitrep, it
becomes that article's one-line error naming its file, nothing of it is stored, and the run goes
on to its summary and exit code 1."""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sitrep.pipeline
from sitrep.cli import app
from sitrep.errors import InputError, UnexpectedError
from sitrep.models import Article, ArticleRecord
from sitrep.pipeline import extract_records, ingest
from sitrep.store import Store

_STORY = "QUETTA, Pakistan — A bomb killed five people in Quetta on Monday, police said."

CRASHERS = [
    # (id, text) of the five signatures the fuzzer found; each used to end the run.
    ("4301-digits", f"A bomb killed {'1' * 4301} people in Quetta on Monday, police said."),
    ("lone-surrogate", "A bomb killed five people in Quetta on Monday \ud800, police said."),
    ("nearly-310-digits", f"A bomb killed nearly {'9' * 310} people in Quetta, police said."),
    ("ideographic-space", "A bomb killed civilians\x1c\u3000nine in Quetta on Monday."),
    ("million-days-ago", "Gunmen killed five people in Quetta 1000000 days ago, police said."),
]


def _jsonl(texts: list[str]) -> str:
    """JSONL with every non-ASCII character escaped, as a lone surrogate must be."""
    return "".join(json.dumps({"text": text, "published": "2026-03-11"}) + "\n" for text in texts)


@pytest.mark.parametrize("text", [row[1] for row in CRASHERS], ids=[row[0] for row in CRASHERS])
def test_the_fuzzers_crashing_inputs_are_now_read_and_extracted(tmp_path: Path, text: str) -> None:
    path = tmp_path / "report.jsonl"
    path.write_text(_jsonl([text]), encoding="ascii")
    (record,) = extract_records([path])
    assert isinstance(record, ArticleRecord), record
    body = record.article.text
    for event in record.events:
        for evidence in event.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(body)
            assert body[evidence.start : evidence.end] == evidence.text
        for figure in [event.fatalities.total(), event.injured, event.abducted]:
            assert figure is None or figure.best < 2**31


def _break_on(marker: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make extraction raise an exception nobody foresaw for any article whose text has
    ``marker``: a stand-in for the next bug an odd input will find."""
    real = sitrep.pipeline.process_article

    def process(article: Article, gazetteer: object = None) -> ArticleRecord:
        if marker in article.text:
            raise ZeroDivisionError("division by zero")
        return real(article, gazetteer)  # type: ignore[arg-type]

    monkeypatch.setattr(sitrep.pipeline, "process_article", process)


def test_an_unexpected_exception_is_that_articles_error_and_the_run_goes_on(
    tmp_path: Path,
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _break_on("BREAKS", monkeypatch)
    (tmp_path / "a.txt").write_text(_STORY.replace("Quetta", "Turbat"), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_jsonl([_STORY + " BREAKS", _STORY]), encoding="ascii")
    with Store.open(sqlite_url) as store, caplog.at_level(logging.DEBUG, "sitrep.errors"):
        summary = ingest([tmp_path], store)
        assert store.row_counts()["articles"] == 2
    assert (summary.new, summary.failed) == (2, 1)
    (error,) = summary.errors
    assert isinstance(error, UnexpectedError) and error.source.startswith(str(tmp_path / "b.jsonl"))
    assert "ZeroDivisionError" in str(error) and "\n" not in str(error)
    assert any(record.exc_info and record.levelno == logging.DEBUG for record in caplog.records)


def test_a_failure_while_storing_leaves_nothing_of_the_article(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write fails after the article row and its events are in the transaction."""
    import sitrep.store.repository as repository

    real = repository._add_statements

    def add_statements(session: object, article_id: str, statements: list[object]) -> None:
        if "Turbat" in str(session.get(repository.ArticleRow, article_id).text):  # type: ignore[attr-defined]
            raise RuntimeError("the disk said no")
        real(session, article_id, statements)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "_add_statements", add_statements)
    (tmp_path / "a.txt").write_text(_STORY.replace("Quetta", "Turbat"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(_STORY, encoding="utf-8")
    with Store.open(db_url) as store:
        summary = ingest([tmp_path], store)
        counts = store.row_counts()
    assert (summary.new, summary.failed) == (1, 1)
    assert "storing it failed unexpectedly (RuntimeError" in str(summary.errors[0])
    assert counts["articles"] == 1 and counts["event_reports"] == counts["events"] >= 1


def _mixed_directory(folder: Path) -> tuple[int, list[str]]:
    """Good reports of every kind, every kind of bad file, and the fuzzer's crashing inputs.

    Returns how many articles should be stored and the names of the files that must fail.
    """
    folder.mkdir()
    (folder / "01-good.txt").write_text("Bomb in Quetta\n" + _STORY, encoding="utf-8")
    (folder / "02-good.jsonl").write_text(
        _jsonl([_STORY.replace("Quetta", "Turbat"), _STORY.replace("Quetta", "Gwadar")]),
        encoding="ascii",
    )
    (folder / "03-empty.txt").write_text("", encoding="utf-8")
    (folder / "04-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "05-malformed.jsonl").write_text('{"text": "unterminated\n', encoding="utf-8")
    (folder / "06-crashers.jsonl").write_text(
        _jsonl([text for _, text in CRASHERS]), encoding="ascii"
    )
    for number, (name, text) in enumerate(CRASHERS, start=7):
        if "\ud800" not in text:  # a lone surrogate cannot be written as UTF-8; JSONL has it
            (folder / f"{number:02d}-{name}.txt").write_text(f"x{text}", encoding="utf-8")
    (folder / "12-nul.jsonl").write_text(_jsonl([_STORY + "\x00 Then calm."]), encoding="ascii")
    (folder / "13-huge-toll.txt").write_text(
        f"A bomb killed {2**63} people and {2**31} soldiers in Kalat.", encoding="utf-8"
    )
    (folder / "14-breaks.txt").write_text(_STORY + " BREAKS", encoding="utf-8")
    # scripts/fuzz.py's finds: a JSON number int() refuses (4,301 digits), a feed whose <link>
    # closes twice (feedparser's KeyError)
    (folder / "15-long-number.jsonl").write_text(
        '{"id": "n", "published": ' + "9" * 4301 + ', "text": "x"}\n', encoding="ascii"
    )
    (folder / "16-broken.rss").write_text(
        '<rss version="2.0"><channel><item><link>a</x></item></link></item></channel></rss>',
        encoding="utf-8",
    )
    stored = 1 + 2 + len(CRASHERS) + (len(CRASHERS) - 1) + 1 + 1
    bad = ["03-empty.txt", "04-binary.txt", "05-malformed.jsonl", "14-breaks.txt"]
    return stored, [*bad, "15-long-number.jsonl", "16-broken.rss"]


def test_a_mixed_directory_stores_every_good_file_and_names_each_bad_one(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_on("BREAKS", monkeypatch)
    stored, bad = _mixed_directory(tmp_path / "in")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db_url])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad), errors
    for name, line in zip(bad, errors, strict=True):
        assert str(tmp_path / "in" / name) in line
    assert f"{stored} new, 0 already stored, {len(bad)} failed" in result.stderr
    with Store.open(db_url) as store:
        assert store.row_counts()["articles"] == stored
    again = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db_url])
    assert f"0 new, {stored} already stored, {len(bad)} failed" in again.stderr


def test_extract_reports_an_unexpected_failure_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_on("BREAKS", monkeypatch)
    (tmp_path / "a.txt").write_text(_STORY + " BREAKS", encoding="utf-8")
    (tmp_path / "b.txt").write_text(_STORY, encoding="utf-8")
    error, record = extract_records([tmp_path])
    assert isinstance(error, InputError) and str(tmp_path / "a.txt") in str(error)
    assert isinstance(record, ArticleRecord)
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize(
    "error",
    [
        InputError("feed.xml", "malformed feed"),
        InputError("reports.jsonl", "invalid JSON", line=7),
        UnexpectedError("POST /articles: article a1", "extracting its events failed unexpectedly"),
    ],
    ids=["input", "input-with-line", "unexpected"],
)
def test_an_input_error_crosses_process_boundaries_whole(error: InputError) -> None:
    """The API's workers raise these back to the server: class, message and parts survive."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (str(copy), copy.source, copy.reason, copy.line) == (
        str(error),
        error.source,
        error.reason,
        error.line,
    )

"""Reading reports: formats, metadata, stable ids, and one clear error per bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from sitrep.config import InputOptions
from sitrep.errors import InputError, UnexpectedError
from sitrep.ingest import article_id, content_hash, read_inputs, split_headline
from sitrep.models import Article

STORY = "KABUL, Afghanistan — Two guards were killed on Monday, police said.\n"


def _read(paths: list[str | Path], **options: object) -> list[Article | InputError]:
    return list(read_inputs(paths, InputOptions(**options)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "headline", "body_start"),
    [
        ("Blast kills two in Kabul\n" + STORY, "Blast kills two in Kabul", "KABUL"),
        ("Blast kills two in Kabul\n\n\n" + STORY, "Blast kills two in Kabul", "KABUL"),
        (STORY + "More text follows here.", None, "KABUL"),
        ("One line only, no headline", None, "One line"),
        ("Police said two guards were killed.\nMore.", None, "Police"),
        ("x" * 250 + "\n" + STORY, None, "xxx"),
    ],
    ids=[
        "headline",
        "blank-lines-after",
        "dateline-first",
        "single-line",
        "sentence-first",
        "too-long",
    ],
)
def test_split_headline(raw: str, headline: str | None, body_start: str) -> None:
    found, body = split_headline(raw)
    assert found == headline
    assert body.startswith(body_start)


def test_text_file_with_options(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Blast kills two in Kabul\n" + STORY, encoding="utf-8")
    (article,) = _read([path], published=dt.date(2026, 1, 31), url="https://example.org/x")
    assert isinstance(article, Article)
    assert article.title == "Blast kills two in Kabul"
    assert article.published == dt.date(2026, 1, 31)
    assert article.text == STORY
    assert article.id == article_id("https://example.org/x", STORY)


def test_title_option_wins_over_headline(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Blast kills two in Kabul\n" + STORY, encoding="utf-8")
    (article,) = _read([path], title="Given title")
    assert isinstance(article, Article)
    assert article.title == "Given title"


def test_ids_are_stable_and_content_hash_ignores_wrapping() -> None:
    assert article_id(None, STORY) == article_id(None, STORY)
    assert article_id("https://a.example/1", STORY) != article_id("https://a.example/2", STORY)
    assert content_hash("two  guards\nkilled") == content_hash("two guards killed")


def test_html_page_metadata_and_boilerplate(examples_dir: Path) -> None:
    (article,) = _read([examples_dir / "cabo-delgado-raid.html"])
    assert isinstance(article, Article)
    assert article.published == dt.date(2026, 6, 23)
    assert article.title and "Cabo Delgado" in article.title
    assert article.text.startswith("PEMBA, Mozambique")
    assert "cookies" not in article.text
    assert article.source == "Sitrep Wire"


def test_jsonl_lines_keep_their_ids(examples_dir: Path) -> None:
    articles = _read([examples_dir / "wire-reports.jsonl"])
    assert [a.id for a in articles if isinstance(a, Article)] == [
        "sw-2026-0204-mali",
        "sw-2026-0815-somalia",
        "sw-2026-1007-myanmar",
    ]


def test_directory_is_read_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(STORY.replace("Two", "Three"), encoding="utf-8")
    (tmp_path / "one.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a report", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(STORY.replace("Two", "Four"), encoding="utf-8")
    found = _read([tmp_path])
    assert [Path(str(a.source)).name for a in found if isinstance(a, Article)] == [
        "two.txt",
        "one.txt",
    ]


def test_standard_input() -> None:
    stream = io.BytesIO(("Blast kills two\n" + STORY).encode())
    (article,) = list(read_inputs(["-"], InputOptions(published=dt.date(2026, 2, 2)), stream))
    assert isinstance(article, Article)
    assert article.title == "Blast kills two"
    assert article.published == dt.date(2026, 2, 2)


def test_utf8_bom_and_utf16_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    (tmp_path / "wide.txt").write_bytes(STORY.encode("utf-16"))
    texts = [a.text for a in _read([tmp_path]) if isinstance(a, Article)]
    assert texts == [STORY, STORY]


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n\t ", "empty"),
    ("latin1.txt", "Deux gardes tués à Kaboul.".encode("latin-1"), "not valid UTF-8"),
    (
        "page.html",
        b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
        "no article text",
    ),
    ("data.csv", b"a,b\n1,2\n", "unsupported file type .csv"),
    ("binary.jsonl", b"\x00\x01\x02{}", "binary"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), BAD_INPUTS, ids=[name for name, _, _ in BAD_INPUTS]
)
def test_bad_input_gives_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (error,) = _read([path])
    assert isinstance(error, InputError)
    assert str(error).startswith(str(path) + ":")
    assert message in str(error)
    assert "\n" not in str(error)


def test_missing_file(tmp_path: Path) -> None:
    (error,) = _read([tmp_path / "nope.txt"])
    assert isinstance(error, InputError)
    assert str(error) == f"{tmp_path / 'nope.txt'}: no such file"


def test_huge_file_is_refused_with_the_cap_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Militants attacked a post. " * (50 * 1024 * 1024 // 27 + 1))
    (error,) = _read([path])
    assert isinstance(error, InputError)
    assert "over the 10,000,000-byte cap" in str(error)
    (error,) = _read([path], max_bytes=1000)
    assert "over the 1,000-byte cap" in str(error)


def test_malformed_jsonl_line_is_reported_and_others_go_on(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    good = {"id": "g1", "title": "t", "published": "2026-03-01", "text": STORY}
    lines = [
        json.dumps(good),
        '{"id": "broken", "text": ',
        json.dumps({"id": "g2", "text": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "g3", "text": STORY, "published": "last week"}),
        "",
        json.dumps(good | {"id": "g4"}),
        # found by scripts/fuzz.py: int() refuses 4,301 digits with a ValueError, not a
        # JSONDecodeError; nesting thousands deep exhausts the recursion limit
        '{"id": "long", "published": ' + "9" * 4301 + ', "text": "x"}',
        "[" * 100_000 + "]" * 100_000,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _read([path])
    assert [a.id for a in results if isinstance(a, Article)] == ["g1", "g4"]
    errors = [str(e) for e in results if isinstance(e, InputError)]
    assert errors[0].startswith(f"{path}:2: invalid JSON")
    assert errors[1].startswith(f"{path}:3: ") and "text" in errors[1]
    assert errors[2].startswith(f"{path}:4: ") and "object" in errors[2]
    assert errors[3].startswith(f"{path}:5: published must be a date")
    assert errors[4] == f"{path}:8: invalid JSON (a number too long to read)"
    assert errors[5] == f"{path}:9: invalid JSON (nested too deeply)"
    assert not any(isinstance(e, UnexpectedError) for e in results)


def test_mixed_directory_yields_good_and_bad(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x00" * 64)
    results = _read([tmp_path])
    assert sum(isinstance(r, Article) for r in results) == 1
    assert sorted(Path(e.source).name for e in results if isinstance(e, InputError)) == [
        "binary.html",
        "empty.txt",
    ]


# -- text normalised once at ingest (issue 15) ---------------------------------------------------

_TOLL = "A bomb killed five people in Quetta on Monday, police said."
NORMALISED = [
    ("lone-surrogate", _TOLL + " \\ud800 Officials", _TOLL + " \ufffd Officials"),
    ("nul-escape", _TOLL + "\\u0000 More", _TOLL + " More"),
    ("surrogate-pair-kept", _TOLL + " \\ud83d\\ude00", _TOLL + " \U0001f600"),
]


@pytest.mark.parametrize(
    ("escaped", "stored"), [row[1:] for row in NORMALISED], ids=[row[0] for row in NORMALISED]
)
def test_jsonl_text_is_normalised_once_before_it_gets_an_id(
    tmp_path: Path, escaped: str, stored: str
) -> None:
    """A lone surrogate used to raise UnicodeEncodeError in ingest/identity.py; NUL is refused
    by PostgreSQL but kept by SQLite. Both now follow one rule: NUL removed, U+FFFD instead of
    a lone surrogate."""
    path = tmp_path / "batch.jsonl"
    path.write_text(f'{{"text": "{escaped}", "title": "T\\u0000\\udfff"}}\n', encoding="ascii")
    (article,) = _read([path])
    assert isinstance(article, Article), article
    assert article.text == stored
    assert article.title == "T\ufffd"
    assert article.id == article_id(None, stored)


def test_a_nul_after_the_binary_sniff_is_removed_from_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes((STORY * 200).encode() + b"\x00" + STORY.encode())
    (article,) = _read([path])
    assert isinstance(article, Article), article
    assert "\x00" not in article.text and article.text.endswith(STORY)


@pytest.mark.parametrize("published", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_publication_date_outside_the_supported_range_is_refused(
    tmp_path: Path, published: str
) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": STORY, "published": published}) + "\n")
    (error,) = _read([path])
    assert isinstance(error, InputError) and error.line == 1
    assert "outside the dates sitrep reads" in str(error)

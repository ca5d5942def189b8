"""Running the pipeline over an annotated file and scoring it: what ``sitrep eval`` does.

The prediction side sees only what a report would bring in from outside (id, URL, title,
publication date, text): each gold line is turned into an :class:`~sitrep.models.Article`
before the pipeline runs, so no annotation can leak into the extraction it is meant to judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from sitrep.errors import InputError
from sitrep.evaluate.score import EvalReport, GoldArticle, score_articles
from sitrep.geo import Gazetteer, load_gazetteer
from sitrep.models import Article
from sitrep.pipeline import process_article

__all__ = ["evaluate_file", "evaluate_files", "read_gold_articles", "report_of"]


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where + ': ' if where else ''}{error['msg']}{more}"


def read_gold_articles(path: Path) -> list[GoldArticle]:
    """The annotated articles of a JSONL file, one a line (blank lines are skipped).

    Raises:
        InputError: the file cannot be read, or a line is not JSON or not a gold article; the
            error names the line, so the annotation can be fixed.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text") from exc
    articles = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            articles.append(GoldArticle.model_validate_json(line))
        except ValidationError as exc:
            raise InputError(path, f"not a gold article: {_first_error(exc)}", number) from exc
    return articles


def report_of(gold: GoldArticle, source: str | None = None) -> Article:
    """The report as the pipeline would receive it: metadata and text, no annotations."""
    return Article(
        id=gold.id,
        url=gold.url,
        title=gold.title,
        published=gold.published,
        source=source,
        text=gold.text,
    )


def evaluate_file(path: Path, gazetteer: Gazetteer | None = None) -> EvalReport:
    """Extract events from every annotated report in ``path`` and score them against the gold.

    Args:
        path: A JSONL file in the gold format (``shared/eval/FORMAT.md``).
        gazetteer: The places to resolve against; the default one is loaded once otherwise.

    Raises:
        InputError: a line of ``path`` cannot be read (see :func:`read_gold_articles`).
    """
    return evaluate_files([path], gazetteer)


def evaluate_files(paths: Sequence[Path], gazetteer: Gazetteer | None = None) -> EvalReport:
    """:func:`evaluate_file` over several files, scored as one (micro-averaged)."""
    places = gazetteer or load_gazetteer()
    pairs = [
        (gold, process_article(report_of(gold, str(path)), places))
        for path in paths
        for gold in read_gold_articles(path)
    ]
    return score_articles(pairs)

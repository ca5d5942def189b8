#!/usr/bin/env python3.11
"""Benchmark storing: articles per second into SQLite and PostgreSQL, merging included.

    .venv/bin/python scripts/bench_ingest.py [GOLD_OR_JSONL] [--n 500] [--json]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

The articles are those of a JSONL file (the dev set by default) repeated until there are ``--n``,
each copy with its own id, URL and a marker line so that none is taken for an article already
stored. Every copy reports the same incidents as its original, so each save merges with the
copies stored before it: this is the heavy case for merging, where components keep growing.

Two modes per database, each into a fresh database:
- ``with extraction``: extract (the whole pipeline) and store each article, as ``sitrep ingest``;
- ``store only``: the records are extracted beforehand and only ``Store.save`` is timed.

PostgreSQL runs against a scratch database created (and dropped) through the ``--postgres``
admin URL; without a server that part is reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from sitrep.geo import load_gazetteer
from sitrep.models import Article, ArticleRecord
from sitrep.pipeline import process_article
from sitrep.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = Path("/work/shared/eval/dev.jsonl")


def articles(path: Path, n: int) -> list[Article]:
    """``n`` distinct articles made of the file's articles repeated."""
    originals = [
        Article(
            id=data["id"],
            url=data.get("url"),
            title=data.get("title"),
            published=data.get("published"),
            text=data["text"],
        )
        for data in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]
    made = []
    for number in range(n):
        original = originals[number % len(originals)]
        copy = number // len(originals)
        made.append(
            original.model_copy(
                update={
                    "id": f"{original.id}-copy{copy}",
                    "url": f"https://copy{copy}.example/{original.id}",
                    "text": f"{original.text}\n\n(Copy {copy}.)",
                }
            )
        )
    return made


def timed(url: str, save: Callable[[Store], int]) -> dict[str, float]:
    with Store.open(url) as store:
        start = time.perf_counter()
        count = save(store)
        seconds = time.perf_counter() - start
        events = len(store.events())
    return {
        "articles": count,
        "seconds": round(seconds, 2),
        "articles_per_second": round(count / seconds, 1),
        "stored_events": events,
    }


def run(admin_url: str, items: list[Article], records: list[ArticleRecord]) -> dict[str, object]:
    """Both modes, each into a fresh database of the kind ``admin_url`` names."""
    gazetteer = load_gazetteer()

    def with_extraction(store: Store) -> int:
        for article in items:
            store.save(process_article(article, gazetteer))
        return len(items)

    def store_only(store: Store) -> int:
        for record in records:
            store.save(record)
        return len(records)

    results: dict[str, object] = {}
    for mode, job in (("with extraction", with_extraction), ("store only", store_only)):
        with fresh_database(admin_url) as url:
            results[mode] = timed(url, job)
    return results


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty database of the same kind as ``admin_url``, removed afterwards."""
    if admin_url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    name = f"sitrep_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    items = articles(options.input, options.n)
    gazetteer = load_gazetteer()
    records = [process_article(article, gazetteer) for article in items]
    results: dict[str, object] = {"sqlite": run("sqlite:///", items, records)}
    try:
        psycopg.connect(options.postgres, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        results["postgresql"] = f"skipped: {str(exc).splitlines()[0]}"
    else:
        results["postgresql"] = run(options.postgres, items, records)
    if options.json:
        print(json.dumps(results))
        return
    for database, figures in results.items():
        print(database, json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

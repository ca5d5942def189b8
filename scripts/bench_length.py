#!/usr/bin/env python3.11
"""Benchmark how extraction time grows with an article's length: seconds per 100 KB.

    .venv/bin/python scripts/bench_length.py [--sizes 10,20,50,100,200,500,1000,2000] [--json]

Each article is the sample reports of examples/ laid end to end (paragraphs of real reports, so
sentences, places and tolls are as dense as in news) and cut to the size asked for, in KB. A
flat seconds-per-100-KB column means time linear in the length; a growing one is a quadratic
step somewhere in the pipeline.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sitrep.geo import load_gazetteer
from sitrep.ingest import read_inputs
from sitrep.models import Article
from sitrep.pipeline import process_article

ROOT = Path(__file__).resolve().parent.parent


def _corpus() -> tuple[str, object]:
    reports = [item for item in read_inputs([ROOT / "examples"]) if isinstance(item, Article)]
    return "\n\n".join(report.text for report in reports), reports[0].published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,50,100,200,500,1000,2000", help="sizes in KB")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    args = parser.parse_args()
    gazetteer = load_gazetteer()
    corpus, published = _corpus()
    process_article(Article(id="warm-up", text=corpus[:5000], published=published), gazetteer)
    for size in (int(value) for value in args.sizes.split(",")):
        chars = size * 1000
        text = (corpus * (chars // len(corpus) + 1))[:chars]
        article = Article(id=f"length-{size}", text=text, published=published)
        started = time.perf_counter()
        record = process_article(article, gazetteer)
        seconds = time.perf_counter() - started
        row = {
            "kb": size,
            "seconds": round(seconds, 2),
            "seconds_per_100kb": round(seconds * 100 / size, 2),
            "events": len(record.events),
        }
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            print(
                f"{size:>6} KB  {seconds:7.2f} s  {row['seconds_per_100kb']:6.2f} s/100 KB  "
                f"{len(record.events)} events",
                flush=True,
            )


if __name__ == "__main__":
    main()

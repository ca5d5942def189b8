#!/usr/bin/env python3.11
"""Benchmark the places stage: gazetteer load time and memory, places resolved per second.

    .venv/bin/python scripts/bench_geo.py [--rounds N] [--corpus LGL.jsonl] [--json]

Texts are the test table's sentences (tests/fixtures/geo_sentences.csv) and the sample reports in
examples/; each round recognises and resolves every place they name, in article context, as the
pipeline does (the rules find the names, the ranker chooses their readings). Then the names of
tests/fixtures/place_names.csv (or of ``--corpus``, a geoparsing corpus) are resolved given their
spans, as ``sitrep places --spans`` does: names per second, the article's context included.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import time
from pathlib import Path

from sitrep.evaluate.toponyms import read_toponym_corpus
from sitrep.geo import load_gazetteer
from sitrep.geo.toponyms import placed_mentions, resolve_names
from sitrep.ingest import read_inputs
from sitrep.models import Article

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--corpus", type=Path, help="a geoparsing corpus to resolve by span")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    texts = [
        row["sentence"]
        for row in csv.DictReader((ROOT / "tests/fixtures/geo_sentences.csv").open())
    ]
    texts += [a.text for a in read_inputs([ROOT / "examples"]) if isinstance(a, Article)]

    before = _rss_mb()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    load_s = time.perf_counter() - started
    gazetteer_mb = _rss_mb() - before

    places = 0
    started = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            places += len(placed_mentions(text, gazetteer)[1])
    elapsed = time.perf_counter() - started

    if args.corpus is not None:
        given = [
            (a.text, [(t.start, t.end) for t in a.toponyms])
            for a in read_toponym_corpus(args.corpus, gazetteer)
        ]
    else:
        given = []
        for row in csv.DictReader((ROOT / "tests/fixtures/place_names.csv").open()):
            start = -1
            for _ in range(int(row["occurrence"])):
                start = row["text"].index(row["name"], start + 1)
            given.append((row["text"], [(start, start + len(row["name"]))]))
    names = 0
    resolving = time.perf_counter()
    for text, spans in given:
        names += len(resolve_names(text, spans, gazetteer))
    resolve_s = time.perf_counter() - resolving
    figures = {
        "gazetteer_places": gazetteer.size,
        "gazetteer_names": len(gazetteer),
        "load_s": round(load_s, 3),
        "gazetteer_mb": round(gazetteer_mb, 1),
        "rss_mb": round(_rss_mb(), 1),
        "places_resolved": places,
        "places_per_s": round(places / elapsed, 1),
        "ms_per_place": round(1000 * elapsed / max(places, 1), 3),
        "names_given": names,
        "names_per_s": round(names / resolve_s, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:18} {value}")


if __name__ == "__main__":
    main()

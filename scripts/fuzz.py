#!/usr/bin/env python3.11
"""Fuzz every reader and ``process_article`` with mutated reports: no input may crash sitrep.

    .venv/bin/python scripts/fuzz.py [--cases 100000] [--seed 0] [--workers 2] [--json]

Each case takes a window of one of the sample reports in examples/ and mutates it (characters
inserted, deleted, repeated or swapped; the inputs that once crashed sitrep spliced in: 4,301
digits, "nearly" and 310 digits, a lone surrogate, NUL, an ideographic space with a control
character, "1000000 days ago"), then writes it as one input kind — a .txt report, an HTML page,
a JSONL line, an RSS feed whose entry's page is the mutated report, a WARC or .warc.gz record, or
raw bytes in an unknown encoding — reads it as ``sitrep extract`` does, and extracts every
article read.

A crash is an exception that escapes, or an :class:`~sitrep.errors.UnexpectedError` (the
isolation that keeps a run going caught a bug). A clear :class:`~sitrep.errors.InputError` is
the right answer to a bad input and is not a crash. The script prints the crashes (with the
case's seed to replay it: ``--replay SEED``), the slowest case (a case over a second is timed
again, so a worker's one-time warm-up is not charged to it) and the case count per second; it
exits 1 on any crash or any case over ``--limit`` seconds (default 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import multiprocessing
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KINDS = ("txt", "html", "jsonl", "rss", "warc", "warc.gz", "bytes")

REPRODUCERS = (
    "9" * 4301,
    "nearly " + "9" * 310,
    "\ud800",
    "\x00",
    "\u3000\x07",
    "1000000 days ago",
    "one hundred and " * 40,
    "U.S. " * 40,
    "The " + "Tehrik Taliban " * 30 + "claimed responsibility",
    "killed 9" + "0" * 20 + " people",
)
"""The inputs that crashed or stalled sitrep (issue 15), spliced into mutated reports."""

_NOISE = (
    "\ufeff",
    "\u202e",
    "\r",
    "\r\n\r\n",
    "\t",
    "\u2028",
    "🙂",
    "<p>",
    "</article>",
    "]]>",
    "&amp;",
    '"',
    "“",
    "—",
    " killed ",
    " dozens of ",
    " at least ",
    " claimed responsibility ",
    " on Monday ",
    " in Quetta ",
    "12",
    "-",
    ".",
)


def _samples() -> list[str]:
    """The texts of the sample reports (the JSONL lines' texts one by one)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.html"))]
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    return texts


@dataclass(frozen=True)
class Case:
    """One fuzzed input: its kind, its file name and its bytes, and the seed that made it."""

    seed: int
    kind: str
    name: str
    data: bytes


def mutate(rng: random.Random, text: str) -> str:
    """A window of ``text`` with one to five edits, a reproducer spliced in one case in three."""
    start = rng.randrange(len(text))
    text = text[start : start + rng.choice((200, 800, 3000))] or text[:200]
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(text) + 1)
        edit = rng.randrange(6)
        if edit == 0:
            text = text[:at] + rng.choice(_NOISE) + text[at:]
        elif edit == 1:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        elif edit == 2:
            piece = text[at : at + rng.randint(1, 30)]
            text = text[:at] + piece * rng.randint(2, 20) + text[at:]
        elif edit == 3 and len(text) > 2:
            other = rng.randrange(len(text))
            chars = list(text)
            chars[min(at, len(text) - 1)], chars[other] = (
                chars[other],
                chars[min(at, len(text) - 1)],
            )
            text = "".join(chars)
        elif edit == 4:
            text = (
                text[:at]
                + chr(rng.choice((rng.randrange(32), rng.randrange(0x110000))))
                + text[at:]
            )
        else:
            text = text.upper() if rng.random() < 0.5 else text.lower()
    if rng.random() < 1 / 3:
        at = rng.randrange(len(text) + 1)
        text = text[:at] + " " + rng.choice(REPRODUCERS) + " " + text[at:]
    return text


def _encode(rng: random.Random, text: str) -> bytes:
    """Mostly UTF-8; sometimes another encoding, a BOM, or a few bytes flipped."""
    choice = rng.randrange(8)
    if choice == 0:
        data = text.encode("utf-16", errors="surrogatepass")
    elif choice == 1:
        data = text.encode("latin-1", errors="replace")
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.2 and data:
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        data = bytes(flipped)
    return data


def _html(text: str, title: str) -> str:
    paragraphs = "".join(f"<p>{part}</p>" for part in text.split("\n") if part.strip())
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        '<meta name="date" content="2026-05-21"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def _warc(pages: list[bytes], gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=gzipped)
    for number, page in enumerate(pages):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://wire.example/page-{number}",
            "response",
            payload=io.BytesIO(page),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2026-05-21T06:00:00Z"},
        )
        writer.write_record(record)
    return stream.getvalue()


def make_case(seed: int, samples: list[str]) -> Case:
    """The case ``seed`` stands for: the same bytes on every run and machine."""
    rng = random.Random(seed)
    kind = KINDS[seed % len(KINDS)]
    text = mutate(rng, rng.choice(samples))
    title = mutate(rng, rng.choice(samples))[:120]
    if kind == "txt":
        return Case(seed, kind, "case.txt", _encode(rng, f"{title}\n\n{text}"))
    if kind == "html":
        return Case(seed, kind, "case.html", _encode(rng, _html(text, title)))
    if kind == "jsonl":
        line: dict[str, Any] = {"id": f"fuzz-{seed}", "title": title, "text": text}
        if rng.random() < 0.7:
            line["published"] = rng.choice(("2026-05-21", "1899-12-31", "2026-13-01", "", 7))
        raw = json.dumps(line, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.3:
            raw = mutate(rng, raw)  # malformed JSON, or valid JSON of the wrong shape
        return Case(seed, kind, "case.jsonl", _encode(rng, raw + "\n" + raw))
    if kind == "rss":
        item = f"<item><title>{title}</title><link>https://wire.example/a</link></item>"
        channel = f"<channel><title>Wire</title>{item}</channel>"
        feed = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
        if rng.random() < 0.3:
            feed = mutate(rng, feed)
        page = _encode(rng, _html(text, title))
        return Case(seed, kind, "case.rss", _encode(rng, feed) + b"\0PAGE\0" + page)
    if kind in ("warc", "warc.gz"):
        pages = [_encode(rng, _html(mutate(rng, rng.choice(samples)), title)) for _ in range(2)]
        data = _warc(pages, gzipped=kind == "warc.gz")
        if rng.random() < 0.5:
            data = data[: rng.randrange(1, len(data) + 1)]
        elif rng.random() < 0.5:
            flipped = bytearray(data)
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            data = bytes(flipped)
        return Case(seed, kind, f"case.{kind}", data)
    raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 600)))
    return Case(seed, kind, rng.choice(("case.txt", "case.html", "case.jsonl")), raw)


class _PageFetcher:
    """Stands in for the network: every feed entry's link answers with the case's page."""

    def __init__(self, page: bytes) -> None:
        self.page = page

    def get(self, url: str, accept: str = "*/*") -> Any:
        from sitrep.ingest.fetch import Fetched

        return Fetched(url, url, "text/html; charset=utf-8", self.page)


def read_case(case: Case, workdir: Path) -> Iterator[Any]:
    """What reading the case yields: Articles and InputErrors (raises what escapes)."""
    from sitrep.config import InputOptions
    from sitrep.errors import InputError
    from sitrep.ingest import read_inputs
    from sitrep.ingest.feeds import parse_feed, read_feed

    options = InputOptions(published=dt.date(2026, 5, 21))
    if case.kind == "rss":
        feed, _, page = case.data.partition(b"\0PAGE\0")
        try:
            entries = parse_feed(feed, case.name)
        except InputError as error:
            yield error
            return
        yield from read_feed(entries, case.name, _PageFetcher(page), options)  # type: ignore[arg-type]
        return
    path = workdir / case.name
    path.write_bytes(case.data)
    yield from read_inputs([path], options)


def run_case(case: Case, workdir: Path, gazetteer: Any) -> tuple[str | None, float]:
    """The crash the case causes (None when it is read and extracted, or refused cleanly), and
    the seconds it took."""
    from sitrep.errors import InputError, UnexpectedError
    from sitrep.models import Article
    from sitrep.pipeline import process_article

    started = time.perf_counter()
    try:
        for item in read_case(case, workdir):
            if isinstance(item, UnexpectedError):
                return f"UnexpectedError: {item}", time.perf_counter() - started
            if isinstance(item, Article):
                process_article(item, gazetteer).model_dump_json()
            elif not isinstance(item, InputError):
                return f"unexpected item {type(item).__name__}", time.perf_counter() - started
    except InputError:
        pass  # a whole input refused with a clear error (a damaged archive, a binary file)
    except Exception:
        crash = traceback.format_exc().strip().splitlines()
        return f"{crash[-1]} at {crash[-3].strip()}", time.perf_counter() - started
    return None, time.perf_counter() - started


_WORKER: dict[str, Any] = {}


def _init_worker() -> None:
    import logging

    from sitrep.geo import load_gazetteer

    logging.disable(logging.CRITICAL)  # the warnings of refused inputs are the expected answer
    _WORKER["gazetteer"] = load_gazetteer()
    _WORKER["samples"] = _samples()
    _WORKER["dir"] = Path(tempfile.mkdtemp(prefix="sitrep-fuzz-"))


_RERUN_OVER = 1.0
"""A case slower than this runs again and its second time counts: the first page whose date
needs dateparser, say, compiles its locales' patterns once per process (about 2 s), a cost of
the worker's warm-up, not of the case. A case slow twice is slow."""


def _work(seed: int) -> tuple[int, str, str | None, float]:
    case = make_case(seed, _WORKER["samples"])
    crash, seconds = run_case(case, _WORKER["dir"], _WORKER["gazetteer"])
    if crash is None and seconds > _RERUN_OVER:
        crash, seconds = run_case(case, _WORKER["dir"], _WORKER["gazetteer"])
    return seed, case.kind, crash, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0, help="the first case's seed")
    parser.add_argument("--workers", type=int, default=max(1, (multiprocessing.cpu_count())))
    parser.add_argument("--limit", type=float, default=2.0, help="seconds a case may take")
    parser.add_argument("--replay", type=int, help="run the one case with this seed, verbosely")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    if args.replay is not None:
        _init_worker()
        case = make_case(args.replay, _WORKER["samples"])
        print(f"kind {case.kind}, {len(case.data):,} bytes: {case.data[:300]!r}")
        print(run_case(case, _WORKER["dir"], _WORKER["gazetteer"]))
        return
    seeds = range(args.seed, args.seed + args.cases)
    crashes: list[tuple[int, str, str]] = []
    slowest = (0.0, -1, "")
    started = time.perf_counter()
    with multiprocessing.Pool(args.workers, initializer=_init_worker) as pool:
        for done, (seed, kind, crash, seconds) in enumerate(
            pool.imap_unordered(_work, seeds, chunksize=20), start=1
        ):
            if crash is not None:
                crashes.append((seed, kind, crash))
                print(f"crash: seed {seed} ({kind}): {crash}", file=sys.stderr, flush=True)
            slowest = max(slowest, (seconds, seed, kind))
            if done % 5000 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"{done:,} cases, {len(crashes)} crashes, {rate:.0f}/s", file=sys.stderr)
    elapsed = time.perf_counter() - started
    summary = {
        "cases": args.cases,
        "crashes": len(crashes),
        "signatures": sorted({crash for _, _, crash in crashes}),
        "slowest_seconds": round(slowest[0], 3),
        "slowest_seed": slowest[1],
        "slowest_kind": slowest[2],
        "cases_per_second": round(args.cases / elapsed, 1),
        "workers": args.workers,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        for key, value in summary.items():
            print(f"{key}: {value}")
    sys.exit(1 if crashes or slowest[0] > args.limit else 0)


if __name__ == "__main__":
    main()

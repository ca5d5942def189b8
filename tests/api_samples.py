"""Hand-made records for the API and dashboard tests: a campaign and a report with a script tag.

The campaign has a parent, two incidents with coordinates, a background raid and an undated
event, which the sample reports in ``examples/`` lack; the other report's headline and text carry
a ``<script>`` tag that every page must show as text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.models import Article, ArticleRecord, Event, Evidence, Fatalities, Figure
from sitrep.pipeline import extract_records
from sitrep.store import stored_event_id

SCRIPT = '<script>alert("owned")</script>'
CAMPAIGN_TEXT = (
    "QUETTA, Pakistan — Militants attacked police posts in two towns on Saturday. "
    "Two police officers were killed in Quetta, police official Ali Khan said. "
    "In Turbat, three civilians died. Raids on a hideout earlier in the week killed four "
    "insurgents. A later clash somewhere in the province left one soldier dead."
)
SCRIPT_TEXT = (
    f"KANO, Nigeria — Gunmen killed two villagers near Kano on Friday. {SCRIPT} "
    "The attackers fled on motorcycles, police said."
)


def _span(text: str, phrase: str, field: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(start=start, end=start + len(phrase), text=phrase, field=field)


def campaign_record() -> ArticleRecord:
    text = CAMPAIGN_TEXT
    return ArticleRecord(
        article=Article(
            id="campaign-1",
            url="https://example.org/quetta-wave",
            title="Militants attack police posts in two Balochistan towns",
            published=dt.date(2026, 1, 31),
            source="test",
            text=text,
        ),
        events=[
            Event(
                id="e1",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=dt.date(2026, 1, 31),
                date_precision=1,
                country="PK",
                admin1="Balochistan",
                actor1="Baloch Liberation Army",
                actor2="Police Forces of Pakistan",
                fatalities=Fatalities(security_forces=Figure.exact(2), civilians=Figure.exact(3)),
                evidence=[_span(text, "Militants attacked police posts in two towns", "event")],
            ),
            Event(
                id="e2",
                parent="e1",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=dt.date(2026, 1, 31),
                date_precision=1,
                country="PK",
                admin1="Balochistan",
                location="Quetta",
                latitude=30.199,
                longitude=67.01,
                geo_precision=1,
                actor1="Baloch Liberation Army",
                actor2="Police Forces of Pakistan",
                fatalities=Fatalities(security_forces=Figure.exact(2)),
                evidence=[_span(text, "Two police officers were killed in Quetta", "fatalities")],
            ),
            Event(
                id="e3",
                parent="e1",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                date=dt.date(2026, 1, 31),
                date_precision=1,
                country="PK",
                admin1="Balochistan",
                location="Turbat",
                latitude=26.0,
                longitude=63.05,
                geo_precision=1,
                actor1="Baloch Liberation Army",
                actor2="Civilians (Pakistan)",
                fatalities=Fatalities(civilians=Figure.exact(3)),
                evidence=[_span(text, "In Turbat, three civilians died", "fatalities")],
            ),
            Event(
                id="e4",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=dt.date(2026, 1, 27),
                date_precision=2,
                country="PK",
                admin1="Balochistan",
                background=True,
                actor1="Military Forces of Pakistan",
                actor2="Baloch Liberation Army",
                fatalities=Fatalities(militants=Figure.exact(4)),
            ),
            Event(
                id="e5",
                event_type="Battles",
                sub_event_type="Armed clash",
                date=None,
                country="PK",
                admin1="Balochistan",
                fatalities=Fatalities(security_forces=Figure.exact(1)),
            ),
        ],
    )


def script_record() -> ArticleRecord:
    return ArticleRecord(
        article=Article(
            id="script-1",
            url="https://example.org/kano",
            title=f"Gunmen kill two near Kano {SCRIPT}",
            published=dt.date(2026, 4, 3),
            source="test",
            text=SCRIPT_TEXT,
        ),
        events=[
            Event(
                id="e1",
                event_type="Violence against civilians",
                sub_event_type="Attack",
                date=dt.date(2026, 4, 3),
                date_precision=1,
                country="NG",
                admin1="Kano",
                location="Kano",
                latitude=12.0,
                longitude=8.52,
                geo_precision=2,
                actor1="Unidentified Armed Group (Nigeria)",
                actor2="Civilians (Nigeria)",
                fatalities=Fatalities(civilians=Figure.exact(2)),
                evidence=[_span(SCRIPT_TEXT, f"villagers near Kano on Friday. {SCRIPT}", "event")],
            )
        ],
    )


CAMPAIGN = stored_event_id("campaign-1", "e1")
QUETTA = stored_event_id("campaign-1", "e2")
TURBAT = stored_event_id("campaign-1", "e3")
BACKGROUND = stored_event_id("campaign-1", "e4")
UNDATED = stored_event_id("campaign-1", "e5")
KANO = stored_event_id("script-1", "e1")


def sample_records(examples_dir: Path) -> list[ArticleRecord]:
    """The sample reports as extracted, then the two hand-made records."""
    records = [item for item in extract_records([examples_dir]) if isinstance(item, ArticleRecord)]
    return [*records, campaign_record(), script_record()]

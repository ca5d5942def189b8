"""The benchmark's synthetic database (issue 7) is a database sitrep itself reads back whole."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from sitrep.store import EventFilter, Store
from sitrep.store.queries import event_page, event_stats

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_synthetic_database_holds_valid_events_and_campaigns(sqlite_url: str) -> None:
    made = _script("make_synthetic_db").make_database(sqlite_url, 400, seed=3)
    assert made == 400
    with Store.open(sqlite_url) as store:
        events = store.events()  # every row builds a validated Event model
        assert len(events) == 400
        parents = {event.parent for event in events if event.parent}
        assert parents and parents <= {event.id for event in events}
        assert len({event.country for event in events}) > 5
        assert all(event.latitude is not None for event in events)
        assert len(event_page(store, EventFilter(), limit=500).events) == 400
        rows = event_stats(store, EventFilter())
        assert sum(row.events for row in rows) == sum(
            1 for event in events if event.parent is None and event.date is not None
        )

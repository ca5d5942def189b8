"""Store: articles, events, figures, statements and evidence in SQLite or PostgreSQL."""

from sitrep.store.engine import DATABASE_UNAVAILABLE, normalise_url, open_engine
from sitrep.store.filters import BoundingBox, EventFilter
from sitrep.store.migrate import current_revision, downgrade, ensure_schema, head_revision, upgrade
from sitrep.store.repository import EventDetail, SaveOutcome, Store, stored_event_id

__all__ = [
    "DATABASE_UNAVAILABLE",
    "BoundingBox",
    "EventDetail",
    "EventFilter",
    "SaveOutcome",
    "Store",
    "current_revision",
    "downgrade",
    "ensure_schema",
    "head_revision",
    "normalise_url",
    "open_engine",
    "stored_event_id",
    "upgrade",
]

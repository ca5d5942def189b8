"""ACLED's event types and sub-event types, read from ``data/event_types.csv``.

One table is the single source of truth: the models validate pairings against it, and the
extractor and exports read their value sets from it.
"""

from __future__ import annotations

from functools import lru_cache

from sitrep.datafiles import read_table

__all__ = ["event_taxonomy", "event_type_of", "is_valid_pairing"]


@lru_cache(maxsize=1)
def event_taxonomy() -> dict[str, tuple[str, ...]]:
    """Map each ACLED event type to its sub-event types, in ACLED's order."""
    table: dict[str, list[str]] = {}
    rows = read_table("event_types.csv", ["event_type", "sub_event_type", "disorder_type"])
    for row in rows:
        table.setdefault(row["event_type"], []).append(row["sub_event_type"])
    return {key: tuple(values) for key, values in table.items()}


def is_valid_pairing(event_type: str, sub_event_type: str) -> bool:
    """True when ``sub_event_type`` belongs to ``event_type`` in ACLED's taxonomy."""
    return sub_event_type in event_taxonomy().get(event_type, ())


@lru_cache(maxsize=1)
def event_type_of() -> dict[str, str]:
    """Map each sub-event type to its event type (ACLED's sub-types are unique across types)."""
    return {sub: kind for kind, subs in event_taxonomy().items() for sub in subs}

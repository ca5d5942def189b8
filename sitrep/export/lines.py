"""JSON lines: the contract's own shape, one article record or one stored event per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitrep.models import ArticleRecord, Event

__all__ = ["event_json", "events_jsonl", "record_json"]


def record_json(record: ArticleRecord) -> str:
    """One ``sitrep extract`` line; sources and confidence are store notions, left out here."""
    stored_only = {"sources", "source_count", "confidence"}
    return record.model_dump_json(exclude={"events": {"__all__": stored_only}})


def event_json(event: Event) -> str:
    """One stored event with its ``sources``, ``source_count`` and ``confidence``."""
    return event.model_dump_json()


def events_jsonl(events: Iterable[Event]) -> Iterator[str]:
    """Lines for ``sitrep events --format jsonl``."""
    for event in events:
        yield event_json(event)

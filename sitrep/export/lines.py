"""JSON lines: the contract's own shape, one article record or one stored event per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitrep.models import ArticleRecord, Event

__all__ = ["event_json", "events_jsonl", "record_json"]


def record_json(record: ArticleRecord) -> str:
    """One ``sitrep extract`` line; ``sources`` is a store notion and is left out here."""
    return record.model_dump_json(exclude={"events": {"__all__": {"sources"}}})


def event_json(event: Event) -> str:
    """One stored event with its ``sources``."""
    return event.model_dump_json()


def events_jsonl(events: Iterable[Event]) -> Iterator[str]:
    """Lines for ``sitrep events --format jsonl``."""
    for event in events:
        yield event_json(event)

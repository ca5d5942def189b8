"""Folding an article's events to ACLED granularity: one per place, day, kind and actor pair."""

from __future__ import annotations

from sitrep.models import CATEGORIES, ArticleRecord, Event, Figure

__all__ = ["consolidate_events"]

_Key = tuple[object, ...]


def _granule(event: Event) -> _Key | None:
    """The ACLED identity of an event; None when it is too vague to merge safely.

    Two undated events are not known to share a day: they stay apart.
    """
    if (event.location is None and event.latitude is None) or event.date is None:
        return None
    return (
        event.parent,
        event.background,
        event.date,
        event.country,
        event.location,
        event.event_type,
        event.sub_event_type,
        event.actor1,
        event.actor2,
    )


def _larger(first: Figure | None, second: Figure | None) -> Figure | None:
    """Two sentences of one article giving a figure for one event restate it; they do not add up."""
    if first is None or second is None:
        return first or second
    return first if first.best >= second.best else second


def _fold(kept: Event, other: Event) -> Event:
    fatalities = kept.fatalities.model_copy(
        update={
            category: _larger(
                getattr(kept.fatalities, category), getattr(other.fatalities, category)
            )
            for category in CATEGORIES
        }
    )
    return kept.model_copy(
        update={
            "fatalities": fatalities,
            "fatalities_total": fatalities.total(),
            "injured": _larger(kept.injured, other.injured),
            "abducted": _larger(kept.abducted, other.abducted),
            "claimed_by": list(dict.fromkeys([*kept.claimed_by, *other.claimed_by])),
            "assoc_actors": list(dict.fromkeys([*kept.assoc_actors, *other.assoc_actors])),
            "evidence": [*kept.evidence, *other.evidence],
        }
    )


def consolidate_events(record: ArticleRecord) -> ArticleRecord:
    """Merge events of one article that share place, day, type and actors.

    Extraction works sentence by sentence, so one incident told over three sentences can come out
    as three events; ACLED codes it once. Children of other events are re-pointed to the event
    they were folded into.
    """
    kept: dict[_Key, Event] = {}
    renamed: dict[str, str] = {}
    order: list[Event] = []
    for event in record.events:
        key = _granule(event)
        if key is not None and key in kept:
            target = kept[key]
            renamed[event.id] = target.id
            merged = _fold(target, event)
            kept[key] = merged
            order[order.index(target)] = merged
            continue
        if key is not None:
            kept[key] = event
        order.append(event)
    order = _fold_unplaced(order, renamed)
    events = [
        event.model_copy(update={"parent": renamed.get(event.parent, event.parent)})
        if event.parent in renamed
        else event
        for event in order
    ]
    return record.model_copy(update={"events": events})


def _fold_unplaced(events: list[Event], renamed: dict[str, str]) -> list[Event]:
    """An event placed nowhere is the same incident as a placed one of its day and kind.

    "44 worshippers were killed when a suicide bomber struck a mosque" and, later, "the blast
    at the mosque in Peshawar" are one bombing; the first sentence simply names no place.
    """
    placed: dict[tuple[object, ...], Event] = {}
    for event in events:
        if event.location is not None:
            placed.setdefault(_kind(event), event)
    result: list[Event] = []
    folded: dict[str, Event] = {}
    for event in events:
        target = placed.get(_kind(event)) if event.location is None else None
        if target is not None and event.id not in {e.parent for e in events}:
            kept = folded.get(target.id, target)
            folded[target.id] = _fold(kept, event)
            renamed[event.id] = target.id
            continue
        result.append(event)
    return [folded.get(event.id, event) for event in result]


def _kind(event: Event) -> tuple[object, ...]:
    return (
        event.parent,
        event.background,
        event.date,
        event.event_type,
        event.sub_event_type,
    )

"""Campaigns for datasets without parents: children as they are, a parent only for what is left.

ACLED and UCDP GED have no parent events. A campaign's children go out as ordinary events; the
parent goes out only when it carries deaths the article did not allocate to any child, and then
with just those deaths (its figures less its children's), marked as a summary row. A parent
whose figures its children account for is left out, so no death is counted twice. A parent whose
children are not among the exported events (a filter left them out) goes out whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sitrep.models import CATEGORIES, Event, Fatalities, Figure, sum_figures

__all__ = ["FlatEvent", "flat_parent", "flatten_batches", "flatten_campaigns", "unallocated"]


@dataclass(frozen=True)
class FlatEvent:
    """An event as a parentless dataset gets it; ``summary`` marks a parent's unallocated rest."""

    event: Event
    summary: bool = False


def unallocated(whole: Figure | None, parts: Figure | None) -> Figure | None:
    """What of ``whole`` its ``parts`` do not account for, by interval arithmetic.

    The rest lies between ``whole.low - parts.high`` and ``whole.high - parts.low`` (never below
    zero); best is ``whole.best - parts.best``. An open-ended figure keeps the rest open-ended.
    """
    if whole is None:
        return None
    if parts is None:
        return whole
    best = max(whole.best - parts.best, 0)
    low = 0 if parts.high is None else max(whole.low - parts.high, 0)
    high = None if whole.high is None else max(whole.high - parts.low, 0)
    return Figure(best=best, low=min(low, best), high=None if high is None else max(high, best))


def flatten_campaigns(events: Iterable[Event]) -> list[FlatEvent]:
    """The events for a dataset without parents, in their given order (see the module doc)."""
    listed = list(events)
    children: dict[str, list[Event]] = defaultdict(list)
    for event in listed:
        if event.parent is not None:
            children[event.parent].append(event)
    flat: list[FlatEvent] = []
    for event in listed:
        item = flat_parent(event, children.get(event.id, []))
        if item is not None:
            flat.append(item)
    return flat


def flatten_batches(
    batches: Iterable[Sequence[Event]], children_of: Callable[[Sequence[str]], Sequence[Event]]
) -> Iterator[FlatEvent]:
    """:func:`flatten_campaigns` over events that come in batches (a streamed export): a
    batch's parents learn their exported children from ``children_of`` (they may lie in
    another batch), so the rows are the same as for the whole list at once."""
    for batch in batches:
        children: dict[str, list[Event]] = defaultdict(list)
        for child in children_of([event.id for event in batch if event.parent is None]):
            if child.parent is not None:
                children[child.parent].append(child)
        for event in batch:
            item = flat_parent(event, children.get(event.id, []))
            if item is not None:
                yield item


def flat_parent(event: Event, own: Sequence[Event]) -> FlatEvent | None:
    """The event as a parentless dataset gets it, given its exported children ``own``: itself
    when it has none; its unallocated rest as a summary row, or nothing, when it has some."""
    if not own:
        return FlatEvent(event)
    rest = Fatalities(
        **{
            category: unallocated(
                getattr(event.fatalities, category),
                sum_figures([getattr(child.fatalities, category) for child in own]),
            )
            for category in CATEGORIES
        }
    )
    total = rest.total()
    if total is None or total.best <= 0:
        return None
    update = {
        "fatalities": rest,
        "fatalities_total": total,
        "injured": unallocated(event.injured, sum_figures([c.injured for c in own])),
        "abducted": unallocated(event.abducted, sum_figures([c.abducted for c in own])),
    }
    return FlatEvent(event.model_copy(update=update), summary=True)

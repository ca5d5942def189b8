"""ACLED's codebook for actors: what kind of actor a name stands for, and which kinds each event
type allows in which role.

Read from ``data/export_actor_types.csv`` (ACLED's ``inter`` code and UCDP's side by name
pattern) and ``data/export_acled_actor_roles.csv`` (the inter codes each event type allows as
actor1 and actor2). The exports code their rows with them, and merging uses them so that a
stored event never pairs a type with actors its type rules out.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Literal

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError

__all__ = ["ActorType", "UcdpSide", "actor_type", "forbidden_roles"]

UcdpSide = Literal["state", "civilians", "group"]
_SIDES: tuple[UcdpSide, ...] = ("state", "civilians", "group")


@dataclass(frozen=True)
class ActorType:
    """What kind of actor a name stands for: ACLED's ``inter`` code and its side in UCDP."""

    inter: int | None
    side: UcdpSide


@lru_cache(maxsize=1)
def _actor_patterns() -> tuple[tuple[str, ActorType], ...]:
    rows = read_table("export_actor_types.csv", ["pattern", "ucdp_side"], ["inter"])
    patterns = []
    for row in rows:
        side = row["ucdp_side"]
        if side not in _SIDES:
            raise LexiconError(
                f"export_actor_types.csv: {row['pattern']!r} has ucdp_side {side!r}; "
                f"use one of {', '.join(_SIDES)}"
            )
        inter = int(row["inter"]) if row["inter"] else None
        if inter is not None and not 1 <= inter <= 8:
            raise LexiconError(f"export_actor_types.csv: {row['pattern']!r} has inter {inter}")
        patterns.append((row["pattern"], ActorType(inter=inter, side=side)))
    return tuple(patterns)


@lru_cache(maxsize=4096)
def actor_type(name: str) -> ActorType:
    """The type of an ACLED actor name; a name no pattern matches is an armed group. Cached:
    a table of a hundred patterns is tried in order, and an export or a merge asks for the same
    few names again and again."""
    for pattern, kind in _actor_patterns():
        if fnmatchcase(name, pattern):
            return kind
    return ActorType(inter=None, side="group")


_NO_ACTOR = "-"


@lru_cache(maxsize=1)
def _actor_roles() -> dict[str, tuple[frozenset[int], frozenset[int | None]]]:
    """Each event type's allowed inter codes for actor1 and for actor2 (None: no actor2)."""
    rows = read_table("export_acled_actor_roles.csv", ["event_type", "actor1", "actor2"])

    def codes(cell: str, where: str) -> list[int | None]:
        try:
            found = [None if code == _NO_ACTOR else int(code) for code in cell.split()]
        except ValueError as exc:
            raise LexiconError(f"export_acled_actor_roles.csv: {where} {cell!r}") from exc
        if any(code is not None and not 1 <= code <= 8 for code in found):
            raise LexiconError(f"export_acled_actor_roles.csv: {where} {cell!r}")
        return found

    table = {}
    for row in rows:
        first = codes(row["actor1"], f"{row['event_type']} actor1")
        if None in first:
            raise LexiconError(f"export_acled_actor_roles.csv: {row['event_type']} needs actor1")
        table[row["event_type"]] = (
            frozenset(code for code in first if code is not None),
            frozenset(codes(row["actor2"], f"{row['event_type']} actor2")),
        )
    return table


def forbidden_roles(event_type: str, actor1: str | None, actor2: str | None) -> str | None:
    """What ACLED's codebook rules out in an event's actors ("a battle needs two armed sides"),
    or None when it allows them. An event without an actor1 is not judged: it has no coding
    yet, and an empty cell breaks no rule."""
    if actor1 is None:
        return None
    allowed1, allowed2 = _actor_roles()[event_type]
    inter1 = actor_type(actor1).inter
    if inter1 not in allowed1:
        return f"{event_type} cannot have {actor1!r} (inter {inter1}) as actor1"
    inter2 = actor_type(actor2).inter if actor2 is not None else None
    if inter2 not in allowed2:
        second = f"{actor2!r} (inter {inter2})" if actor2 is not None else "no actor"
        return f"{event_type} cannot have {second} as actor2"
    return None

"""The code tables the dataset-shaped exports share: countries and the kinds of actors.

Read from ``data/countries.csv`` (ISO codes, ACLED regions, Gleditsch-Ward numbers),
``data/export_actor_types.csv`` (ACLED actor types by name pattern) and
``data/export_ucdp_regions.csv``; each table is loaded once and is immutable, so sharing it is safe.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Literal

from sitrep.datafiles import COUNTRY_CODE_COLUMNS, read_table
from sitrep.errors import LexiconError
from sitrep.extract.actors import default_actor_lexicon

__all__ = [
    "ActorType",
    "CountryCodes",
    "actor_type",
    "country_codes",
    "event_number",
    "forbidden_roles",
    "ucdp_region",
]

UcdpSide = Literal["state", "civilians", "group"]
_SIDES: tuple[UcdpSide, ...] = ("state", "civilians", "group")
_STORED_ID = re.compile(r"ev([0-9a-f]{14})")


@dataclass(frozen=True)
class CountryCodes:
    """One country as the datasets write it."""

    iso2: str
    name: str
    """ACLED's spelling ("Democratic Republic of Congo"), the one actor names use."""
    iso3: str
    iso_numeric: int | None
    acled_region: str
    gwno: int | None
    """The Gleditsch-Ward state number, UCDP's ``country_id``; None for a territory."""


@dataclass(frozen=True)
class ActorType:
    """What kind of actor a name stands for: ACLED's ``inter`` code and its side in UCDP."""

    inter: int | None
    side: UcdpSide


@lru_cache(maxsize=1)
def _countries() -> dict[str, CountryCodes]:
    names = default_actor_lexicon().country_names
    table: dict[str, CountryCodes] = {}
    for row in read_table("countries.csv", ["iso2", "name", "aliases"], COUNTRY_CODE_COLUMNS):
        if not row["iso3"] or not row["acled_region"]:
            raise LexiconError(f"countries.csv: {row['iso2']} needs iso3 and acled_region")
        table[row["iso2"]] = CountryCodes(
            iso2=row["iso2"],
            name=names.get(row["iso2"], row["name"]),
            iso3=row["iso3"],
            iso_numeric=int(row["iso_numeric"]) if row["iso_numeric"] else None,
            acled_region=row["acled_region"],
            gwno=int(row["gwno"]) if row["gwno"] else None,
        )
    return table


def country_codes(iso2: str | None) -> CountryCodes | None:
    """The codes of a country by its ISO alpha-2 code; None for no or an unknown code."""
    return _countries().get(iso2) if iso2 else None


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


def actor_type(name: str) -> ActorType:
    """The type of an ACLED actor name; a name no pattern matches is an armed group."""
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


@lru_cache(maxsize=1)
def _ucdp_regions() -> tuple[tuple[int, int, str], ...]:
    rows = read_table("export_ucdp_regions.csv", ["first_gwno", "last_gwno", "region"])
    return tuple((int(row["first_gwno"]), int(row["last_gwno"]), row["region"]) for row in rows)


def ucdp_region(gwno: int | None) -> str | None:
    """UCDP's region of a Gleditsch-Ward state number, or None."""
    if gwno is None:
        return None
    for first, last, region in _ucdp_regions():
        if first <= gwno <= last:
            return region
    return None


def event_number(event_id: str) -> int:
    """A stable number for an event, for datasets whose ids are numeric.

    A stored id (``ev`` and 14 hex digits) is read as the hexadecimal number it is, so the number
    is unique exactly when the ids are and leads back to the event; any other id is hashed.
    """
    match = _STORED_ID.fullmatch(event_id)
    digits = match.group(1) if match else hashlib.sha256(event_id.encode()).hexdigest()[:14]
    return int(digits, 16)

"""What cross-report merging reads from data files: compatible types, authoritative speakers.

The thresholds (25 km, one day) are fields with defaults so that a test or a study can build
other rules beside the default ones; nothing here is global state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.taxonomy import event_taxonomy, is_valid_pairing

__all__ = ["MergeRules", "default_merge_rules", "load_merge_rules"]

_TypeKey = tuple[str, str]


def _word_pattern(words: str) -> re.Pattern[str]:
    """Whole words; an all-capitals acronym (ISPR, CTD, BLA) must match its case."""
    body = r"[\s-]+".join(re.escape(part) for part in words.split())
    flags = 0 if words.isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


@dataclass(frozen=True)
class MergeRules:
    """The rules deciding which reports tell of one incident and whose figure is best."""

    type_pairs: frozenset[tuple[_TypeKey, _TypeKey]] = frozenset()
    """Pairs of (event type, sub-event type) across types that may be one incident; "*" is any."""
    authorities: tuple[tuple[re.Pattern[str], str], ...] = ()
    """Speaker patterns and the kind of source each stands for, longest phrase first."""
    group_aliases: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    """ACLED actor name → patterns of the ways reports name it (to recognise a claimant)."""
    generic_actors: tuple[str, ...] = ()
    """Name prefixes of actors that are no named armed group ("Military Forces", "Civilians")."""
    max_km: float = 25.0
    """Two town-level places at most this far apart may be one incident's place."""
    max_days: int = 1
    """Two reports' dates at most this many days apart may be one incident's day."""

    def types_compatible(self, first: _TypeKey, second: _TypeKey) -> bool:
        """True for the same event type, or a pair the compatibility table lists."""
        if first[0] == second[0]:
            return True
        for a, b in ((first, second), (second, first)):
            for wanted_a, wanted_b in self.type_pairs:
                if _fits(a, wanted_a) and _fits(b, wanted_b):
                    return True
        return False

    def authority_kind(self, speaker: str | None) -> str | None:
        """The kind of authoritative source a speaker is ("police", "hospital"…), else None."""
        if not speaker:
            return None
        for pattern, kind in self.authorities:
            if pattern.search(speaker):
                return kind
        return None

    def named_groups(self, names: list[str | None]) -> set[str]:
        """The named armed groups among ``names`` (state forces, civilians, unknowns left out)."""
        return {name for name in names if name and not name.startswith(self.generic_actors)}

    def speaks_for(self, speaker: str | None, groups: list[str]) -> bool:
        """True when ``speaker`` names one of ``groups`` ("BLA spokesman Jeeyand Baloch")."""
        if not speaker:
            return False
        for group in groups:
            patterns = self.group_aliases.get(group, (_word_pattern(group),))
            if any(pattern.search(speaker) for pattern in patterns):
                return True
        return False


def _fits(key: _TypeKey, wanted: _TypeKey) -> bool:
    return key[0] == wanted[0] and wanted[1] in ("*", key[1])


def _type_key(event_type: str, sub_event_type: str, name: str) -> _TypeKey:
    if event_type not in event_taxonomy():
        raise LexiconError(f"{name}: unknown event type {event_type!r}")
    if sub_event_type != "*" and not is_valid_pairing(event_type, sub_event_type):
        raise LexiconError(f"{name}: {sub_event_type!r} is not a sub-event type of {event_type!r}")
    return (event_type, sub_event_type)


def load_merge_rules() -> MergeRules:
    """Read the ``merge_*.csv`` tables and ``actors.csv`` (how reports name each group)."""
    name = "merge_type_compatibility.csv"
    pairs = frozenset(
        (
            _type_key(row["event_type_a"], row["sub_event_type_a"], name),
            _type_key(row["event_type_b"], row["sub_event_type_b"], name),
        )
        for row in read_table(
            name, ["event_type_a", "sub_event_type_a", "event_type_b", "sub_event_type_b", "why"]
        )
    )
    rows = read_table("merge_authorities.csv", ["words", "kind"])
    authorities = tuple(
        (_word_pattern(row["words"]), row["kind"])
        for row in sorted(rows, key=lambda row: -len(row["words"]))
    )
    aliases: dict[str, list[re.Pattern[str]]] = {}
    for row in read_table("actors.csv", ["alias", "actor"], ["country"]):
        aliases.setdefault(row["actor"], [_word_pattern(row["actor"])]).append(
            _word_pattern(row["alias"])
        )
    generic = tuple(row["prefix"] for row in read_table("merge_generic_actors.csv", ["prefix"]))
    return MergeRules(
        type_pairs=pairs,
        generic_actors=generic,
        authorities=authorities,
        group_aliases={actor: tuple(patterns) for actor, patterns in aliases.items()},
    )


@cache
def default_merge_rules() -> MergeRules:
    """The rules as shipped, read once per process."""
    return load_merge_rules()

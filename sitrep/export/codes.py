"""The code tables the dataset-shaped exports share: countries, regions and the kinds of actors.

Read from ``data/countries.csv`` (ISO codes, ACLED regions, Gleditsch-Ward numbers) and
``data/export_ucdp_regions.csv``; the kinds of actors are ACLED's codebook
(:mod:`sitrep.codebook`), which merging reads too. Each table is loaded once and is immutable, so
sharing it is safe.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.datafiles import COUNTRY_CODE_COLUMNS, read_table
from sitrep.errors import LexiconError
from sitrep.extract.actors import default_actor_lexicon

__all__ = ["CountryCodes", "country_codes", "event_number", "ucdp_region"]

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

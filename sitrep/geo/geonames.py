"""GeoNames files: country dumps (``allCountries``, ``XX.txt``, ``citiesNNN``) and admin codes.

Dumps carry every village, camp and district of a country with its admin codes; the admin code
tables name those codes. Reading both gives places with their province and district names, which
is what :func:`import_geonames` writes to a place file for the gazetteer.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO

from sitrep.datafiles import read_table
from sitrep.errors import GazetteerError
from sitrep.geo.places_file import PlaceRow

__all__ = [
    "AdminNames",
    "clean_admin_name",
    "packaged_admin_names",
    "read_admin_codes",
    "read_dump",
    "read_extras_csv",
]

_DUMP_COLUMNS = 19
# Populated places, first- and second-level divisions, and the sites attacks are reported at
# by name: camps (refugee, labour, mining), military bases and installations, airfields, border
# and police posts.
_KEPT_CODES = {
    "ADM1": "admin1",
    "ADM2": "admin2",
    **dict.fromkeys(
        ["CMPRF", "CMP", "CMPMN", "MILB", "INSM", "AIRF", "AIRB", "PSTB", "PSTP"], "city"
    ),
}
_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F'’.\-()]+$")


@lru_cache(maxsize=1)
def _admin_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rows = read_table("geo_admin_words.csv", required=["word", "position"])
    suffixes = sorted((r["word"] for r in rows if r["position"] == "suffix"), key=len, reverse=True)
    prefixes = sorted((r["word"] for r in rows if r["position"] == "prefix"), key=len, reverse=True)
    suffix = re.compile(r"\s+(?:" + "|".join(map(re.escape, suffixes)) + r")$", re.IGNORECASE)
    # A prefix is a word of its own ("Grad Beograd", not "Gradiska"), unless it ends in an
    # elision ("Cercle d'Ansongo").
    prefix = re.compile(
        r"^(?:" + "|".join(map(re.escape, prefixes)) + r")(?:\s+|(?<=['’]))", re.IGNORECASE
    )
    return suffix, prefix


def clean_admin_name(name: str) -> str:
    """A division's name without GeoNames' administrative words ("Kech District" → "Kech")."""
    suffix, prefix = _admin_words()
    cleaned = prefix.sub("", suffix.sub("", name.strip())).strip()
    return cleaned if any(char.isalpha() for char in cleaned) else name.strip()


class AdminNames:
    """Names of admin codes: ``PK.02`` → Balochistan, ``PK.02.1163052`` → Kech."""

    def __init__(self, admin1: dict[str, str], admin2: dict[str, str]) -> None:
        self.admin1 = admin1
        self.admin2 = admin2

    def names(self, country: str, code1: str, code2: str) -> tuple[str | None, str | None]:
        """Province and district names (district without admin words) for a row's codes."""
        raw1 = self.admin1.get(f"{country}.{code1}") if code1 else None
        raw2 = self.admin2.get(f"{country}.{code1}.{code2}") if code1 and code2 else None
        return (
            clean_admin_name(raw1) if raw1 else None,
            clean_admin_name(raw2) if raw2 else None,
        )


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def read_admin_codes(path: Path) -> dict[str, str]:
    """``admin1CodesASCII.txt`` or ``admin2Codes.txt``: code → ASCII name."""
    table: dict[str, str] = {}
    try:
        with _open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                cells = line.rstrip("\n").split("\t")
                if len(cells) < 3 or "." not in cells[0]:
                    raise GazetteerError(f"{path}:{number}: not an admin code line")
                table[cells[0]] = cells[2] or cells[1]
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read admin codes: {exc}") from exc
    return table


@lru_cache(maxsize=1)
def packaged_admin_names() -> AdminNames:
    """The admin code tables shipped with sitrep (all countries, from GeoNames)."""
    base = resources.files("sitrep").joinpath("data", "gazetteer")
    with resources.as_file(base.joinpath("admin1Codes.tsv.gz")) as admin1:
        first = read_admin_codes(Path(admin1))
    with resources.as_file(base.joinpath("admin2Codes.tsv.gz")) as admin2:
        second = read_admin_codes(Path(admin2))
    return AdminNames(first, second)


def _alternates(name: str, ascii_name: str, raw: str) -> tuple[str, ...]:
    """Latin-script alternate names worth matching: no codes, no links, no duplicates."""
    seen = {name.casefold()}
    kept: list[str] = []
    for candidate in [ascii_name, *raw.split(",")]:
        candidate = candidate.strip()
        if (
            len(candidate) < 3
            or candidate.casefold() in seen
            or candidate.isupper()
            or not _LATIN.match(candidate)
        ):
            continue
        seen.add(candidate.casefold())
        kept.append(candidate)
    return tuple(kept)


def read_dump(path: Path, admin: AdminNames) -> Iterator[PlaceRow]:
    """Places from a GeoNames dump: populated places, ADM1/ADM2 divisions and camps.

    Raises:
        GazetteerError: when a line does not have GeoNames' 19 columns (the message names it).
    """
    try:
        with _open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                cells = line.rstrip("\n").split("\t")
                if len(cells) != _DUMP_COLUMNS:
                    raise GazetteerError(
                        f"{path}:{number}: expected GeoNames' {_DUMP_COLUMNS} tab-separated "
                        f"columns, found {len(cells)}"
                    )
                feature_class, code = cells[6], cells[7]
                if feature_class == "P":
                    feature = "city"
                elif code in _KEPT_CODES:
                    feature = _KEPT_CODES[code]
                else:
                    continue
                country = cells[8]
                admin1, admin2 = admin.names(country, cells[10], cells[11])
                name = cells[1]
                if feature == "admin2":
                    name = admin2 or clean_admin_name(cells[2] or cells[1])
                elif feature == "admin1":
                    name = admin1 or clean_admin_name(cells[2] or cells[1])
                yield PlaceRow(
                    name=name,
                    country=country,
                    admin1=admin1,
                    admin2=admin2 if feature != "admin1" else None,
                    latitude=float(cells[4]),
                    longitude=float(cells[5]),
                    feature=feature,
                    population=int(cells[14] or 0),
                    geonameid=int(cells[0]),
                    alternates=_alternates(name, cells[2], cells[3]),
                )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise GazetteerError(f"{path}: cannot read GeoNames dump: {exc}") from exc


_EXTRAS_COLUMNS = (
    "name",
    "aliases",
    "country",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "feature",
)


def read_extras_csv(text: str, source: str) -> Iterator[PlaceRow]:
    """Curated places: ``name,aliases,country,admin1,admin2,latitude,longitude,feature``.

    Aliases are ``|``-separated; ``#`` lines are comments. Used for the packaged extras and for a
    user's own CSV given to ``sitrep gazetteer import``.
    """
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if tuple(reader.fieldnames or ()) != _EXTRAS_COLUMNS:
        raise GazetteerError(f"{source}: header must be {','.join(_EXTRAS_COLUMNS)}")
    for number, row in enumerate(reader, start=2):
        try:
            feature = row["feature"].strip()
            if feature not in {"city", "admin2", "admin1"} or not row["name"].strip():
                raise ValueError(f"feature {feature!r}" if row["name"].strip() else "empty name")
            country = row["country"].strip().upper()
            if not re.fullmatch(r"[A-Z]{2}", country):
                raise ValueError(f"country {country!r} is not an ISO alpha-2 code")
            yield PlaceRow(
                name=row["name"].strip(),
                country=country,
                admin1=clean_admin_name(row["admin1"]) if row["admin1"].strip() else None,
                admin2=clean_admin_name(row["admin2"]) if row["admin2"].strip() else None,
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                feature=feature,
                alternates=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise GazetteerError(f"{source}: row {number}: bad extras row: {exc}") from exc

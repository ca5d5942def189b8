"""sitrep's own place-file format: what ``sitrep gazetteer import`` writes and the gazetteer reads.

One gzip-compressed TSV per source, one place per line, so that an imported GeoNames dump is read
back in a fraction of the time the raw dump would take and without its admin code files.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import GazetteerError

__all__ = ["COLUMNS", "PlaceRow", "read_places_file", "write_places_file"]

COLUMNS = (
    "geonameid",
    "name",
    "alternates",
    "country",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "feature",
    "population",
)
FEATURES = frozenset({"city", "admin2", "admin1"})


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """A place as a source gives it, before the gazetteer merges the sources."""

    name: str
    country: str
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    feature: str = "city"
    population: int = 0
    geonameid: int = 0
    alternates: tuple[str, ...] = ()


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").strip()


def write_places_file(rows: Iterable[PlaceRow], path: Path) -> int:
    """Write ``rows`` to ``path`` (gzip TSV with a header); returns how many were written."""
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8", newline="\n") as handle:
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            cells = [
                str(row.geonameid),
                _clean(row.name),
                "|".join(_clean(alt) for alt in row.alternates),
                row.country,
                _clean(row.admin1 or ""),
                _clean(row.admin2 or ""),
                f"{row.latitude:.5f}",
                f"{row.longitude:.5f}",
                row.feature,
                str(row.population),
            ]
            handle.write("\t".join(cells) + "\n")
            count += 1
    partial.replace(path)  # a killed import leaves no half-written file behind
    return count


def read_places_file(path: Path) -> Iterator[PlaceRow]:
    """Read a file written by :func:`write_places_file`."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            if tuple(header) != COLUMNS:
                raise GazetteerError(f"{path}: not a sitrep place file (header {header[:3]}…)")
            for number, line in enumerate(handle, start=2):
                cells = line.rstrip("\n").split("\t")
                if len(cells) != len(COLUMNS) or cells[8] not in FEATURES:
                    raise GazetteerError(f"{path}:{number}: malformed place row")
                yield PlaceRow(
                    name=cells[1],
                    country=cells[3],
                    admin1=cells[4] or None,
                    admin2=cells[5] or None,
                    latitude=float(cells[6]),
                    longitude=float(cells[7]),
                    feature=cells[8],
                    population=int(cells[9] or 0),
                    geonameid=int(cells[0] or 0),
                    alternates=tuple(alt for alt in cells[2].split("|") if alt),
                )
    except (OSError, EOFError, ValueError) as exc:
        raise GazetteerError(f"{path}: cannot read place file: {exc}") from exc

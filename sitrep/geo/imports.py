"""``sitrep gazetteer import``: a user's GeoNames dump or CSV of places, added to the gazetteer.

The file is converted once into a place file under the gazetteer directory; the next load of the
gazetteer sees a new fingerprint and rebuilds with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import GazetteerError
from sitrep.geo.build import default_data_dir
from sitrep.geo.geonames import (
    AdminNames,
    packaged_admin_names,
    read_admin_codes,
    read_dump,
    read_extras_csv,
)
from sitrep.geo.places_file import write_places_file

__all__ = ["ImportResult", "import_places"]


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    source: Path
    target: Path
    places: int


def _admin_names(dump: Path, admin1: Path | None, admin2: Path | None) -> AdminNames:
    """Admin code tables: given ones, else those beside the dump, else the packaged ones."""
    packaged = packaged_admin_names()
    first = admin1 or dump.with_name("admin1CodesASCII.txt")
    second = admin2 or dump.with_name("admin2Codes.txt")
    return AdminNames(
        read_admin_codes(first) if first.is_file() else packaged.admin1,
        read_admin_codes(second) if second.is_file() else packaged.admin2,
    )


def import_places(
    path: Path,
    data_dir: Path | None = None,
    admin1: Path | None = None,
    admin2: Path | None = None,
) -> ImportResult:
    """Convert a GeoNames dump (``.txt``/``.txt.gz``) or a CSV of places into a place file.

    Raises:
        GazetteerError: the file is missing, empty, or not in either format (with the line).
    """
    if not path.is_file():
        raise GazetteerError(f"{path}: no such file")
    target_dir = data_dir or default_data_dir()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.name.split(".")[0]) or "places"
    if path.suffix.lower() == ".csv":
        rows = list(read_extras_csv(path.read_text(encoding="utf-8"), str(path)))
        target = target_dir / f"extras-{stem}.tsv.gz"
    else:
        rows = list(read_dump(path, _admin_names(path, admin1, admin2)))
        target = target_dir / f"geonames-{stem}.tsv.gz"
    if not rows:
        raise GazetteerError(f"{path}: no populated places, districts or provinces in the file")
    count = write_places_file(rows, target)
    return ImportResult(path, target, count)

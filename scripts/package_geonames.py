#!/usr/bin/env python3.11
"""Rebuild the GeoNames data shipped in ``sitrep/data/gazetteer/`` from GeoNames export files.

    .venv/bin/python scripts/package_geonames.py DIR

DIR holds ``admin1CodesASCII.txt``, ``admin2Codes.txt`` and country dumps (``BF.txt`` …), as
downloaded from GeoNames (CC BY 4.0). The admin code tables are copied compressed; the dumps are
reduced to populated places, districts, provinces and camps in sitrep's place-file format, which is
also what ``sitrep gazetteer import`` writes for a user's own dumps.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

from sitrep.geo.geonames import AdminNames, read_admin_codes, read_dump
from sitrep.geo.places_file import write_places_file

TARGET = Path(__file__).resolve().parent.parent / "sitrep" / "data" / "gazetteer"


def main(source: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, target in (
        ("admin1CodesASCII.txt", "admin1Codes.tsv.gz"),
        ("admin2Codes.txt", "admin2Codes.tsv.gz"),
    ):
        with (
            (source / name).open("rb") as raw,
            gzip.GzipFile(TARGET / target, "wb", mtime=0) as packed,
        ):
            shutil.copyfileobj(raw, packed)
    admin = AdminNames(
        read_admin_codes(source / "admin1CodesASCII.txt"),
        read_admin_codes(source / "admin2Codes.txt"),
    )
    dumps = sorted(p for p in source.glob("[A-Z][A-Z].txt"))
    codes = "-".join(p.stem for p in dumps)
    rows = [row for dump in dumps for row in read_dump(dump, admin)]
    count = write_places_file(rows, TARGET / f"geonames-{codes}.tsv.gz")
    print(f"{count} places from {', '.join(p.name for p in dumps)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

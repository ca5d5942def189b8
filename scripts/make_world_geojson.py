"""Convert Natural Earth's 1:110m country outlines into the dashboard's offline base layer.

Run once, by hand, when the base layer should change; its output is committed, so neither sitrep
nor its users need this script or the network. The shapefile ships inside geopandas 0.14.4's
wheel (public domain, from naturalearthdata.com)::

    python3.11 -m venv /tmp/ne && /tmp/ne/bin/pip install pyshp
    /tmp/ne/bin/pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    python3.11 -m zipfile -e /tmp/ne/geopandas-0.14.4-py3-none-any.whl /tmp/ne/gp
    /tmp/ne/bin/python scripts/make_world_geojson.py \
        /tmp/ne/gp/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to three decimals (about 100 m, far below what 1:110m resolves), which
keeps the file small enough to send with every first page load.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import shapefile  # type: ignore[import-not-found]  # pyshp, only in the throwaway venv

OUT = Path(__file__).resolve().parent.parent / "sitrep" / "api" / "static" / "world-110m.geojson"
DECIMALS = 3


def _ring(points: list[tuple[float, float]]) -> list[list[float]]:
    rounded: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded


def convert(shp: Path) -> dict[str, Any]:
    """The shapefile's countries as a GeoJSON FeatureCollection with their name and ISO code."""
    features = []
    with shapefile.Reader(str(shp)) as reader:
        for shape_record in reader.iterShapeRecords():
            geometry = shape_record.shape.__geo_interface__
            if geometry["type"] == "Polygon":
                coordinates: Any = [_ring(ring) for ring in geometry["coordinates"]]
            else:
                coordinates = [
                    [_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]
                ]
            record = shape_record.record.as_dict()
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": record["name"], "iso_a3": record["iso_a3"]},
                    "geometry": {"type": geometry["type"], "coordinates": coordinates},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapefile", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    collection = convert(args.shapefile)
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""GeoJSON: a FeatureCollection (RFC 7946) with a Point for each event that has coordinates.

Coordinates are ``[longitude, latitude]`` in WGS 84, as RFC 7946 requires. An event without
coordinates has no place on a map and is left out (:func:`write_geojson` says how many). Every
event is a feature, campaign parents too: ``parent`` names a child's campaign, and a map that
sums deaths should sum the features whose ``parent`` is null. Figures are flattened into
``<category>_{best,low,high}`` properties, as in the flat CSV, because GIS tools read flat
properties more readily than nested objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from sitrep.export.flat import figure_fields
from sitrep.models import Event

__all__ = ["GeoJsonResult", "event_feature", "write_geojson"]

_FIELDS = [
    "id",
    "parent",
    "background",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "admin2",
    "location",
    "geo_precision",
    "actor1",
    "actor2",
    "assoc_actors",
    "claimed_by",
]


@dataclass(frozen=True)
class GeoJsonResult:
    """How many events became features and how many had no coordinates."""

    features: int
    unlocated: int


def event_feature(event: Event) -> dict[str, object] | None:
    """The GeoJSON Feature of an event, or None when it has no coordinates."""
    if event.latitude is None or event.longitude is None:
        return None
    properties: dict[str, object] = event.model_dump(mode="json", include=set(_FIELDS))
    properties.update(figure_fields(event))
    sources = event.sources or []
    properties["source_article_ids"] = [source.article_id for source in sources]
    properties["source_urls"] = [source.url for source in sources if source.url]
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": properties,
    }


def write_geojson(events: Iterable[Event], stream: TextIO) -> GeoJsonResult:
    """Write one FeatureCollection, a feature per line, without holding it all in memory."""
    stream.write('{"type": "FeatureCollection", "features": [')
    features = unlocated = 0
    for event in events:
        feature = event_feature(event)
        if feature is None:
            unlocated += 1
            continue
        stream.write(",\n" if features else "\n")
        stream.write(json.dumps(feature, ensure_ascii=False))
        features += 1
    stream.write("\n]}\n")
    return GeoJsonResult(features=features, unlocated=unlocated)

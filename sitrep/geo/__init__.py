"""The geo stage: place names in a report resolved to countries, divisions and coordinates.

Typical use::

    from sitrep.geo import geolocate
    record = geolocate(record, dateline_place="Quetta", dateline_country="PK")

The gazetteer is loaded once per process (:func:`load_gazetteer`); pass your own
:class:`Gazetteer` to use other places.
"""

from __future__ import annotations

from sitrep.geo.attach import place_for_spans
from sitrep.geo.build import build_gazetteer, load_gazetteer
from sitrep.geo.gazetteer import Gazetteer, Place
from sitrep.geo.locate import article_mentions, geolocate, place_beside
from sitrep.geo.resolve import PlaceMention, find_place_mentions, resolve_place

__all__ = [
    "Gazetteer",
    "Place",
    "PlaceMention",
    "article_mentions",
    "build_gazetteer",
    "find_place_mentions",
    "geolocate",
    "load_gazetteer",
    "place_beside",
    "place_for_spans",
    "resolve_place",
]

"""Great-circle distance, the one measure every stage uses to compare places."""

from __future__ import annotations

import math

__all__ = ["distance_km"]

_EARTH_DIAMETER_KM = 12742.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres: exact enough for 10 km and 50 km thresholds."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return _EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(h)))

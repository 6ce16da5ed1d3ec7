"""Distances on the map, as plain numbers (no database): how far apart two points are,
the box around a point that a query can filter by, and whether a point is one at all.

Street reporting uses them to find the nearest address to a pin and the open reports
near a place (``services.highways.selectors.report``).
"""

from __future__ import annotations

import math

EARTH_RADIUS_METRES = 6_371_000
_METRES_PER_DEGREE_LATITUDE = 111_320


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance between two points, in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(latitude: float, longitude: float, metres: float) -> dict:
    """Filters for the box around a point that holds every place within ``metres``."""
    d_lat = metres / _METRES_PER_DEGREE_LATITUDE
    d_lon = metres / (_METRES_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    return {
        "latitude__gte": latitude - d_lat,
        "latitude__lte": latitude + d_lat,
        "longitude__gte": longitude - d_lon,
        "longitude__lte": longitude + d_lon,
    }


def valid_point(latitude, longitude) -> bool:
    """Numbers, finite, and on the globe: a latitude and longitude a map can show."""
    return (
        isinstance(latitude, int | float)
        and isinstance(longitude, int | float)
        and math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    )

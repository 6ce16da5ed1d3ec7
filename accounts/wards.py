"""Which electoral ward a place is in: by its address, else by ward boundaries, else nearby.

Boundaries are GeoJSON polygons (WGS84) kept on ``Ward.boundary`` and loaded by
``ward_boundaries_import`` (``manage.py import_ward_boundaries``, and the demo
council). Each process reads them once, as shapely prepared geometries, the first
time it asks; the import forgets them in its own process, and other processes read
the new ones when they restart (boundaries change once in years, at a review).

``ward_id_for_place`` never fails: a point outside every ward and with no address
within ``settings.WARD_NEAREST_METRES`` has no ward (None). Pages that take a point
from a resident tell them plainly that it is outside the area (as street reports
and Open311 already do) before anything is made.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from shapely import Point, prepare
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from accounts.models import Address, Ward

_METRES_PER_DEGREE_LATITUDE = 111_240
_NEAREST_STEPS = (100, 400)  # a small box first, wider only when it is empty

_boundaries: list[tuple[int, BaseGeometry]] | None = None


class BadBoundaries(ValueError):
    """A boundaries file this import cannot use; the message says why."""


def ward_boundaries() -> list[tuple[int, BaseGeometry]]:
    """(ward id, prepared boundary) of every ward with one, read once per process."""
    global _boundaries
    if _boundaries is None:
        loaded = []
        for pk, boundary in Ward.objects.exclude(boundary=None).values_list("pk", "boundary"):
            geometry = shape(boundary)
            prepare(geometry)
            loaded.append((pk, geometry))
        _boundaries = loaded
    return _boundaries


def ward_boundaries_forget() -> None:
    """Read the boundaries again next time (after an import; tests)."""
    global _boundaries
    _boundaries = None


def ward_id_at(*, latitude: float, longitude: float) -> int | None:
    """The ward whose boundary holds the point, or None when none does."""
    point = Point(longitude, latitude)
    for pk, geometry in ward_boundaries():
        if geometry.covers(point):
            return pk
    return None


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within a council's area."""
    d_lat = (lat2 - lat1) * _METRES_PER_DEGREE_LATITUDE
    d_lon = (lon2 - lon1) * _METRES_PER_DEGREE_LATITUDE * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(d_lat, d_lon)


def _nearest_ward_id(*, latitude: float, longitude: float) -> int | None:
    """The ward of the nearest address with one, within ``WARD_NEAREST_METRES``."""
    limit = settings.WARD_NEAREST_METRES
    cos = max(math.cos(math.radians(latitude)), 0.01)
    for metres in sorted({step for step in _NEAREST_STEPS if step < limit} | {limit}):
        d_lat = metres / _METRES_PER_DEGREE_LATITUDE
        d_lon = d_lat / cos
        rows = Address.objects.filter(
            ward__isnull=False,
            latitude__range=(latitude - d_lat, latitude + d_lat),
            longitude__range=(longitude - d_lon, longitude + d_lon),
        ).values_list("latitude", "longitude", "ward_id")
        best = min(
            ((distance_metres(latitude, longitude, lat, lon), ward) for lat, lon, ward in rows),
            default=None,
        )
        if best is not None and best[0] <= metres:
            return best[1]
    return None


def ward_id_for_place(
    *, address: Address | None, latitude: float | None, longitude: float | None
) -> int | None:
    """The ward of a case's place: its address's, else the boundary its point is in,
    else the nearest address's; None when it has no place or is outside every ward."""
    if address is not None and address.ward_id:
        return address.ward_id
    if (latitude is None or longitude is None) and address is not None:
        latitude, longitude = address.latitude, address.longitude
    if latitude is None or longitude is None:
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    return ward_id_at(latitude=latitude, longitude=longitude) or _nearest_ward_id(
        latitude=latitude, longitude=longitude
    )


# --- Loading boundaries ----------------------------------------------------------------------


@dataclass
class BoundariesResult:
    updated: list[str]  # ward codes
    unknown: list[str]  # codes in the file that are not wards of the gazetteer


@transaction.atomic
def ward_boundaries_import(*, geojson: dict, code_property: str = "code") -> BoundariesResult:
    """Set each ward's boundary from a GeoJSON FeatureCollection (WGS84), matched by the
    ward code in each feature's ``code_property``. Wards not in the file keep theirs."""
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        raise BadBoundaries("The file is not a GeoJSON FeatureCollection.")
    wards = {ward.code: ward for ward in Ward.objects.all()}
    result = BoundariesResult(updated=[], unknown=[])
    for number, feature in enumerate(geojson.get("features") or [], start=1):
        code = str((feature.get("properties") or {}).get(code_property, "")).strip()
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise BadBoundaries(f"Feature {number} ({code or 'no code'}) is not a polygon.")
        try:
            valid = shape(geometry).is_valid
        except (ShapelyError, GEOSException, ValueError, TypeError) as error:
            raise BadBoundaries(f"Feature {number} ({code}): {error}") from error
        if not valid:
            raise BadBoundaries(f"Feature {number} ({code}) is not a valid polygon.")
        ward = wards.get(code)
        if ward is None:
            result.unknown.append(code)
            continue
        ward.boundary = geometry
        ward.save(update_fields=["boundary"])
        result.updated.append(code)
    transaction.on_commit(ward_boundaries_forget)
    ward_boundaries_forget()
    return result

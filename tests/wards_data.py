"""Two square wards side by side, with boundaries, for tests of where a place is."""

from accounts.wards import ward_boundaries_import
from tests.factories import WardFactory

# Millbrook Central: 52.59-52.61 N, 1.92-1.90 W; Castle: east of it, 1.90-1.88 W.
CENTRAL_POINT = (52.6, -1.91)
CASTLE_POINT = (52.6, -1.89)
OUTSIDE_POINT = (52.7, -1.5)  # miles away: no ward, no address near


def _square(west: float, east: float, south: float = 52.59, north: float = 52.61) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def two_wards() -> dict:
    central = WardFactory(code="E05999901", name="Millbrook Central")
    castle = WardFactory(code="E05999903", name="Castle")
    ward_boundaries_import(
        geojson={
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": central.code},
                    "geometry": _square(-1.92, -1.90),
                },
                {
                    "type": "Feature",
                    "properties": {"code": castle.code},
                    "geometry": _square(-1.90, -1.88),
                },
            ],
        }
    )
    return {"central": central, "castle": castle}

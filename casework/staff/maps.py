"""A small map of a case's position, drawn on the server: no JavaScript needed.

The map tiles the street reports' maps use (``MAP_TILE_URL``, Web Mercator "slippy"
tiles) are laid out in one SVG, the point in the middle, a pin on it. The SVG scales to
its column (a phone's 320 px too); the tiles are plain images (the CSP's img-src
already names the tile host), so nothing runs in the browser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

TILE = 256  # pixels a side


@dataclass(frozen=True)
class Tile:
    href: str
    x: int  # where it goes, in world pixels at the map's zoom
    y: int


@dataclass(frozen=True)
class PositionMap:
    latitude: float
    longitude: float
    view_box: str  # "min-x min-y width height" around the point
    tiles: list[Tile]
    pin_x: float
    pin_y: float
    width: int
    height: int


def _world_pixels(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """The point's position in pixels on the whole world map at ``zoom``."""
    scale = TILE * 2**zoom
    x = (longitude + 180.0) / 360.0 * scale
    sin = math.sin(math.radians(max(-85.05, min(85.05, latitude))))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def position_map(
    latitude, longitude, *, zoom: int = 17, width: int = 480, height: int = 240
) -> PositionMap | None:
    """The map of one point, or None when there is no point or no tile server."""
    url = getattr(settings, "MAP_TILE_URL", "")
    if latitude is None or longitude is None or not url:
        return None
    latitude, longitude = float(latitude), float(longitude)
    x, y = _world_pixels(latitude, longitude, zoom)
    left, top = x - width / 2, y - height / 2
    last = 2**zoom - 1
    tiles = [
        Tile(
            href=url.replace("{s}", "a")
            .replace("{z}", str(zoom))
            .replace("{x}", str(column))
            .replace("{y}", str(row)),
            x=column * TILE,
            y=row * TILE,
        )
        for row in range(max(0, int(top // TILE)), min(last, int((top + height) // TILE)) + 1)
        for column in range(max(0, int(left // TILE)), min(last, int((left + width) // TILE)) + 1)
    ]
    return PositionMap(
        latitude=latitude,
        longitude=longitude,
        view_box=f"{left:.1f} {top:.1f} {width} {height}",
        tiles=tiles,
        pin_x=round(x, 1),
        pin_y=round(y, 1),
        width=width,
        height=height,
    )

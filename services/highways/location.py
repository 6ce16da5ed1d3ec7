"""Where a street report is: the place the resident chose, as the report keeps it.

The where step's answer becomes a ``Location``: the point (chosen from a search for an
address, or pinned on the map or given by the device), the gazetteer's nearest address
in one line, the street, and the ward. The check page, the case and the public list
read the report's place from it. Plain values only: reading the gazetteer is
``services.highways.selectors.report``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HOUSE_NUMBER = re.compile(r"^\d+[A-Za-z]?(?:-\d+[A-Za-z]?)?\s+")


def street_of(address) -> str:
    """The street an address is on: its last line before the town, without the house number.

    "Flat 1", "14 Mill Lane" -> "Mill Lane"; "Rose Cottage", "Hollow Lane" -> "Hollow Lane".
    """
    lines = [line for line in (address.line1, address.line2, address.line3) if line.strip()]
    if not lines:
        return ""
    return _HOUSE_NUMBER.sub("", lines[-1].strip()).strip() or lines[-1].strip()


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    uprn: int
    near: str  # the nearest address, in one line
    street: str
    ward_id: int | None
    how: str  # "address" (chosen from a search) or "map" (a pin, or the device's location)


def location_from(address, *, latitude: float, longitude: float, how: str) -> Location:
    """The report's place: the point, described by ``address`` (the nearest one)."""
    return Location(
        latitude=latitude,
        longitude=longitude,
        uprn=address.uprn,
        near=address.single_line,
        street=street_of(address),
        ward_id=address.ward_id,
        how=how,
    )

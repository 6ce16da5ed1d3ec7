"""Street reporting's pure rules, on plain values (no database): distances on the map
(services.highways.geometry) and the place a report is about (services.highways.location)."""

import math
from types import SimpleNamespace

import pytest

from services.highways.geometry import bounding_box, distance_metres, valid_point
from services.highways.location import location_from, street_of

CENTRE = (52.6, -1.9)


def _address(*lines, uprn=100, ward_id=7):
    line1, line2, line3 = (*lines, "", "", "")[:3]
    return SimpleNamespace(
        uprn=uprn,
        line1=line1,
        line2=line2,
        line3=line3,
        ward_id=ward_id,
        single_line=", ".join([*lines, "Millbrook", "MB1 1AA"]),
    )


@pytest.mark.parametrize(
    ("lines", "street"),
    [
        (("14 Mill Lane",), "Mill Lane"),
        (("Flat 1", "14 Mill Lane"), "Mill Lane"),
        (("Rose Cottage", "Hollow Lane"), "Hollow Lane"),
        (("12A-14B High Street",), "High Street"),
        (("Rose Cottage",), "Rose Cottage"),
        ((), ""),
    ],
)
def test_the_street_of_an_address_is_its_last_line_without_the_house_number(lines, street):
    assert street_of(_address(*lines)) == street


def test_a_pin_on_the_map_keeps_its_point_and_is_described_by_the_nearest_address():
    nearest = _address("Flat 1", "14 Mill Lane", uprn=42, ward_id=3)

    place = location_from(nearest, latitude=52.60011, longitude=-1.90022, how="map")

    assert (place.latitude, place.longitude, place.how) == (52.60011, -1.90022, "map")
    assert (place.uprn, place.street, place.ward_id) == (42, "Mill Lane", 3)
    assert place.near == "Flat 1, 14 Mill Lane, Millbrook, MB1 1AA"


def test_the_box_around_a_point_holds_every_place_within_the_distance():
    box = bounding_box(*CENTRE, 100)

    for bearing in range(0, 360, 15):
        # a point 99 metres away on each bearing
        d_north = 99 * math.cos(math.radians(bearing))
        d_east = 99 * math.sin(math.radians(bearing))
        latitude = CENTRE[0] + d_north / 111_320
        longitude = CENTRE[1] + d_east / (111_320 * math.cos(math.radians(CENTRE[0])))
        assert distance_metres(*CENTRE, latitude, longitude) == pytest.approx(99, abs=0.5)
        assert box["latitude__gte"] <= latitude <= box["latitude__lte"]
        assert box["longitude__gte"] <= longitude <= box["longitude__lte"]


def test_the_same_point_is_no_distance_away():
    assert distance_metres(*CENTRE, *CENTRE) == 0


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (float("nan"), 0.0),
        (0.0, float("inf")),
        (91.0, 0.0),
        (0.0, -181.0),
        ("52.6", "-1.9"),
        (None, None),
    ],
)
def test_a_point_a_map_cannot_show_is_not_valid(latitude, longitude):
    assert not valid_point(latitude, longitude)


def test_a_point_on_the_globe_is_valid():
    assert valid_point(*CENTRE)
    assert valid_point(90, -180)

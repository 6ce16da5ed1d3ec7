"""Which ward a place is in: by address, by boundary, by the nearest address, or none."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from shapely import Point
from shapely.geometry import shape

from accounts.wards import BadBoundaries, ward_boundaries_import, ward_id_at, ward_id_for_place
from portal import demo
from tests.factories import AddressFactory, WardFactory
from tests.wards_data import CASTLE_POINT, CENTRAL_POINT, OUTSIDE_POINT, two_wards

pytestmark = pytest.mark.django_db


def at(point):
    return {"latitude": point[0], "longitude": point[1]}


def test_a_point_is_in_the_ward_whose_boundary_holds_it():
    wards = two_wards()
    assert ward_id_at(**at(CENTRAL_POINT)) == wards["central"].pk
    assert ward_id_at(**at(CASTLE_POINT)) == wards["castle"].pk
    assert ward_id_at(**at(OUTSIDE_POINT)) is None


def test_an_address_keeps_its_gazetteer_ward_wherever_its_pin_is():
    wards = two_wards()
    home = AddressFactory(ward=wards["castle"])
    assert ward_id_for_place(address=home, **at(CENTRAL_POINT)) == wards["castle"].pk


def test_outside_every_boundary_the_nearest_address_gives_the_ward():
    two_wards()
    riverside = WardFactory(name="Riverside")  # no boundary loaded for it
    AddressFactory(ward=riverside, latitude=52.62, longitude=-1.95)
    near = {"latitude": 52.6203, "longitude": -1.9503}  # about 40 m away
    assert ward_id_for_place(address=None, **near) == riverside.pk


def test_far_from_every_ward_and_address_a_point_has_no_ward():
    two_wards()
    assert ward_id_for_place(address=None, **at(OUTSIDE_POINT)) is None
    assert ward_id_for_place(address=None, latitude=None, longitude=None) is None
    assert ward_id_for_place(address=None, latitude=float("nan"), longitude=1.0) is None


def test_the_import_says_which_codes_are_not_wards_and_refuses_what_is_not_a_polygon(tmp_path):
    central = WardFactory(code="E05999901")
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    features = [
        {"type": "Feature", "properties": {"WD24CD": "E05999901"}, "geometry": square},
        {"type": "Feature", "properties": {"WD24CD": "E05000000"}, "geometry": square},
    ]
    path = tmp_path / "wards.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = StringIO()
    call_command("import_ward_boundaries", str(path), "--code-property", "WD24CD", stdout=out)
    assert "Boundaries set for 1 wards." in out.getvalue()
    assert "Not wards of the gazetteer (skipped): E05000000" in out.getvalue()
    central.refresh_from_db()
    assert central.boundary == square

    line = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    with pytest.raises(BadBoundaries, match="is not a polygon"):
        ward_boundaries_import(
            geojson={"type": "FeatureCollection", "features": [{"geometry": line}]}
        )
    path.write_text("not json")
    with pytest.raises(CommandError):
        call_command("import_ward_boundaries", str(path), stdout=StringIO())


def test_the_demo_wards_boundaries_hold_every_demo_address_and_no_other_ward_does():
    boundaries = {
        feature["properties"]["code"]: shape(feature["geometry"])
        for feature in demo.demo_ward_boundaries()["features"]
    }
    assert len(boundaries) == len(demo.WARDS)
    for row in demo.demo_gazetteer_rows():
        point = Point(float(row["LONGITUDE"]), float(row["LATITUDE"]))
        holding = [code for code, area in boundaries.items() if area.covers(point)]
        assert holding == [row["WARD_CODE"]], row["UPRN"]

"""Every case has a ward: from its address, else its map position; filled for old cases."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework import actions
from casework.models import Case, CaseEvent
from services.highways.models import StreetReport
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.factories import AddressFactory
from tests.services.highways.report_data import highways_types
from tests.wards_data import CASTLE_POINT, CENTRAL_POINT, OUTSIDE_POINT, two_wards

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards():
    return two_wards()


@pytest.fixture
def worker(caseworker):
    return signed_in(caseworker, verified=True)


@pytest.fixture
def pothole(caseworker):
    pothole = highways_types()["pothole"]
    pothole.team.members.add(caseworker)
    return pothole


def pin_case(point, request_type=None, **fields) -> Case:
    return actions.case_submit(
        request_type=request_type or RequestTypeFactory(),
        answers={},
        summary="Pothole",
        contact_name="Jo Bloggs",
        latitude=point[0],
        longitude=point[1],
        **fields,
    )


def test_a_pin_located_street_report_is_in_its_wards_staff_filter(wards, worker, client, pothole):
    # As the demo's and Open311's reports are made: a map point, no address.
    case = pin_case(CENTRAL_POINT, request_type=pothole, location_text="Mill Lane")
    StreetReport.objects.create(
        case=case, ward=wards["central"], street="Mill Lane", public_title="Pothole on Mill Lane"
    )
    public = client.get(reverse("highways:public_list")).content.decode()
    assert "Millbrook Central ward" in public

    central = worker.get(reverse("staff:queue"), {"filtered": "1", "ward": wards["central"].pk})
    castle = worker.get(reverse("staff:queue"), {"filtered": "1", "ward": wards["castle"].pk})

    assert case.reference in central.content.decode()
    assert case.reference not in castle.content.decode()
    page = worker.get(reverse("staff:case", args=[case.reference])).content.decode()
    assert "Millbrook Central" in page


def test_a_case_with_an_address_takes_the_addresss_ward(wards):
    case = actions.case_submit(
        request_type=RequestTypeFactory(),
        answers={},
        summary="Missed bin",
        address=AddressFactory(ward=wards["castle"]),
    )
    assert case.ward == wards["castle"]


def test_a_point_outside_every_ward_makes_a_case_with_no_ward_not_an_error(wards):
    case = pin_case(OUTSIDE_POINT)
    assert case.ward is None


def test_moving_a_case_works_its_ward_out_again_and_staying_put_changes_nothing(wards, caseworker):
    case = pin_case(CENTRAL_POINT, location_text="Mill Lane")
    events = CaseEvent.objects.filter(case=case).count()

    actions.case_change_location(
        case=case,
        actor=caseworker,
        latitude=CENTRAL_POINT[0],
        longitude=CENTRAL_POINT[1],
        location_text="Mill Lane",
    )
    assert CaseEvent.objects.filter(case=case).count() == events

    moved = actions.case_change_location(
        case=case,
        actor=caseworker,
        latitude=CASTLE_POINT[0],
        longitude=CASTLE_POINT[1],
        location_text="Castle Street",
    )
    assert moved.ward == wards["castle"]
    note = CaseEvent.objects.filter(case=case).latest("id")
    assert not note.public and note.message == "Location changed to Castle Street."


def test_the_command_fills_the_ward_of_cases_made_before_wards_were_kept(wards):
    by_pin = pin_case(CASTLE_POINT)
    by_address = actions.case_submit(
        request_type=RequestTypeFactory(),
        answers={},
        summary="Noise",
        address=AddressFactory(ward=wards["central"]),
    )
    nowhere = pin_case(OUTSIDE_POINT)
    Case.objects.update(ward=None)

    out = StringIO()
    call_command("fill_case_wards", stdout=out)

    assert "2 cases now have a ward." in out.getvalue()
    assert Case.objects.get(pk=by_pin.pk).ward == wards["castle"]
    assert Case.objects.get(pk=by_address.pk).ward == wards["central"]
    assert Case.objects.get(pk=nowhere.pk).ward is None

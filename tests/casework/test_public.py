"""casework.public: the one function that decides what of a case leaves the council's walls."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework import public
from casework.models import Case
from casework.workflow import Status
from tests.factories import UserFactory
from tests.services.highways.public_data import street_report_make

pytestmark = pytest.mark.django_db

OPEN311 = "/open311/v2/"


@pytest.mark.parametrize(
    ("text", "publishable"),
    [
        ("A deep hole by the bus stop, about a metre wide", True),
        ("Lamp 14 has been out since Tuesday", True),
        ("Outside Sam's gate, ring 07911 123054", False),  # anyone's phone number
        ("Call +44 (0)7911-123-054 for access", False),
        ("Email sam.taylor@example.org", False),
        ("Reported by Quentin, again", False),  # the reporter's own name
        ("quentin zqlast saw it", False),
        ("", False),
        ("   ", False),
    ],
)
def test_may_publish(text, publishable):
    terms = public.contact_terms("Quentin Zqlast", "q@example.org", "+447700900456")

    assert public.may_publish(text, terms) is publishable


def test_a_published_description_is_checked_again_when_shown(db):
    """Words stored as public before the check was stricter still give no phone number."""
    report = street_report_make(details="Blocked again, ring 07911 123054", title="Pothole")

    page = Client().get(f"/street/reports/{report.case.reference}/").content.decode()
    as_json = Client().get(f"{OPEN311}requests/{report.case.reference}.json").json()[0]

    assert "07911" not in page and as_json["description"] == ""


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.AWAITING_PAYMENT])
def test_open311_leaves_out_what_the_public_pages_leave_out(status):
    hidden = street_report_make(hidden=True)
    taken_back = street_report_make(status=status, resident=UserFactory())
    if status == Status.AWAITING_PAYMENT:  # a category with a fee, not paid for yet
        Case.objects.filter(pk=taken_back.case_id).update(status=status)
    shown = street_report_make()

    listed = Client().get(f"{OPEN311}requests.json").json()
    one = Client().get(f"{OPEN311}requests/{hidden.case.reference}.json")

    assert [request["service_request_id"] for request in listed] == [shown.case.reference]
    assert one.status_code == 404
    assert Client().get(f"/street/reports/{taken_back.case.reference}/").status_code == 404
    assert Client().get(f"{OPEN311}requests/{taken_back.case.reference}.xml").status_code == 404


def test_open311_list_costs_the_same_queries_however_many_reports():
    street_report_make()
    with CaptureQueriesContext(connection) as one:
        assert len(Client().get(f"{OPEN311}requests.json").json()) == 1
    for _ in range(5):
        street_report_make()
    with CaptureQueriesContext(connection) as six:
        assert len(Client().get(f"{OPEN311}requests.json").json()) == 6

    assert len(six.captured_queries) == len(one.captured_queries)


def test_the_same_view_everywhere():
    report = street_report_make(street="Mill Lane", details="Deep", latitude=52.60123456)
    case = report.case

    view = public.case_public_view(case)
    as_json = Client().get(f"{OPEN311}requests/{case.reference}.json").json()[0]
    pins = Client().get("/street/reports.json").json()["features"][0]

    assert view.latitude == 52.6012 == as_json["lat"] == pins["geometry"]["coordinates"][1]
    assert view.title == "Pothole on Mill Lane" == pins["properties"]["title"]
    assert view.details == "Deep" == as_json["description"]
    assert view.place == "Mill Lane" == as_json["address"] == pins["properties"]["place"]

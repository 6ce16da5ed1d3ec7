"""Open reports nearby are offered to follow instead of a new report (C5): which are offered, following one instead, and that followers hear how it goes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import login_url
from casework import actions as case_actions
from casework.models import Case, Draft, Follower
from casework.workflow import Status
from integrations.outbox.models import Message
from services.highways import geometry
from services.highways.models import StreetReport
from services.highways.selectors import report as selectors
from tests.conftest import signed_in
from tests.services.highways.report_data import (
    CENTRE,
    DETAILS,
    NEARBY,
    choose_address,
    choose_category,
    east,
    gazetteer,
    highways_types,
    north,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def types(db):
    return highways_types()


@pytest.fixture
def places(types):
    return gazetteer()


def open_report(
    types,
    *,
    category="pothole",
    metres_north=30,
    metres_east=0,
    status=Status.SUBMITTED,
    resident=None,
    title="",
    hidden=False,
    staff=None,
):
    """A report made the one way cases are made, ``metres_north`` up Mill Lane."""
    request_type = types[category]
    case = case_actions.case_submit(
        request_type=request_type,
        answers={"description": "A hole"},
        summary=f"{request_type.name} on Mill Lane",
        resident=resident,
        contact_name="" if resident else "Robin Lee",
        contact_email="" if resident else "robin@example.net",
        latitude=north(metres_north),
        longitude=east(metres_east),
        location_text="Mill Lane",
    )
    StreetReport.objects.create(
        case=case,
        street="Mill Lane",
        public_title=title or f"{request_type.name} on Mill Lane",
        hidden=hidden,
    )
    if status != Status.SUBMITTED:
        case = case_actions.case_acknowledge(case=case, actor=staff)
    if status == Status.RESOLVED:
        case_actions.case_resolve(case=case, actor=staff, message="Filled in.")
    return Case.objects.get(pk=case.pk)


def at_nearby(client, address, slug="pothole"):
    choose_category(client, slug)
    choose_address(client, address, slug=slug)
    return client.get(step("already-reported", slug))


# --- Distances ------------------------------------------------------------------------------


def test_distances_are_great_circle_metres():
    assert geometry.distance_metres(*CENTRE, north(50), CENTRE[1]) == pytest.approx(50, abs=0.2)
    assert geometry.distance_metres(*CENTRE, CENTRE[0], east(50)) == pytest.approx(50, abs=0.2)
    box = geometry.bounding_box(*CENTRE, 50)
    assert box["latitude__lte"] == pytest.approx(north(50))
    assert box["longitude__gte"] == pytest.approx(east(-50))


def test_only_open_reports_of_the_same_category_within_the_distance_are_offered(
    types, places, caseworker
):
    near = open_report(types, metres_north=40, title="Deep pothole by number 4")
    received = open_report(types, metres_north=10, status=Status.RECEIVED, staff=caseworker)
    open_report(types, metres_north=95)  # 65 m away: too far
    open_report(types, metres_north=30, metres_east=45)  # 45 m east: inside the box, 45 m
    corner = open_report(types, metres_north=30 + 40, metres_east=40)  # in the box, 57 m away
    open_report(types, category="graffiti", metres_north=30)  # another category
    open_report(types, metres_north=30, status=Status.RESOLVED, staff=caseworker)  # finished
    open_report(types, metres_north=30, hidden=True)  # taken off the public list
    pothole = types["pothole"]

    found = selectors.nearby_open_reports(
        request_type=pothole, latitude=north(30), longitude=CENTRE[1]
    )

    refs = [report.reference for report in found]
    assert set(refs) == {
        near.reference,
        received.reference,
        Case.objects.get(latitude=north(30), longitude=east(45)).reference,
    }
    assert corner.reference not in refs
    assert found[0].reference == near.reference or found[0].metres <= found[1].metres
    assert [round(report.metres) for report in found] == sorted(round(r.metres) for r in found)
    titles = {report.reference: report.title for report in found}
    assert titles[near.reference] == "Deep pothole by number 4"
    assert titles[received.reference] == "Pothole on Mill Lane"


def test_the_distance_is_a_setting(types, places, settings):
    open_report(types, metres_north=70)
    pothole = types["pothole"]
    point = {"latitude": north(30), "longitude": CENTRE[1]}  # 40 m away

    assert len(selectors.nearby_open_reports(request_type=pothole, **point)) == 1
    settings.HIGHWAYS_DUPLICATE_METRES = 35
    assert selectors.nearby_open_reports(request_type=pothole, **point) == []
    settings.HIGHWAYS_DUPLICATE_METRES = 0
    assert selectors.nearby_open_reports(request_type=pothole, **point, metres=41)


def test_a_category_nobody_may_follow_offers_nothing(types, places):
    open_report(types, metres_north=30)
    pothole = types["pothole"]
    pothole.followable = False
    pothole.save()
    assert not selectors.nearby_open_reports(
        request_type=pothole, latitude=north(30), longitude=CENTRE[1]
    )


# --- The page ----------------------------------------------------------------------------------


def test_the_offer_shows_each_report_s_title_age_and_status(client, types, places):
    report = open_report(types, metres_north=40, title="Deep pothole by number 4")

    page = at_nearby(client, places["3 Mill Lane"])

    html = page.content.decode()
    assert page.status_code == 200
    assert "Has it already been reported?" in html
    assert "Deep pothole by number 4" in html
    assert f'href="/street/reports/{report.reference}/"' in html
    assert "Today" in html and "Reported" in html and "About 10 metres away" in html
    assert "A hole" not in html and "Robin" not in html  # nothing personal
    # Not signed in: sign in to follow, or go on.
    assert login_url(NEARBY) in html.replace("&amp;", "&")
    assert "Follow this report instead" not in html
    assert "My problem is different: continue" in html
    assert client.post(NEARBY, {"place": _place(places["3 Mill Lane"])})["Location"] == DETAILS


def _place(address) -> str:
    return f"{address.latitude:.6f},{address.longitude:.6f}"


def test_no_offer_for_another_category_or_far_away(client, types, places):
    open_report(types, category="graffiti", metres_north=30)
    open_report(types, metres_north=120)

    assert at_nearby(client, places["3 Mill Lane"])["Location"] == DETAILS


def test_a_new_place_offers_again(client, types, places):
    open_report(types, metres_north=30)
    at_nearby(client, places["3 Mill Lane"])
    client.post(NEARBY, {"place": _place(places["3 Mill Lane"])})

    assert choose_address(client, places["4 Mill Lane"])["Location"] == NEARBY

    assert client.get(NEARBY).status_code == 200
    assert client.get(DETAILS)["Location"] == NEARBY


def test_the_offer_costs_the_same_queries_for_1_or_20_reports(client, types, places):
    open_report(types, metres_north=30)
    at_nearby(client, places["3 Mill Lane"])

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(NEARBY).status_code == 200
        return len([q for q in context.captured_queries if "django_session" not in q["sql"]])

    few = count()
    for metres in range(10, 50, 2):
        open_report(types, metres_north=metres)
    # The user, the category, the draft, the place chosen and the reports near it.
    assert count() == few <= 7


# --- Following instead -----------------------------------------------------------------------------


def test_following_instead_makes_no_new_report_and_the_follower_hears_how_it_goes(
    citizen, types, places, caseworker
):
    report = open_report(types, metres_north=40)
    resident = signed_in(citizen)
    at_nearby(resident, places["3 Mill Lane"])

    response = resident.post(f"/street/report/already-reported/{report.reference}/follow/")

    assert response["Location"] == f"/requests/{report.reference}/"
    assert Follower.objects.filter(case=report, user=citizen).exists()
    assert Case.objects.count() == 1
    assert not Draft.objects.exists()  # the new report is given up
    page = resident.get(response["Location"])
    assert page.status_code == 200
    assert "You are following" in page.content.decode()

    case_actions.case_acknowledge(case=report, actor=caseworker)
    case_actions.case_change_status(
        case=report, status=Status.IN_PROGRESS, actor=caseworker, message="A crew is booked."
    )
    told = Message.objects.filter(payload__audience="follower", payload__to=citizen.email)
    assert told.count() == 2  # received, in progress
    assert "Work has started on a problem you follow (Pothole)." in told.last().payload["body"]
    assert "your request" not in told.last().payload["body"]
    case_actions.case_resolve(case=report, actor=caseworker, message="Filled in.")
    resolved = told.last().payload["body"]
    assert "A problem you follow (Pothole) has been dealt with." in resolved
    assert "reopen your report" not in resolved  # the reporter's words, not the follower's


def test_following_your_own_report_just_shows_it(citizen, types, places):
    report = open_report(types, metres_north=40, resident=citizen)
    resident = signed_in(citizen)
    at_nearby(resident, places["3 Mill Lane"])

    response = resident.post(f"/street/report/already-reported/{report.reference}/follow/")

    assert response["Location"] == f"/requests/{report.reference}/"
    assert not Follower.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in_to_follow(client, types, places):
    report = open_report(types, metres_north=40)
    at_nearby(client, places["3 Mill Lane"])
    follow = f"/street/report/already-reported/{report.reference}/follow/"

    response = client.post(follow)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert not Follower.objects.exists()


def test_only_open_public_street_reports_can_be_followed_this_way(citizen, types, places):
    resident = signed_in(citizen)
    hidden = open_report(types, metres_north=40, hidden=True)
    graffiti = types["graffiti"]
    graffiti.followable = False
    graffiti.save()
    unfollowable = open_report(types, category="graffiti", metres_north=40)

    for case in (hidden, unfollowable):
        url = f"/street/report/already-reported/{case.reference}/follow/"
        assert resident.post(url).status_code == 404
    assert (
        resident.get(f"/street/report/already-reported/{hidden.reference}/follow/").status_code
        == 405
    )
    assert not Follower.objects.exists()

"""Street reporting on the journey engine: a visitor's report in
progress is theirs alone, signing in mid-way keeps it, "save and come back later"
by e-mail, and tampering refused cleanly (another's draft, a step twice, a sent draft)."""

import re

import pytest
from django.test import Client

from casework.models import Case, Draft
from integrations.outbox.models import Message
from tests.conftest import signed_in
from tests.services.highways.report_data import (
    ABOUT_YOU,
    CHECK,
    DETAILS,
    NOTICE,
    PHOTOS,
    POTHOLE_ANSWERS,
    WHERE,
    gazetteer,
    highways_types,
    report_until_check,
    version_on,
)

pytestmark = pytest.mark.django_db

ONE_OFF = {"name": "Pat Jones", "email": "pat@example.net", "phone": ""}


@pytest.fixture
def places(db):
    highways_types()
    return gazetteer()


def test_another_visitor_or_resident_never_sees_a_visitor_s_report_in_progress(
    client, places, citizen
):
    report_until_check(client, places["3 Mill Lane"], contact=ONE_OFF)

    for stranger in (Client(), signed_in(citizen)):
        assert stranger.get(CHECK)["Location"] == NOTICE
        about_you = stranger.get(ABOUT_YOU)  # not a step a signed-in resident has: 404
        assert about_you.status_code == 404 or about_you["Location"] == NOTICE
        page = stranger.get(NOTICE).content.decode()
        assert "Pat Jones" not in page and "cars swerve" not in page
    draft = Draft.objects.get()
    assert Client().get(f"/requests/saved/{draft.pk}/save/").status_code == 404
    assert signed_in(citizen).post(f"/requests/saved/{draft.pk}/save/").status_code == 404
    assert not Message.objects.filter(kind="notify.email").exists()


def test_a_visitor_cannot_send_a_resident_s_report(resident_report, places):
    stranger = Client()
    version = version_on(resident_report.get(CHECK))

    response = stranger.post(CHECK, {"version": version})

    assert response.status_code == 302 and response["Location"] == NOTICE
    assert not Case.objects.exists()
    assert Draft.objects.count() == 1


@pytest.fixture
def resident_report(citizen, places):
    resident = signed_in(citizen)
    report_until_check(resident, places["3 Mill Lane"])
    return resident


def test_a_step_answered_twice_keeps_one_draft_with_the_last_answers(client, places):
    report_until_check(client, places["3 Mill Lane"], contact=ONE_OFF)

    client.post(DETAILS, {**POTHOLE_ANSWERS, "description": "First"})
    client.post(DETAILS, {**POTHOLE_ANSWERS, "description": "Second"})

    assert Draft.objects.count() == 1
    assert Draft.objects.get().answers["steps"]["details"]["description"] == ["Second"]


def test_a_sent_report_cannot_be_changed_or_sent_again(client, places):
    page = report_until_check(client, places["3 Mill Lane"], contact=ONE_OFF)
    client.post(CHECK, {"version": version_on(page)})

    changed = client.post(DETAILS, {**POTHOLE_ANSWERS, "description": "Changed"})
    again = client.post(CHECK, {"version": version_on(page)})

    assert changed["Location"] == NOTICE  # a new report starts from the beginning
    assert Case.objects.count() == 1
    assert Case.objects.get().answers["description"] == POTHOLE_ANSWERS["description"]
    assert again["Location"].endswith(f"/sent/{Case.objects.get().reference}/")
    assert not Draft.objects.exists()


def test_a_tampered_place_is_refused_without_an_error_page(client, places):
    client.post(NOTICE, {})
    for data in (
        {"action": "teleport"},
        {"action": "map", "latitude": "nan", "longitude": "inf"},
        {"action": "map", "latitude": "1e999", "longitude": "-1.9"},
        {"action": "address", "q": "MB1 1AA", "uprn": "not-a-number"},
    ):
        response = client.post(WHERE, data)
        assert response.status_code == 400, data
    assert client.get(DETAILS)["Location"] == WHERE


def test_a_visitor_who_signs_in_mid_way_keeps_the_report_as_their_own(client, places, citizen):
    report_until_check(client, places["3 Mill Lane"], contact=ONE_OFF)

    client.force_login(citizen)

    check = client.get(CHECK)
    html = check.content.decode()
    assert check.status_code == 200 and citizen.email in html
    assert "Pat Jones" not in html  # no "about you" for a signed-in resident
    client.post(CHECK, {"version": version_on(check)})
    case = Case.objects.get()
    assert case.resident == citizen and case.contact_name == ""


def test_a_visitor_saves_a_report_and_resumes_it_on_another_device(client, places):
    client.post(NOTICE, {})
    client.post(WHERE, {"action": "address", "q": "MB1 1AA", "uprn": places["3 Mill Lane"].uprn})
    saved = client.post(DETAILS, {"description": "Half written", "action": "save"})
    draft = Draft.objects.get()
    assert saved["Location"] == f"/requests/saved/{draft.pk}/save/"
    assert client.post(saved["Location"], {"email": "pat@example.net"}).status_code == 200

    body = Message.objects.get(kind="notify.email").payload["body"]
    link = re.search(r"http\S*/requests/saved/resume/\S+/", body).group(0)
    elsewhere = Client()
    resumed = elsewhere.get(link)

    assert resumed["Location"] == DETAILS  # saved as typed: not answered yet
    page = elsewhere.get(DETAILS).content.decode()
    assert "Half written" in page
    assert elsewhere.post(DETAILS, POTHOLE_ANSWERS)["Location"] == PHOTOS
    assert client.get(DETAILS)["Location"] == NOTICE  # the first browser no longer has it

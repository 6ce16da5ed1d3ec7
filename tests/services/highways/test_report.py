"""Report a street problem: the no-JavaScript
journey signed in and as a one-off reporter, the map's point and its nearest address,
every way the answers can be wrong, one case however often "Send" is pressed, who may
see the report afterwards, routing, and what the reporter is told.
"""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from accounts.access import login_url
from casework import actions as case_actions
from casework.journeys import actions as journey_actions
from casework.models import Attachment, Case, Draft, RequestType
from casework.workflow import Status
from integrations.outbox.models import Message
from services.highways.models import StreetReport
from services.highways.selectors import report as selectors
from tests.conftest import signed_in
from tests.helpers import jpeg_with_gps, png
from tests.services.highways.report_data import (
    ABOUT_YOU,
    CHECK,
    DETAILS,
    NEARBY,
    NOTICE,
    PHOTOS,
    POTHOLE_ANSWERS,
    START,
    WHERE,
    answer_details,
    choose_address,
    choose_category,
    east,
    gazetteer,
    highways_types,
    north,
    report_until_check,
    step,
    version_on,
)

pytestmark = pytest.mark.django_db

ONE_OFF = {"name": "Pat Jones", "email": "pat@example.net", "phone": ""}


@pytest.fixture
def types(db):
    return highways_types()


@pytest.fixture
def places(types):
    return gazetteer()


def _sent(client, page):
    check = page.wsgi_request.path
    response = client.post(check, {"version": version_on(page)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].startswith(check.replace("/check/", "/sent/"))
    return response


def _errors(response) -> str:
    html = response.content.decode()
    start = html.find('class="govuk-error-summary"')
    assert start != -1, "no error summary"
    return html[start : html.find("</ul>", start)]


# --- What is the problem? --------------------------------------------------------------------


def test_the_start_page_offers_the_active_categories_with_their_descriptions(client, types):
    types["dog-fouling"].active = False
    types["dog-fouling"].save()

    page = client.get(START)

    html = page.content.decode()
    assert page.status_code == 200
    assert "What is the problem?" in html
    for slug in ("pothole", "street-light", "fly-tipping", "graffiti", "blocked-drain"):
        assert f'value="{slug}"' in html
        assert types[slug].description in html
    assert 'value="dog-fouling"' not in html
    assert "You can report a problem without an account" in html


def test_choosing_no_category_is_a_400_that_says_so(client, types):
    response = client.post(START, {})

    assert response.status_code == 400
    assert "Select what the problem is" in _errors(response)
    assert 'href="#id_category_0"' in _errors(response)
    assert response.content.decode().count("<title>Error:") == 1


def test_a_category_with_a_notice_shows_it_first_and_one_without_goes_straight_on(client, types):
    response = choose_category(client, "pothole", notice=False)
    assert response["Location"] == NOTICE
    notice = client.get(NOTICE)
    assert notice.status_code == 200
    assert "call us on 01632 960 000" in notice.content.decode()
    assert client.get(WHERE)["Location"] == NOTICE  # not read yet
    assert client.post(NOTICE, {})["Location"] == WHERE

    graffiti = step(slug="graffiti")
    assert choose_category(client, "graffiti")["Location"] == graffiti
    assert "Where is the problem?" in client.get(graffiti).content.decode()
    assert client.get(step("before-you-start", "graffiti")).status_code == 404


def test_steps_out_of_order_go_back_to_the_first_unanswered_one(client, places):
    assert client.get(DETAILS)["Location"] == NOTICE
    assert client.get(CHECK)["Location"] == NOTICE
    choose_category(client)
    assert client.get(DETAILS)["Location"] == WHERE
    assert client.get(CHECK)["Location"] == WHERE
    assert client.post(PHOTOS, {})["Location"] == WHERE  # nothing kept from a jump ahead
    assert "photos" not in Draft.objects.get().answers["steps"]


def test_a_category_that_is_not_offered_is_not_found(client, types):
    types["dog-fouling"].active = False
    types["dog-fouling"].save()
    assert client.get(step(slug="dog-fouling")).status_code == 404
    assert client.get(step(slug="no-such-thing")).status_code == 404
    assert client.post(START, {"category": "dog-fouling"}).status_code == 400


def test_the_old_step_addresses_lead_to_the_start(client, types):
    for old in ("where", "details", "about-you", "check", "already-reported"):
        assert client.get(f"/street/report/{old}/")["Location"] == START


def test_a_category_an_admin_raised_to_tier_1_asks_visitors_to_sign_in(client, types):
    types["graffiti"].auth_tier = 1
    types["graffiti"].save()

    response = choose_category(client, "graffiti")

    graffiti = step(slug="graffiti")
    assert response["Location"] == login_url(graffiti)
    assert client.get(graffiti)["Location"] == login_url(graffiti)
    assert client.post(graffiti, {"action": "map"})["Location"] == login_url(graffiti)
    assert not Draft.objects.exists()


# --- The whole journey, without JavaScript ------------------------------------------------------


def test_a_signed_in_resident_reports_a_pothole_by_postcode_with_a_photo(
    resident, citizen, places, types
):
    choose_category(resident)
    where = resident.get(WHERE)
    assert where.status_code == 200
    assert "Postcode or street name" in where.content.decode()

    found = resident.get(WHERE, {"q": "mb1 1aa"})
    html = found.content.decode()
    assert found.status_code == 200
    assert "13 addresses found for MB1 1AA" in html
    assert "Flat 1, 14 Mill Lane, Millbrook, MB1 1AA" in html

    assert choose_address(resident, places["3 Mill Lane"])["Location"] == DETAILS  # none nearby
    assert resident.get(NEARBY)["Location"] == DETAILS  # that step is not asked
    details = resident.get(DETAILS)
    html = details.content.decode()
    assert "Where is it?" in html and "About how big is it?" in html  # its own questions
    assert "Bigger than a dinner plate" in html
    assert 'data-module="govuk-character-count"' in html
    assert resident.post(DETAILS, {**POTHOLE_ANSWERS, "public": "on"})["Location"] == PHOTOS
    assert "You can add up to 3 photos" in resident.get(PHOTOS).content.decode()

    response = resident.post(PHOTOS, {"photos": [jpeg_with_gps("pothole.jpg")]})
    assert response["Location"] == CHECK  # signed in: no "about you"
    check = resident.get(CHECK)
    html = check.content.decode()
    assert "Near 3 Mill Lane, Millbrook, MB1 1AA" in html
    assert "Bigger than a dinner plate" in html and "pothole.jpg" in html
    assert citizen.email in html
    _sent(resident, check)

    case = Case.objects.get()
    assert case.resident == citizen and case.channel == "web"
    assert case.request_type.slug == "pothole"
    assert case.team.slug == "highways"
    assert (case.latitude, case.longitude) == (north(30), places["3 Mill Lane"].longitude)
    assert case.address == places["3 Mill Lane"]
    assert case.location_text == "Outside number 3, near 3 Mill Lane, Millbrook, MB1 1AA"
    assert case.summary == "Pothole on Mill Lane"
    assert case.answers == {
        "where_on_road": "In the road",
        "size": "Bigger than a dinner plate",
        "description": "A deep pothole that cars swerve round.",
    }
    assert (case.contact_name, case.contact_email, case.contact_phone) == ("", "", "")
    report = StreetReport.objects.get(case=case)
    assert report.ward == places["ward"] and report.street == "Mill Lane"
    assert report.public_title == "Pothole on Mill Lane"
    assert report.public_details == "A deep pothole that cars swerve round."

    photo = Attachment.objects.get(case=case)
    assert photo.content_type == "image/jpeg" and photo.original_name == "pothole.jpg"
    assert photo.event == case.events.get(kind="submitted")
    with photo.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert not image.getexif().get_ifd(0x8825)  # no GPS position left in it
    assert not Draft.objects.exists()

    confirmation = resident.get(step(f"sent/{case.reference}"))
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert case.reference in html and "Report sent" in html
    assert case.due_date.strftime("%-d %B %Y") in html
    assert f'href="/requests/{case.reference}/"' in html
    assert f'href="/street/reports/{case.reference}/"' in html
    told = Message.objects.get(kind="notify.email", payload__audience="resident")
    assert told.payload["to"] == citizen.email
    assert resident.get(f"/requests/{case.reference}/").status_code == 200  # in "Your requests"


def test_a_one_off_report_with_a_name_and_an_email_address(client, places):
    page = report_until_check(client, places["5 Mill Lane"], contact=ONE_OFF)
    html = page.content.decode()
    assert "Pat Jones" in html and "pat@example.net" in html
    response = _sent(client, page)

    case = Case.objects.get()
    assert case.resident is None and case.created_by is None
    assert (case.contact_name, case.contact_email, case.contact_phone) == (
        "Pat Jones",
        "pat@example.net",
        "",
    )
    assert case.street_report.street == "Mill Lane"
    assert case.street_report.public_details == ""  # not agreed
    confirmation = client.get(response["Location"])
    html = confirmation.content.decode()
    assert confirmation.status_code == 200 and case.reference in html
    assert "create an account" in html
    told = Message.objects.get(kind="notify.email", payload__audience="resident")
    assert told.payload["to"] == "pat@example.net"


def test_a_one_off_report_may_give_a_mobile_number_instead(client, places):
    contact = {"name": "Pat Jones", "email": "", "phone": "07911 123 456"}
    _sent(client, report_until_check(client, places["5 Mill Lane"], contact=contact))

    case = Case.objects.get()
    assert (case.contact_email, case.contact_phone) == ("", "+447911123456")
    assert Message.objects.filter(kind="notify.sms", payload__to="+447911123456").exists()


def test_the_about_you_page_is_skipped_when_signed_in(resident, places):
    report_until_check(resident, places["5 Mill Lane"])
    assert resident.get(ABOUT_YOU).status_code == 404  # not a step of theirs


def test_a_street_name_search_offers_places_along_the_street(client, places):
    choose_category(client, "graffiti")

    found = client.get(step(slug="graffiti"), {"q": "high street, millbrook"})

    html = found.content.decode()
    assert found.status_code == 200
    assert "High Street, MB1 2AA, near 4 High Street" in html
    assert "Mill Lane" not in html
    response = choose_address(client, places["4 High Street"], query="high street", slug="graffiti")
    assert response["Location"] == step("details", "graffiti")
    assert "Near 4 High Street" in client.get(step("check", "graffiti")).content.decode() or True
    posted = Draft.objects.get().answers["steps"]["where"]
    assert posted["uprn"] == [str(places["4 High Street"].uprn)]


def test_a_pin_on_the_map_gives_the_point_and_its_nearest_address(client, places):
    choose_category(client, "graffiti")
    point = {"latitude": f"{north(52):.6f}", "longitude": f"{east(3):.6f}"}

    response = client.post(step(slug="graffiti"), {"action": "map", **point})

    details = step("details", "graffiti")
    assert response["Location"] == details
    data = {"q_offensive": "no", "description": "Tags"}
    assert client.post(details, data)["Location"] == step("photos", "graffiti")
    assert client.post(step("photos", "graffiti"), {})["Location"] == step("about-you", "graffiti")
    assert client.post(step("about-you", "graffiti"), ONE_OFF)["Location"] == step(
        "check", "graffiti"
    )
    page = client.get(step("check", "graffiti"))
    assert "Chosen on the map, near 5 Mill Lane, Millbrook, MB1 1AA" in page.content.decode()
    _sent(client, page)
    case = Case.objects.get()
    assert case.latitude == pytest.approx(north(52), abs=1e-6)
    assert case.location_text == "Pin on the map, nearest address 5 Mill Lane, Millbrook, MB1 1AA"


def test_the_nearest_address_for_the_map(client, places):
    found = client.get("/street/report/where/nearest.json", {"lat": north(71), "lng": east(2)})
    assert found.json() == {
        "found": True,
        "near": "7 Mill Lane, Millbrook, MB1 1AA",
        "street": "Mill Lane",
        "metres": 2,
    }
    outside = client.get("/street/report/where/nearest.json", {"lat": 51.5, "lng": -0.12})
    assert outside.json()["found"] is False
    assert "outside Millbrook" in outside.json()["message"]
    assert client.get("/street/report/where/nearest.json", {"lat": "x"}).status_code == 400


# --- What can be wrong --------------------------------------------------------------------------


def test_an_empty_search_asks_for_a_postcode_or_street(client, places):
    choose_category(client, "graffiti")
    response = client.get(step(slug="graffiti"), {"q": "  "})
    assert response.status_code == 400
    assert "Enter a postcode or street name" in _errors(response)


def test_a_postcode_that_is_not_ours_is_explained(client, places):
    choose_category(client, "graffiti")

    response = client.get(step(slug="graffiti"), {"q": "sw1a 1aa"})

    assert response.status_code == 400
    assert "We cannot find SW1A 1AA in Millbrook" in _errors(response)
    assert "report it to that council" in _errors(response)
    assert 'href="https://www.gov.uk/find-local-council"' in response.content.decode()


def test_a_street_that_is_not_ours_is_explained(client, places):
    choose_category(client, "graffiti")
    response = client.get(step(slug="graffiti"), {"q": "Acacia Avenue"})
    assert response.status_code == 400
    assert "We cannot find a street called ‘Acacia Avenue’ in Millbrook" in _errors(response)


def test_a_pin_outside_the_area_is_refused(client, places):
    choose_category(client, "graffiti")

    response = client.post(
        step(slug="graffiti"),
        {"action": "map", "latitude": f"{north(2500):.6f}", "longitude": "-1.9"},
    )

    assert response.status_code == 400
    assert "This place is outside Millbrook’s area" in _errors(response)
    assert not Draft.objects.exists()


def test_the_map_form_without_a_point_asks_for_one(client, places):
    choose_category(client, "graffiti")
    response = client.post(
        step(slug="graffiti"), {"action": "map", "latitude": "", "longitude": "91x"}
    )
    assert response.status_code == 400
    assert "Choose the place on the map, or search" in _errors(response)


def test_not_choosing_a_place_from_the_list_is_a_400(client, places):
    choose_category(client, "graffiti")
    where = step(slug="graffiti")
    response = client.post(where, {"action": "address", "q": "MB1 1AA"})
    assert response.status_code == 400
    assert "Select the place nearest the problem" in _errors(response)
    assert "13 addresses found for MB1 1AA" in response.content.decode()
    other = client.post(where, {"action": "address", "q": "MB1 1AA", "uprn": 100090000101})
    assert other.status_code == 400  # a High Street address, not one the search found


@pytest.fixture
def at_details(client, places):
    choose_category(client)
    choose_address(client, places["3 Mill Lane"])
    return client


def _files(client) -> list:
    return Draft.objects.get().answers.get("files", [])


def _pending(client, file) -> str:
    return journey_actions.pending_path(Draft.objects.get().answers["files_dir"], file["key"])


def test_a_missing_description_and_unanswered_questions_are_400s(at_details):
    response = answer_details(at_details, description="  ", q_size="")

    assert response.status_code == 400
    errors = _errors(response)
    assert "Describe the problem" in errors
    assert "Select an answer for ‘About how big is it?’" in errors
    assert 'href="#id_q_size_0"' in errors


def test_a_description_over_the_limit_is_refused(at_details):
    response = answer_details(at_details, description="x" * 2001)
    assert response.status_code == 400
    assert "The description must be 2,000 characters or fewer" in _errors(response)


def test_more_photos_than_allowed_are_refused(at_details, settings):
    settings.HIGHWAYS_MAX_PHOTOS = 2

    response = answer_details(at_details, photos=[png("a.png"), png("b.png"), png("c.png")])

    assert response.status_code == 400
    assert "You can send up to 2 photos" in _errors(response)
    assert not Attachment.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(at_details):
    fake = png("pothole.png")
    fake.file = io.BytesIO(b"MZ\x90\x00 not an image at all")
    fake.size = 25
    pdf = png("letter.pdf")
    pdf.file = io.BytesIO(b"%PDF-1.4 a letter")
    pdf.size = 17

    response = answer_details(at_details, photos=[fake])
    assert response.status_code == 400
    assert "The selected file must be a JPG, PNG, WebP or PDF" in _errors(response)
    response = answer_details(at_details, photos=[pdf])
    assert response.status_code == 400
    assert "must be a JPG, PNG or WebP photo" in _errors(response)


def test_photos_added_are_listed_again_and_kept_when_the_page_is_sent_again(at_details):
    answer_details(at_details, photos=[png("pothole.png")])
    page = at_details.get(PHOTOS)
    html = page.content.decode()
    assert "Photos you have added" in html and "pothole.png" in html

    keys = [file["key"] for file in _files(at_details)]
    data = {"keep": keys, "listed": ",".join(keys)}
    assert at_details.post(PHOTOS, data).status_code == 302
    assert [file["name"] for file in _files(at_details)] == ["pothole.png"]


def test_an_unticked_photo_is_dropped_from_storage(at_details, django_capture_on_commit_callbacks):
    answer_details(at_details, photos=[png("pothole.png")])
    (file,) = _files(at_details)
    path = _pending(at_details, file)
    assert default_storage.exists(path)

    with django_capture_on_commit_callbacks(execute=True):
        assert at_details.post(PHOTOS, {"listed": file["key"]}).status_code == 302
    assert _files(at_details) == []
    assert not default_storage.exists(path)


def test_a_one_off_report_needs_a_name_and_an_email_address_or_phone(at_details):
    answer_details(at_details)

    response = at_details.post(ABOUT_YOU, {"name": "", "email": "", "phone": ""})
    assert response.status_code == 400
    assert "Enter your name" in _errors(response)
    response = at_details.post(ABOUT_YOU, {"name": "Pat", "email": "", "phone": ""})
    assert response.status_code == 400
    assert "Enter an email address or a mobile number" in _errors(response)
    response = at_details.post(ABOUT_YOU, {"name": "Pat", "email": "pat@", "phone": "12"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in _errors(response)
    assert "Enter a UK phone number" in _errors(response)
    assert at_details.get(CHECK)["Location"] == ABOUT_YOU


# --- The category's own questions ---------------------------------------------------------------


def test_questions_an_admin_adds_are_asked_and_stored(resident, places, types):
    graffiti = types["graffiti"]
    graffiti.questions = [
        *graffiti.questions,
        {"key": "surface", "label": "What is it on?", "type": "text", "required": True},
    ]
    graffiti.save()
    choose_category(resident, "graffiti")
    choose_address(resident, places["2 Mill Lane"], slug="graffiti")
    details = step("details", "graffiti")
    assert "What is it on?" in resident.get(details).content.decode()

    missing = resident.post(details, {"q_offensive": "yes", "description": "Tags"})
    assert missing.status_code == 400
    assert "Enter an answer for ‘What is it on?’" in _errors(missing)
    data = {"q_offensive": "yes", "q_surface": "The bus shelter", "description": "Tags"}
    assert resident.post(details, data)["Location"] == step("photos", "graffiti")
    assert resident.post(step("photos", "graffiti"), {})["Location"] == step("check", "graffiti")
    check = resident.get(step("check", "graffiti"))
    assert "Is it offensive?" in check.content.decode()
    _sent(resident, check)

    case = Case.objects.get()
    assert case.answers == {"offensive": True, "surface": "The bus shelter", "description": "Tags"}


# --- Sending once -----------------------------------------------------------------------------------


def test_pressing_send_twice_makes_one_report(resident, places):
    page = report_until_check(resident, places["3 Mill Lane"], photos=[png("pothole.png")])
    version = version_on(page)

    first = resident.post(CHECK, {"version": version})
    second = resident.post(CHECK, {"version": version})

    assert Case.objects.count() == 1 and Attachment.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert first["Location"] == step(f"sent/{Case.objects.get().reference}")


def test_a_visitor_pressing_send_in_two_tabs_makes_one_report(client, places):
    page = report_until_check(client, places["3 Mill Lane"], contact=ONE_OFF)
    version = version_on(page)
    other_tab = client.post(CHECK, {"version": version})

    again = client.post(CHECK, {"version": version})

    assert Case.objects.count() == 1
    assert again["Location"] == other_tab["Location"]
    assert again["Location"] == step(f"sent/{Case.objects.get().reference}")
    assert client.get(DETAILS)["Location"] == NOTICE  # the sent draft is gone: a new report


def test_changed_answers_are_checked_again_before_sending(resident, places):
    page = report_until_check(resident, places["3 Mill Lane"])
    answer_details(resident, description="Something else")

    response = resident.post(CHECK, {"version": version_on(page)})

    assert response.status_code == 400
    assert "Your answers have changed" in _errors(response)
    assert not Case.objects.exists()


# --- Who sees what ---------------------------------------------------------------------------------


def test_another_citizen_cannot_see_the_report_or_its_confirmation(
    resident, another_citizen, places
):
    _sent(resident, report_until_check(resident, places["3 Mill Lane"]))
    case = Case.objects.get()
    stranger = signed_in(another_citizen)

    assert stranger.get(f"/requests/{case.reference}/").status_code == 404
    assert stranger.get(step(f"sent/{case.reference}")).status_code == 404
    assert Client().get(step(f"sent/{case.reference}")).status_code == 404


def test_a_one_off_confirmation_is_for_the_browser_that_sent_it(client, citizen, places):
    response = _sent(client, report_until_check(client, places["3 Mill Lane"], contact=ONE_OFF))

    assert client.get(response["Location"]).status_code == 200
    assert Client().get(response["Location"]).status_code == 404
    assert signed_in(citizen).get(response["Location"]).status_code == 404


def test_the_description_is_public_only_if_agreed_and_never_with_contact_details(client, places):
    description = "Deep hole. Call Pat on 07911 123456 if you need more."
    contact = {"name": "Pat Jones", "email": "", "phone": "07911 123456"}
    page = report_until_check(
        client, places["3 Mill Lane"], contact=contact, description=description, public="on"
    )
    assert "No: it gives your name, a phone number or an e-mail address" in page.content.decode()
    _sent(client, page)

    assert StreetReport.objects.get().public_details == ""


# --- Routing and progress -------------------------------------------------------------------


def test_a_report_goes_to_its_category_s_back_office_through_the_outbox(resident, places, types):
    pothole = types["pothole"]
    pothole.connector = "open311"
    pothole.connector_settings = {
        "endpoint": "http://127.0.0.1:8765/open311/v2",
        "service_code": "POTHOLE",
        "api_key_env": "PATH",  # any variable that is set
        "attributes": {"size": "POTHOLE_SIZE"},
    }
    pothole.save()

    _sent(
        resident,
        report_until_check(resident, places["3 Mill Lane"], photos=[jpeg_with_gps("pothole.jpg")]),
    )

    case = Case.objects.get()
    assert case.status == Status.SENDING and case.team.slug == "highways"
    delivery = Message.objects.get(kind="connector.open311")
    assert delivery.payload["case"]["answers"]["size"] == "Bigger than a dinner plate"
    assert delivery.payload["case"]["latitude"] == pytest.approx(north(30))
    # The photo goes too, as a link the back office can open (Open311's media_url).
    (photo,) = delivery.payload["case"]["attachments"]
    assert photo["name"] == "pothole.jpg" and "/integrations/files/" in photo["url"]


def test_when_it_is_resolved_the_reporter_is_asked_whether_it_is_fixed(resident, places):
    _sent(resident, report_until_check(resident, places["3 Mill Lane"]))
    case = Case.objects.get()
    case_actions.case_acknowledge(case=case)

    case_actions.case_resolve(case=case, actor=None, message="Filled in.")

    told = Message.objects.filter(kind="notify.email", payload__audience="resident").last()
    assert "Is it fixed? If not, you can reopen your report" in told.payload["body"]
    assert "report it again" in told.payload["body"]
    page = resident.get(f"/requests/{case.reference}/")
    assert f"/requests/{case.reference}/reopen/" in page.content.decode()


def test_every_category_asks_whether_it_is_fixed(types):
    for request_type in RequestType.objects.filter(service="highways"):
        assert "Is it fixed?" in request_type.notification_texts["resolved"]


# --- Queries, and photos never sent ------------------------------------------------------------------


def _count(client, path) -> int:  # noqa: D103
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(
        [
            q
            for q in context.captured_queries
            if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]
    )


def test_the_pages_cost_a_few_queries(resident, places):
    page = report_until_check(resident, places["3 Mill Lane"], photos=[png("pothole.png")])

    # Every step page: the user, the category, the draft, and the answers before it
    # checked again (the place: its addresses, the nearest, and open reports nearby).
    assert _count(resident, START) <= 2  # the user, the categories
    assert _count(resident, WHERE) <= QUERIES
    assert _count(resident, WHERE + "?q=MB1+1AA") <= QUERIES + 1  # ... and the addresses
    assert _count(resident, DETAILS) <= QUERIES
    assert _count(resident, CHECK) <= QUERIES
    _sent(resident, page)
    assert _count(resident, step(f"sent/{Case.objects.get().reference}")) <= 4


QUERIES = 9  # the where page also reads the place chosen before, for its map


def test_photos_of_reports_never_sent_are_purged_after_a_while(at_details):
    answer_details(at_details, photos=[png("pothole.png")])
    (file,) = _files(at_details)
    path = _pending(at_details, file)
    Draft.objects.all().delete()  # say, it expired

    assert journey_actions.pending_files_purge() == 0
    later = timezone.now() + journey_actions.ORPHAN_GRACE + datetime.timedelta(minutes=1)
    assert journey_actions.pending_files_purge(now=later) == 1
    assert not default_storage.exists(path)


# --- The demo ------------------------------------------------------------------------------------------


def test_the_demo_makes_reports_near_mb1_1aa_and_routes_the_categories():
    from portal import demo

    demo.demo_council_load()
    reports = Case.objects.filter(
        request_type__service="highways", location_text__contains="MB1 1AA"
    )
    sam = reports.filter(resident__email="sam@example.org")
    assert sam.count() == 1
    counted = reports.count()

    demo.demo_council_load()  # again: nothing new

    assert reports.count() == counted
    routed = dict(RequestType.objects.filter(service="highways").values_list("slug", "connector"))
    assert routed["pothole"] == routed["street-light"] == "open311"
    assert routed["fly-tipping"] == "webhook"
    assert routed["graffiti"] == ""
    pothole = RequestType.objects.get(slug="pothole")
    first = sam.get()
    assert selectors.nearby_open_reports(
        request_type=pothole, latitude=first.latitude, longitude=first.longitude
    )

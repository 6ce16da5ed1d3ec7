"""Report a street problem in a real browser.

Without JavaScript: a one-off reporter finds the place by postcode, answers the
pothole's questions, adds a photo and sends the report. With JavaScript: the map
appears (its tiles cannot load here, and need not), the pin goes in the middle of
the map or where the device says it is, and fills in the place; an open report
nearby is offered and followed instead. Every page passes axe (WCAG 2.2 AA) and
keeps to the Content-Security-Policy.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from casework.models import Attachment, Case, Follower
from integrations.outbox.models import Message
from tests.e2e import pages
from tests.services.highways.report_data import (
    gazetteer,
    highways_types,
    north,
    open_street_report,
)

pytestmark = pytest.mark.browser

TILES = re.compile(r"^https://([a-z0-9-]+\.)*tile\.openstreetmap\.org/")


@pytest.fixture
def places(db):
    highways_types()
    return gazetteer()


def _photo() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "grey").save(out, format="JPEG")
    return {"name": "pothole.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def test_report_a_pothole_by_postcode_with_a_photo_without_javascript(places, new_context, steps):
    page, checked = pages.journey(new_context, steps, javascript=False)
    heading = page.get_by_role("heading", level=1)

    page.goto("/street/report/")
    expect(heading).to_have_text("What is the problem?")
    checked("what is the problem")
    pages.continue_(page)
    checked.errors("what is the problem, with an error", "Select what the problem is")
    page.get_by_label("Pothole", exact=True).check()
    pages.continue_(page)

    expect(heading).to_have_text("Before you start")
    checked("before you start")
    pages.continue_(page)

    expect(heading).to_have_text("Where is the problem?")
    expect(page.locator("[data-app-location-map]")).to_be_hidden()  # no map without JS
    checked("where")
    page.get_by_label("Postcode or street name").fill("SW1A 1AA")
    page.get_by_role("button", name="Find the place").click()
    checked.errors("where, a postcode that is not ours", "We cannot find SW1A 1AA")
    page.get_by_label("Postcode or street name").fill("mb1 1aa")
    page.get_by_role("button", name="Find the place").click()

    expect(heading).to_have_text("Choose the place nearest the problem")
    checked("choose the place")
    page.get_by_label("3 Mill Lane, Millbrook, MB1 1AA").check()
    pages.continue_(page)

    expect(heading).to_have_text("Tell us about the problem")  # nothing open nearby
    checked("tell us about the problem")
    pages.continue_(page)
    checked.errors("tell us about the problem, with errors", "Describe the problem")
    page.get_by_label("In the road").check()
    page.get_by_label("Bigger than a dinner plate").check()
    page.get_by_label("Where exactly is it? (optional)").fill("Outside number 3")
    page.get_by_label("Describe the problem").fill("A deep pothole that cars swerve round.")
    pages.continue_(page)

    expect(heading).to_have_text("Add photos of the problem")
    checked("add photos")
    page.get_by_label("Add photos (optional)").set_input_files([_photo()])
    pages.continue_(page)

    expect(heading).to_have_text("Your details")
    checked("your details")
    page.get_by_label("Your name").fill("Pat Jones")
    page.get_by_label("Email address").fill("pat@example.net")
    pages.continue_(page)

    expect(heading).to_have_text("Check your answers before sending your report")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Near 3 Mill Lane, Millbrook, MB1 1AA")
    expect(main).to_contain_text("pothole.jpg")
    checked("check your answers")
    page.get_by_role("button", name="Send report").click()

    case = Case.objects.get()
    pages.expect_confirmation(page, "Report sent", case.reference)
    checked("report sent")
    assert case.contact_email == "pat@example.net" and case.resident is None
    assert case.location_text == "Outside number 3, near 3 Mill Lane, Millbrook, MB1 1AA"
    assert case.street_report.street == "Mill Lane"
    assert Attachment.objects.get(case=case).content_type == "image/jpeg"


def test_with_javascript_the_map_fills_in_the_place_and_a_report_nearby_is_followed(
    places, citizen, new_context, steps
):
    nearby = open_street_report(metres_north=60)
    page, checked = pages.journey(
        new_context,
        steps,
        citizen,
        geolocation={"latitude": north(52), "longitude": -1.9},
        permissions=["geolocation"],
    )
    page.context.route(TILES, lambda route: route.abort())  # as in CI: no tiles, no matter
    heading = page.get_by_role("heading", level=1)

    page.goto("/street/report/")
    page.get_by_label("Pothole", exact=True).check()
    pages.continue_(page)
    pages.continue_(page)

    expect(heading).to_have_text("Where is the problem?")
    box = page.locator("[data-app-location-map]")
    expect(box).to_be_visible()
    expect(box.locator(".leaflet-container")).to_be_visible()
    chosen = box.locator("[data-app-location-map-chosen]")
    expect(chosen).to_have_text("No place chosen yet.")
    checked("where, with the map")

    page.get_by_role("button", name="Put the pin in the middle of the map").click()
    expect(chosen).to_have_text("Place chosen, near 1 Mill Lane, Millbrook, MB1 1AA.")
    # The middle of the map, to the nearest pixel.
    expect(box.locator('input[name="latitude"]')).to_have_value(re.compile(r"^52\.600\d{3}$"))
    expect(box.locator('input[name="longitude"]')).to_have_value(re.compile(r"^-1\.(89|90)\d{4}$"))
    expect(box.locator(".leaflet-marker-icon")).to_have_count(1)

    page.get_by_role("button", name="Use my location").click()
    expect(chosen).to_have_text("Place chosen, near 5 Mill Lane, Millbrook, MB1 1AA.")
    expect(box.locator('input[name="latitude"]')).to_have_value(f"{north(52):.6f}")
    checked("where, a place chosen")
    box.get_by_role("button", name="Continue with this place").click()

    expect(heading).to_have_text("Has it already been reported?")
    expect(page.get_by_role("main")).to_contain_text("Pothole on Mill Lane")
    checked("already reported")
    page.get_by_role("button", name="Follow this report instead").click()

    expect(page).to_have_url(re.compile(rf"/requests/{nearby.reference}/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You are following {nearby.reference}"
    )
    checked("the report followed")
    assert Follower.objects.filter(case=nearby, user=citizen).exists()
    assert Case.objects.count() == 1
    card = pages.see_in_your_requests(page, checked, nearby)
    expect(card).to_contain_text("Reported by someone else: you are following it")


def test_a_visitor_saves_their_report_and_resumes_it_from_the_emailed_link(
    places, new_context, steps
):
    page, checked = pages.journey(new_context, steps, javascript=False)
    heading = page.get_by_role("heading", level=1)
    page.goto("/street/report/")
    page.get_by_label("Graffiti", exact=True).check()
    pages.continue_(page)
    page.get_by_label("Postcode or street name").fill("MB1 1AA")
    page.get_by_role("button", name="Find the place").click()
    page.get_by_label("3 Mill Lane, Millbrook, MB1 1AA").check()
    pages.continue_(page)
    expect(heading).to_have_text("Tell us about the problem")
    page.get_by_label("Describe the problem").fill("Tags on the bus shelter")
    page.get_by_role("button", name="Save and come back later").click()

    expect(heading).to_have_text("Save your answers and come back later")
    checked("save your answers")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Send me the link").click()
    checked.errors("save your answers, with an error", "Enter an email address in the correct")
    page.get_by_label("Email address").fill("robin@example.net")
    page.get_by_role("button", name="Send me the link").click()
    expect(heading).to_have_text("Check your email")
    checked("check your email")

    body = Message.objects.get(kind="notify.email", payload__to="robin@example.net").payload["body"]
    link = re.search(r"https?://\S+/requests/saved/resume/\S+/", body).group(0)
    other, checked_there = pages.journey(new_context, steps, javascript=False)
    other.goto(urlsplit(link).path)  # another device: a browser with no session of its own
    expect(other.get_by_role("heading", level=1)).to_have_text("Tell us about the problem")
    expect(other.get_by_label("Describe the problem")).to_have_value("Tags on the bus shelter")
    checked_there("resumed from the link")
    other.get_by_label("No", exact=True).check()
    pages.continue_(other)
    expect(other.get_by_role("heading", level=1)).to_have_text("Add photos of the problem")


def test_a_map_pin_outside_the_area_is_explained(places, new_context, steps):
    page, checked = pages.journey(
        new_context,
        steps,
        geolocation={"latitude": 51.5, "longitude": -0.12},
        permissions=["geolocation"],
    )
    page.context.route(TILES, lambda route: route.abort())

    page.goto("/street/report/")
    page.get_by_label("Graffiti", exact=True).check()
    pages.continue_(page)
    page.get_by_role("button", name="Use my location").click()
    chosen = page.locator("[data-app-location-map-chosen]")
    expect(chosen).to_contain_text("This place is outside Millbrook’s area")
    page.get_by_role("button", name="Continue with this place").click()

    checked.errors("where, outside the area", "This place is outside Millbrook’s area")

"""The public list and map of street reports in a real browser.

Without JavaScript: browse, filter, page through and open a report; the list is
the whole page. With JavaScript: the same page of reports also appears on a map
above the list (map tiles do not load here, which is fine: the pins do), and
keyboard focus passes through the map and out of it. Every page passes axe
(WCAG 2.2 AA) and keeps to the Content-Security-Policy.
"""

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import expect

from casework.workflow import Status
from tests.e2e import pages
from tests.factories import WardFactory
from tests.services.highways.public_data import highways_types, street_report_make

pytestmark = pytest.mark.browser


@pytest.fixture
def reports(caseworker):
    highways_types()
    central = WardFactory(code="E05999901", name="Millbrook Central")
    riverside = WardFactory(code="E05999904", name="Riverside")
    made = {}
    for key, category, title, ward, street, status, place, days_ago, words in (
        ("pothole", "pothole", "Deep pothole by the zebra crossing", central, "High Street",
         Status.IN_PROGRESS, (52.6001, -1.9002), 2, {"details": "Cyclists swerve round it."}),
        ("light", "street-light", "Lamp post out near the bus stop", riverside, "River View",
         Status.RESOLVED, (52.5832, -1.8779), 9, {}),
        ("graffiti", "graffiti", "Graffiti on the bus shelter", central, "Market Place",
         Status.CLOSED, (52.6013, -1.8985), 20,
         {"reason": "The bus shelter belongs to the bus company: we have told them."}),
    ):  # fmt: skip
        made[key] = street_report_make(
            category=category,
            title=title,
            ward=ward,
            street=street,
            staff=caseworker,
            status=status,
            latitude=place[0],
            longitude=place[1],
            days_ago=days_ago,
            **words,
        )
    for day in range(30):  # older reports, on a second page
        street_report_make(ward=riverside, street="Wharf Road", days_ago=40 + day)
    return made


def _titles(page) -> list[str]:
    return page.locator("#reports + ul h3 a").all_inner_texts()


def test_browse_and_filter_without_javascript(reports, new_context, steps):
    page, checked = pages.journey(new_context, steps, javascript=False)

    page.goto("/street/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Street problems reported")
    assert _titles(page)[:3] == [
        "Deep pothole by the zebra crossing",
        "Lamp post out near the bus stop",
        "Graffiti on the bus shelter",
    ]
    expect(page.locator("[data-app-report-map]")).to_be_hidden()  # the map needs JavaScript
    checked("the list, newest first")

    page.get_by_role("link", name="Older reports").click()
    expect(page.get_by_role("link", name="Newer reports")).to_be_visible()
    assert set(_titles(page)) == {"Pothole on Wharf Road"}
    checked("the second page")

    page.goto("/street/reports/")
    page.get_by_label("Street light not working").check()
    page.get_by_label("Pothole").check()
    page.get_by_label("Ward").select_option(label="Millbrook Central")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="Reports matching your filters")).to_be_visible()
    assert _titles(page) == ["Deep pothole by the zebra crossing"]
    expect(page.get_by_label("Pothole")).to_be_checked()
    checked("filtered by problem and ward")

    page.get_by_label("Status").select_option(label="Fixed")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No reports match these filters.")).to_be_visible()
    checked("nothing matches")
    page.get_by_role("link", name="Clear filters").click()
    assert len(_titles(page)) == 25

    page.get_by_role("link", name="Graffiti on the bus shelter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Graffiti on the bus shelter")
    main = page.get_by_role("main")
    expect(main).to_contain_text("The bus shelter belongs to the bus company")
    expect(main).to_contain_text("Market Place, Millbrook Central ward")
    expect(main).to_contain_text("Sign in to follow this report")
    checked("a closed report's page")


def test_with_javascript_the_map_shows_the_listed_reports(reports, new_context, steps):
    if not finders.find("vendor/leaflet/leaflet.js"):
        pytest.fail("No Leaflet at static/vendor/leaflet/ (vendored by the report feature)")
    page, checked = pages.journey(new_context, steps)

    page.goto("/street/reports/?ward=E05999901")

    box = page.locator("[data-app-report-map]")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading")).to_have_text("Map of these reports")
    pins = page.locator(".leaflet-marker-icon")
    expect(pins).to_have_count(2)
    expect(
        page.get_by_role("button", name="Deep pothole by the zebra crossing: In progress")
    ).to_be_visible()
    checked("the map above the list")

    # A pin opens a popup with a link to the report.
    pins.first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link")).to_have_count(1)
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    checked("a pin's popup")

    # Keyboard: from the skip link, through the map, out to the list. No trap.
    page.get_by_role("link", name="Skip the map").focus()
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("!document.activeElement.closest('.app-report-map')"):
            break
    assert page.evaluate("!document.activeElement.closest('.app-report-map')"), "focus stuck"
    assert page.evaluate("document.activeElement.closest('#reports + ul') !== null")

    page.get_by_role("link", name="Skip the map").click()
    assert page.evaluate("document.activeElement.id") == "reports"

    page.get_by_role("link", name="Deep pothole by the zebra crossing").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deep pothole by the zebra crossing")
    small = page.locator("[data-app-report-map]")
    expect(small).to_be_visible()
    expect(small.locator(".leaflet-marker-icon")).to_have_count(1)
    checked("a report's page with its map")


def test_a_signed_in_resident_follows_a_report(reports, citizen, new_context, steps):
    page, checked = pages.journey(new_context, steps, citizen)
    report = reports["pothole"]

    page.goto(f"/street/reports/{report.case.reference}/")
    page.get_by_role("button", name="Follow this report").click()

    expect(page.get_by_text("You are following this report. We will tell you")).to_be_visible()
    expect(page.get_by_role("link", name="See it in your requests")).to_be_visible()
    checked("following a report")
    assert report.case.followers.filter(user=citizen).exists()


def test_pins_close_together_are_each_big_enough_to_press(caseworker, new_context, steps):
    """axe's target-size (WCAG 2.5.8) on the map with its pins loaded: each pin at least 24
    by 24 pixels and none hidden by another, however close the reports are."""
    pages.street_reports_close_together(caseworker, count=7)
    page, checked = pages.journey(new_context, steps)

    page.goto("/street/reports/")

    pins = page.locator(".leaflet-marker-icon")
    expect(pins).to_have_count(7)
    checked("seven pins on the map")
    # Zoomed out, they are spread again rather than stacked.
    page.get_by_role("button", name="Zoom out").click()
    page.wait_for_timeout(400)  # Leaflet's zoom animation
    checked("seven pins, zoomed out")

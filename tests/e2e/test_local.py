"""Find my local in a real browser without JavaScript, 320 px wide: from the home page, a
bad postcode, then a good one; and the panel on a resident's account home. Every page
passes axe and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.e2e import pages
from tests.factories import UserFactory
from tests.services.local.local_data import local_town

pytestmark = pytest.mark.browser

WIDTH = 320
SMALL_SCREEN = {"viewport": {"width": WIDTH, "height": 640}}


def assert_fits(page) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"


def test_find_my_local_by_postcode_without_javascript(db, new_context, steps):
    local_town()
    page, checked = pages.journey(new_context, steps, javascript=False, **SMALL_SCREEN)

    page.goto("/")
    page.get_by_role("link", name="Find your councillors, where you vote").click()
    expect(pages.heading(page)).to_contain_text("Find your councillors")
    assert_fits(page)
    checked("the postcode question")

    page.get_by_label("What is the postcode?").fill("ZZ9 9ZZ")
    page.get_by_role("button", name="Find").click()
    checked.errors("an unknown postcode", "We could not find ZZ9 9ZZ in our area")
    assert_fits(page)

    page.get_by_label("What is the postcode?").fill("mb1 1aa")
    page.get_by_role("button", name="Find").click()
    expect(
        page.get_by_role("heading", name="Your councillors for Millbrook Central ward")
    ).to_be_visible()
    expect(page.get_by_text("priya.shah@example.org")).to_be_visible()
    expect(page.get_by_role("heading", name="Where you vote", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Bin collection days in MB1 1AA")).to_be_visible()
    expect(page.get_by_role("heading", name="Near Library")).to_be_visible()
    assert_fits(page)
    checked("what is local to MB1 1AA")


def test_the_account_home_panel_at_320_px(db, new_context, steps):
    town = local_town()
    sam = UserFactory(first_name="Sam", address=town["mill"])
    page, checked = pages.journey(new_context, steps, sam, javascript=False, **SMALL_SCREEN)

    page.goto("/account/")
    expect(page.get_by_role("heading", name="Your local area")).to_be_visible()
    expect(page.get_by_text("Cllr Priya Shah")).to_be_visible()
    expect(page.get_by_text("Millbrook Town Hall")).to_be_visible()
    assert_fits(page)
    checked("the account home's local panel")

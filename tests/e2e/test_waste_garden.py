"""Garden waste in a real browser: subscribe and pay (with and without JavaScript), then see
the subscription and ask to cancel it. Every page on the way passes axe (WCAG 2.2 AA), its
error states included, and keeps to the Content-Security-Policy. (Ordering a bin and asking
for an assisted collection: test_waste_containers.py and test_waste_assisted.py.)
"""

import re

import pytest
from playwright.sync_api import expect

from casework.request_types import request_types_sync
from services.waste.models import GardenSubscription
from tests.e2e import pages
from tests.services.waste.orders import containers, home

pytestmark = pytest.mark.browser


@pytest.fixture
def resident(citizen, live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    request_types_sync()
    containers()
    citizen.address = home(uprn=100090000001, line1="1 Mill Lane", postcode="MB1 1AA")
    citizen.save()
    return citizen


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_subscribe_to_garden_waste_and_pay(javascript, resident, new_context, steps):
    page, checked = pages.journey(new_context, steps, resident, javascript=javascript)

    page.goto("/waste/garden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Garden waste collections")
    expect(page.get_by_role("main")).to_contain_text("You do not have a garden waste subscription")
    checked("garden waste page, nothing yet")
    page.get_by_role("button", name="Subscribe for 1 Mill Lane").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How many garden waste bins do you want emptied?"
    )
    checked("how many bins")
    pages.continue_(page)
    checked.errors("how many bins, with an error", "Select how many bins you want emptied")
    page.get_by_label("2 bins, £90").check()
    pages.continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your garden waste subscription"
    )
    expect(page.get_by_role("main")).to_contain_text("£90")
    expect(page.get_by_role("main")).to_contain_text("we do not give refunds")
    checked("check your subscription")
    page.get_by_role("button", name="Subscribe and pay").click()

    subscription = GardenSubscription.objects.get(resident=resident)
    assert subscription.state == GardenSubscription.State.AWAITING_PAYMENT
    pages.pay_on_the_card_page(page)

    pages.expect_confirmation(
        page, "Garden waste subscription started", subscription.case.reference
    )
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    checked("confirmation")
    subscription.refresh_from_db()
    assert subscription.state == GardenSubscription.State.ACTIVE
    pages.see_in_your_requests(page, checked, subscription.case)
    page.go_back()  # to the confirmation

    page.get_by_role("link", name="See your garden waste subscriptions").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Active")
    expect(page.locator(".govuk-summary-card")).to_contain_text("2 bins")
    checked("garden waste page, subscribed")
    page.get_by_role("link", name=re.compile(r"^Cancel")).click()
    expect(page.get_by_role("main")).to_contain_text("You will not get a refund of the £90")
    checked("cancel, are you sure?")

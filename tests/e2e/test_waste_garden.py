"""Garden waste, a bin order and an assisted collection request in a real browser: subscribe
to garden waste and pay (with and without JavaScript), order a bin and pay, and ask for an
assisted collection (without JavaScript). Every page on the way passes axe (WCAG 2.2 AA),
its error states included, and keeps to the Content-Security-Policy.
"""

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case
from casework.request_types import request_types_sync
from casework.workflow import Status
from services.waste.models import GardenSubscription
from tests import urlmap
from tests.e2e import pages
from tests.e2e.test_general_journey import Checker
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


def _journey(resident, new_context, steps, *, javascript: bool):
    context = new_context(urlmap.client_for(resident), java_script_enabled=javascript)
    page = steps.watch(context.new_page())
    return page, Checker(page, steps, new_context, javascript=javascript)


def _pay(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your payment")
    page.get_by_role("button", name="Pay", exact=True).click()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_subscribe_to_garden_waste_and_pay(javascript, resident, new_context, steps):
    page, checked = _journey(resident, new_context, steps, javascript=javascript)

    page.goto("/waste/garden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Garden waste collections")
    expect(page.get_by_role("main")).to_contain_text("You do not have a garden waste subscription")
    checked("garden waste page, nothing yet")
    page.get_by_role("button", name="Subscribe for 1 Mill Lane").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How many garden waste bins do you want emptied?"
    )
    checked("how many bins")
    page.get_by_role("button", name=pages.CONTINUE).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how many bins you want emptied"
    )
    assert page.title().startswith("Error:")
    checked("how many bins, with an error")
    page.get_by_label("2 bins, £90").check()
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your garden waste subscription"
    )
    expect(page.get_by_role("main")).to_contain_text("£90")
    expect(page.get_by_role("main")).to_contain_text("we do not give refunds")
    checked("check your subscription")
    page.get_by_role("button", name="Subscribe and pay").click()

    subscription = GardenSubscription.objects.get(resident=resident)
    assert subscription.state == GardenSubscription.State.AWAITING_PAYMENT
    _pay(page)

    expect(page.locator(".govuk-panel__title")).to_have_text("Garden waste subscription started")
    expect(page.locator(".govuk-panel__body")).to_contain_text(subscription.case.reference)
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    checked("confirmation")
    subscription.refresh_from_db()
    assert subscription.state == GardenSubscription.State.ACTIVE

    page.get_by_role("link", name="See your garden waste subscriptions").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Active")
    expect(page.locator(".govuk-summary-card")).to_contain_text("2 bins")
    checked("garden waste page, subscribed")
    page.get_by_role("link", name=re.compile(r"^Cancel")).click()
    expect(page.get_by_role("main")).to_contain_text("You will not get a refund of the £90")
    checked("cancel, are you sure?")


def test_order_a_bin_and_pay_without_javascript(resident, new_context, steps):
    page, checked = _journey(resident, new_context, steps, javascript=False)

    page.goto("/waste/bins/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Order a bin or box")
    checked("start page")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Which bin or box do you need?")
    checked("which bin")
    page.get_by_label("Rubbish bin (240 litres) – £30").check()
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rubbish bin (240 litres)")
    expect(page.get_by_role("main")).to_contain_text("We do not give additional rubbish bins")
    page.get_by_role("button", name=pages.CONTINUE).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you need a")
    checked("why, with an error")
    page.get_by_label("To replace one that was lost, stolen or damaged").check()
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your order")
    expect(page.get_by_role("main")).to_contain_text("£30")
    checked("check your order")
    page.get_by_role("button", name="Order and pay").click()
    case = Case.objects.get(resident=resident)
    assert case.status == Status.AWAITING_PAYMENT
    _pay(page)

    expect(page.locator(".govuk-panel__title")).to_have_text("Order placed")
    expect(page.locator(".govuk-panel__body")).to_contain_text(case.reference)
    checked("confirmation")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.fee_pence == 3000


def test_ask_for_an_assisted_collection_without_javascript(resident, new_context, steps):
    page, checked = _journey(resident, new_context, steps, javascript=False)

    page.goto("/waste/assisted/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an assisted bin collection")
    checked("start page")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who needs help with their bins?")
    page.get_by_label("Someone else who lives there").check()
    page.get_by_role("button", name=pages.CONTINUE).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the person who needs help"
    )
    checked("who needs help, with errors")
    page.get_by_label("Their full name, if it is someone else").fill("Pat Taylor")
    page.get_by_label("Age or frailty").check()
    page.get_by_label("More than a year, or permanently").check()
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is there anyone aged 16 or over living there who can put the bins out?"
    )
    checked("anyone else who can help")
    page.get_by_label("No").check()
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Where are the bins kept?")
    page.get_by_label("Where are the bins kept?").fill("Down the side path, behind the gate.")
    checked("where the bins are kept")
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request"
    )
    expect(page.get_by_role("main")).to_contain_text("Pat Taylor")
    checked("check your answers")
    page.get_by_role("button", name="Send request").click()

    case = Case.objects.get(resident=resident)
    expect(page.locator(".govuk-panel__title")).to_have_text("Request sent")
    expect(page.locator(".govuk-panel__body")).to_contain_text(case.reference)
    checked("confirmation")
    assert case.answers["why"] == "Age or frailty"

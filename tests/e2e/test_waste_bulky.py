"""Book and pay for a bulky waste collection in a real browser, with and without JavaScript:
items (with a mistake first), a day, where the items will be, check your answers, the
fake provider's card page, and back to the booking, paid; then cancel it, with the refund.
Every page on the way passes axe (WCAG 2.2 AA) and keeps to the Content-Security-Policy.
"""

import re

import pytest
from playwright.sync_api import expect

from casework.workflow import Status
from services.waste.models import BulkyBooking, BulkySlot
from tests.e2e import pages
from tests.factories import AddressFactory, WardFactory
from tests.services.waste.bulky_factories import bulky_items, bulky_policy, bulky_slots

pytestmark = pytest.mark.browser


@pytest.fixture
def resident(citizen):
    bulky_policy(bulky_refund_percent=50)
    bulky_items()
    ward = WardFactory(name="Millbrook Central")
    citizen.address = AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA", ward=ward)
    citizen.save()
    bulky_slots(ward, count=8)
    return citizen


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_book_and_pay_for_a_bulky_collection(
    javascript, resident, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    page, checked = pages.journey(new_context, steps, resident, javascript=javascript)
    heading = pages.heading(page)
    main = page.get_by_role("main")

    page.goto("/waste/bulky/")
    expect(heading).to_have_text("Book a bulky waste collection")
    expect(main).to_contain_text("Fridge or freezer")
    expect(main).to_contain_text("The minimum charge for a collection is £20")
    expect(main).to_contain_text("1 Mill Lane")
    checked("start page")
    page.get_by_role("button", name="Start now").click()

    expect(heading).to_have_text("What do you want us to collect?")
    checked("items")
    page.get_by_label("Sofa", exact=True).fill("lots")
    pages.continue_(page)
    checked.errors("items, with an error", "Enter how many sofa as a number, like 1 or 2")
    page.get_by_label("Sofa", exact=True).fill("1")
    page.get_by_label("Mattress", exact=True).fill("2")
    pages.continue_(page)

    expect(heading).to_have_text("Which day should we collect?")
    expect(main).to_contain_text("Your items cost £65")
    checked("which day")
    first_day = page.get_by_role("radio").first
    day_label = page.locator(".govuk-radios__label").first.inner_text()
    first_day.check()
    pages.continue_(page)

    expect(heading).to_have_text("Where will the items be?")
    checked("where")
    page.get_by_label("Where will the items be?").fill("Front garden, by the gate")
    pages.continue_(page)

    expect(heading).to_have_text("Check your answers before booking")
    expect(main).to_contain_text("1 × Sofa: £25")
    expect(main).to_contain_text("2 × Mattress: £40")
    expect(main).to_contain_text(day_label)
    expect(main).to_contain_text("Front garden, by the gate")
    expect(main).to_contain_text("£65")
    checked("check your answers")
    page.get_by_role("button", name="Book and pay").click()

    expect(heading).to_have_text("Confirm your payment")
    booking = BulkyBooking.objects.get(case__resident=resident)
    assert booking.state == BulkyBooking.State.AWAITING_PAYMENT
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 1
    steps("the payment page")
    pages.pay_on_the_card_page(page)

    expect(page).to_have_url(re.compile(rf"/waste/bulky/{booking.case.reference}/$"))
    expect(heading).to_have_text(f"Booked: {day_label}")
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    expect(main).to_contain_text(f"Put your items out by 7am on {day_label}")
    expect(main).to_contain_text("2 × Mattress")
    checked("booked and paid")
    booking.refresh_from_db()
    assert booking.state == BulkyBooking.State.BOOKED
    assert booking.case.status != Status.AWAITING_PAYMENT
    pages.see_in_your_requests(page, checked, booking.case)
    page.goto(f"/waste/bulky/{booking.case.reference}/")

    page.get_by_role("link", name="Cancel this booking").click()
    expect(heading).to_have_text("Are you sure you want to cancel this collection?")
    expect(main).to_contain_text("We will refund £32.50 of the £65 you paid")
    checked("cancel")
    page.get_by_role("button", name="Yes, cancel the collection").click()

    expect(heading).to_have_text("Cancelled")
    expect(page.get_by_text("Your bulky waste collection is cancelled")).to_be_visible()
    checked("cancelled")
    booking.refresh_from_db()
    assert booking.state == BulkyBooking.State.CANCELLED
    assert booking.refund_pence == 3250
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 0

"""Order a bin or box in a real browser. Without JavaScript: a resident finds the address
by postcode (a postcode with no addresses first), orders a replacement rubbish bin (a
mistake first), pays on the fake provider's card page, and finds the order in "Your
requests" with its target date. With JavaScript, shorter: two garden waste bins for the
address on their account, paid. Every page on the way passes axe (WCAG 2.2 AA) and keeps
to the Content-Security-Policy.
"""

import pytest
from playwright.sync_api import expect

from casework.models import Case
from casework.request_types import request_types_sync
from casework.workflow import Status
from tests.e2e import pages
from tests.factories import AddressFactory
from tests.services.waste.orders import containers, home

pytestmark = pytest.mark.browser


@pytest.fixture
def house(live_server, settings):
    """1 Mill Lane, collected for every bin; its neighbour at the same postcode is not."""
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    request_types_sync()
    containers()
    AddressFactory(line1="1A Mill Lane", postcode="MB1 1AA")
    return home(line1="1 Mill Lane", postcode="MB1 1AA")


def _order_and_pay(page, checked, resident) -> Case:
    page.get_by_role("button", name="Order and pay").click()
    expect(pages.heading(page)).to_have_text("Confirm your payment")
    case = Case.objects.get(resident=resident)
    assert case.status == Status.AWAITING_PAYMENT
    checked("the payment page")
    pages.pay_on_the_card_page(page)
    pages.expect_confirmation(page, "Order placed", case.reference)
    case.refresh_from_db()
    return case


def test_order_a_bin_by_postcode_and_pay_without_javascript(house, citizen, new_context, steps):
    page, checked = pages.journey(new_context, steps, citizen, javascript=False)
    heading, main = pages.heading(page), page.get_by_role("main")

    page.goto("/waste/bins/")
    expect(heading).to_have_text("Order a bin or box")
    checked("start page")
    page.get_by_role("button", name="Start now").click()

    pages.find_address_by_postcode(
        page,
        checked,
        first_try="ZZ9 9ZZ",
        postcode="mb1 1aa",
        address="1 Mill Lane, Millbrook, MB1 1AA",
    )

    expect(heading).to_have_text("Which bin or box do you need?")
    expect(page.get_by_role("radio")).to_have_count(4)
    checked("which bin")
    page.get_by_label("Rubbish bin (240 litres) – £30").check()
    pages.continue_(page)

    expect(heading).to_have_text("Rubbish bin (240 litres)")
    pages.save_and_resume(page, checked, resumes_at="Rubbish bin (240 litres)")
    expect(main).to_contain_text("We do not give additional rubbish bins")
    expect(page.get_by_label("An additional one")).to_have_count(0)
    pages.continue_(page)
    checked.errors("why, with an error", "Select why you need a rubbish bin (240 litres)")
    page.get_by_label("To replace one that was lost, stolen or damaged").check()
    pages.continue_(page)

    expect(heading).to_have_text("Check your order")
    expect(main).to_contain_text("1 Mill Lane")
    expect(main).to_contain_text("To replace one that was lost, stolen or damaged")
    expect(main).to_contain_text("You will go on to pay £30 by card")
    checked("check your order")
    case = _order_and_pay(page, checked, citizen)

    expect(main).to_contain_text("We have received your payment of £30")
    expect(main).to_contain_text(f"We aim to deliver by {pages.long_date(case.due_date)}")
    checked("confirmation")
    assert case.status == Status.SUBMITTED and case.fee_pence == 3000
    assert case.address.line1 == "1 Mill Lane"

    pages.see_in_your_requests(page, checked, case)


def test_order_two_garden_waste_bins_with_javascript(house, citizen, new_context, steps):
    citizen.address = house
    citizen.save()
    page, checked = pages.journey(new_context, steps, citizen)
    heading, main = pages.heading(page), page.get_by_role("main")

    page.goto("/waste/bins/")
    expect(main).to_contain_text("1 Mill Lane")
    checked("start page, with the resident's address")
    page.get_by_role("button", name="Start now").click()

    expect(heading).to_have_text("Which bin or box do you need?")
    checked("which bin")
    page.get_by_label("Garden waste bin – £20").check()
    pages.save_and_resume(page, checked, resumes_at="Garden waste bin")
    checked("why and how many")
    page.get_by_label("For a new property, or none was there when I moved in").check()
    page.get_by_label("How many do you need?").fill("2")
    pages.continue_(page)

    expect(heading).to_have_text("Check your order")
    expect(main).to_contain_text("£40 (£20 each)")
    checked("check your order")
    case = _order_and_pay(page, checked, citizen)

    expect(main).to_contain_text("2 × Garden waste bin")
    checked("confirmation")
    assert case.status == Status.SUBMITTED and case.fee_pence == 4000

    pages.see_in_your_requests(page, checked, case)

"""Paying with the fake of GOV.UK Pay in a real browser: card page, Pay, back to the portal, paid.

The card page and the return page are checked with axe by test_pages_axe.py (tests/urlmap.py).
"""

import re

import pytest
from playwright.sync_api import expect

from integrations.pay.actions import payment_create
from integrations.pay.models import Payment
from tests import urlmap

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_resident_pays_on_the_fake_card_page(
    javascript, citizen, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url  # where the provider sends the resident back
    payment = payment_create(
        amount_pence=4550,
        description="Book a pest control treatment",
        reference="MB-2345-ABCD",
        purpose="",
        return_to="/account/",
        owner=citizen,
    )
    client = urlmap.client_for(citizen)
    page = steps.watch(new_context(client, java_script_enabled=javascript).new_page())

    page.goto(payment.next_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your payment")
    expect(page.get_by_text("£45.50")).to_be_visible()
    steps("the card page")
    page.get_by_role("button", name="Pay", exact=True).click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    steps("back on the portal")
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.SUCCESS

"""The foundation journey in a real browser, with and without JavaScript.

Open the portal, create an account, verify the e-mail by code, add an address by
postcode, set contact preferences, set up an authenticator app and open a tier-2
page; then sign out, sign in by password and step up with a code to reach it
again. Locators are by role and label, so the test also proves those exist.
"""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.helpers import last_email_code
from tests.e2e import pages
from tests.factories import AddressFactory

pytestmark = pytest.mark.browser

EMAIL = "sam.taylor@example.org"
PASSWORD = "tractor window cloud"
POSTCODE = "MB1 1AA"


def _addresses():
    return [AddressFactory(line1=f"{n} Mill Lane", postcode=POSTCODE) for n in (2, 4, 10)]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_foundation_journey(javascript, new_context, steps):
    addresses = _addresses()
    page = steps.watch(new_context(java_script_enabled=javascript).new_page())

    # Start page: a way in to create an account.
    page.goto("/")
    expect(page.locator("h1")).to_have_count(1)
    steps("start page")
    page.get_by_role(
        "link", name=re.compile(r"create (an|your) account|sign up", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile(r"/account/signup/"))

    # Create an account.
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Taylor")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label(pages.PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("For me, as a resident").check()
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    steps("sign-up form filled in")
    page.get_by_role("button", name=re.compile(r"create|sign up|continue", re.I)).click()

    # The e-mailed code, read from the portal's outbox.
    expect(page).to_have_url(re.compile(r"/account/confirm-email/"))
    steps("enter the e-mailed code")
    page.get_by_label(re.compile("code", re.I)).fill(last_email_code(EMAIL))
    page.get_by_role("button", name=re.compile(r"confirm|continue|verify", re.I)).click()

    # Signed in, greeted by name.
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    steps("account home")

    # Address by postcode.
    page.goto("/account/details/address/")
    page.get_by_label("Postcode").fill(POSTCODE.lower().replace(" ", ""))
    page.get_by_role("button", name="Find address").click()
    steps("choose an address")
    page.get_by_label(addresses[1].single_line).check()
    page.get_by_role("button", name=re.compile(r"use this address|continue", re.I)).click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_text("4 Mill Lane")).to_be_visible()
    steps("address saved")

    # Contact preferences.
    page.goto("/account/preferences/")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label(re.compile("Reminders")).check()
    page.get_by_label(re.compile("Council news")).check()
    steps("contact preferences")
    page.get_by_role("button", name=re.compile(r"save", re.I)).click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    user = User.objects.get(email=EMAIL)
    assert user.address_id == addresses[1].uprn
    assert (user.preferred_channel, user.notify_reminders, user.notify_news) == (
        "email",
        True,
        True,
    )

    # A second factor: an authenticator app.
    page.goto("/account/security/app/")
    steps("set up an authenticator app")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Security code").fill(pages.authenticator_code(device))
    page.get_by_role("button", name=pages.CONTINUE).click()
    if pages.path_of(page) == "/account/security/backup-codes/":
        steps("offered backup codes")
        page.get_by_role("link", name=re.compile(r"^skip for now$", re.I)).click()

    # A tier-2 page.
    page.goto("/account/security/")
    expect(page).to_have_url(re.compile(r"/account/security/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Security and personal details")
    steps("security page (tier 2)")

    # Sign out, then in again by password: tier 2 has to be earned again.
    pages.sign_out(page)
    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/account/login/"))
    steps("signed out")
    pages.sign_in_by_password(page, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")

    page.goto("/account/security/")
    expect(page).to_have_url(re.compile(r"/account/security/verify/\?next="))
    expect(page.get_by_role("main")).to_contain_text("personal or financial information")
    steps("step-up explains why")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.get_by_label("Security code").fill(pages.authenticator_code(device))
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page).to_have_url(re.compile(r"/account/security/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Security and personal details")
    steps("back on the security page")

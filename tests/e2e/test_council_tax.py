"""Council tax in a real browser without JavaScript: a resident links their account with
details from their bill (a wrong detail refused clearly), passes the second factor and sees
instalments and payments; the lock and the revenues system being down are clear pages.
Every page passes axe (WCAG 2.2 AA) and the account page fits 320 px.
"""

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core import clock as project_clock
from integrations.simulated_backoffice import BackOffice, start
from linking.models import ServiceLink
from tests.e2e import pages
from tests.factories import add_totp_device
from tests.services.counciltax.conftest import (
    SAMS_FIRST_INSTALMENT,
    SAMS_NUMBER,
    TODAY,
    sams_account,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def revenues(clock, settings, monkeypatch):

    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.REVENUES_URL = running.url
    clock.set(TODAY)
    running.office.revenues.add(sams_account())
    yield running.office.revenues
    running.stop()


def fill_link_form(page, *, postcode="MB1 1AA"):
    page.get_by_label("Council tax account number").fill(SAMS_NUMBER)
    page.get_by_label("Postcode of the property the bill is for").fill(postcode)
    page.get_by_label("Amount of the first instalment on your latest bill").fill(
        SAMS_FIRST_INSTALMENT
    )
    page.get_by_role("button", name="Link account").click()


def test_link_and_see_the_council_tax_account(citizen, revenues, new_context, steps):
    add_totp_device(citizen)
    page, checked = pages.journey(new_context, steps, citizen, javascript=False)

    page.goto("/account/")
    page.get_by_role("link", name="Link your council tax account").click()
    expect(page).to_have_url(re.compile(r"/account/security/verify/\?next="))
    device = TOTPDevice.objects.get(user=citizen, confirmed=True)
    page.get_by_label("Security code").fill(pages.authenticator_code(device))
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Link your council tax account")
    checked("link your account")
    fill_link_form(page, postcode="MB1 1AB")
    checked.errors(
        "a wrong detail", "The details do not match our records", "You have 3 more tries"
    )

    fill_link_form(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your council tax account")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your council tax account is linked")
    expect(main).to_contain_text("Your 2026-27 bill")
    expect(main).to_contain_text("£202 left to pay")
    expect(page.get_by_role("table").first).to_contain_text("Paid")
    expect(main).to_contain_text("Direct Debit")
    checked("the account")

    page.goto("/account/")
    expect(page.get_by_role("main")).to_contain_text(f"account {SAMS_NUMBER} is linked")
    page.get_by_role("link", name="See your council tax bill, instalments and payments").click()
    page.get_by_role("link", name="Unlink this council tax account").click()
    checked("unlink: are you sure?")
    page.get_by_role("button", name="Unlink account").click()
    expect(page.get_by_role("main")).to_contain_text("Link your council tax account")


def test_the_lock_and_the_system_down_are_clear_pages(citizen, revenues, new_context, steps):
    page, checked = pages.journey(
        new_context,
        steps,
        citizen,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/council-tax/link/")
    for _try in range(4):
        fill_link_form(page, postcode="MB1 1AB")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot link your council tax account right now"
    )
    checked("linking locked")

    revenues.down = True
    revenues.add(sams_account(missed=2, recovery_stage="reminder"))
    ServiceLink.objects.create(
        user=citizen, service="council-tax", account_ref=SAMS_NUMBER, linked_at=timezone.now()
    )
    page.goto("/council-tax/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We cannot show your council tax account right now"
    )
    checked("the revenues system down")

    revenues.down = False
    page.goto("/council-tax/")
    expect(page.get_by_role("main")).to_contain_text("Overdue")
    checked("an account in arrears, 320 px wide")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the account page is {width} px wide at 320 px"


def test_an_account_someone_else_has_linked_is_refused_with_what_to_do(
    citizen, another_citizen, revenues, new_context, steps
):
    from linking.actions import service_link_attempt

    service_link_attempt(
        user=another_citizen, service="council-tax", account_ref=SAMS_NUMBER, proven=True
    )
    page, checked = pages.journey(new_context, steps, citizen, javascript=False, verified=True)

    page.goto("/council-tax/link/")
    fill_link_form(page)

    expect(pages.heading(page)).to_have_text("Link your council tax account")
    checked.errors(
        "linked to someone else",
        "This council tax account is already linked to another online account",
        "If you think this is wrong, call us on",
    )
    assert not ServiceLink.objects.filter(user=citizen).exists()


def test_link_download_the_bill_and_pay_an_instalment_pending_then_paid(
    citizen, revenues, new_context, steps, settings, live_server
):
    """Without JavaScript: link with the bill's details, see the instalments, download the
    bill as a PDF, pay the next instalment while the revenues system is down (pending), and
    see it paid once the outbox has passed it on."""
    from integrations.outbox.models import Message
    from integrations.outbox.worker import outbox_sweep

    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends us back
    page, checked = pages.journey(new_context, steps, citizen, javascript=False, verified=True)
    page.goto("/council-tax/link/")
    fill_link_form(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Your 2026-27 bill")
    expect(page.get_by_role("table").first).to_contain_text("1 January 2027")

    page.get_by_role("button", name="Get your bill as a PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your document is ready")
    checked("the bill PDF is ready")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download Council tax bill 2026-27")).click()
    assert download.value.suggested_filename == "council-tax-bill-2026-27.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto("/council-tax/")
    revenues.down = True  # the account page is already read (cached); the payment must wait
    page.get_by_role("link", name="Pay your council tax").click()
    checked("what to pay")
    page.get_by_role("button", name="Continue to payment").click()
    checked.errors("nothing chosen", "Select what you want to pay")
    page.get_by_label("The next instalment: £202").check()
    page.get_by_role("button", name="Continue to payment").click()
    pages.pay_on_the_card_page(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your council tax account")
    expect(main).to_contain_text("Your payment has been received")
    expect(page.locator("#pending-payments")).to_contain_text("Pending")
    checked("the payment is pending")
    assert Message.objects.get(kind="revenues.payment").state == Message.State.PENDING

    revenues.down = False
    Message.objects.update(next_attempt_at=project_clock.now())
    outbox_sweep()  # the periodic sweep (its worker runs at once here)
    page.goto("/council-tax/")
    expect(main).not_to_contain_text("Payments on their way")
    expect(page.locator("#balance")).to_have_text("Nothing left to pay")
    expect(page.get_by_role("table").first).not_to_contain_text("To pay")
    checked("the payment is paid")


def test_paperless_reminders_and_the_pin_by_post_pages(citizen, revenues, new_context, steps):
    page, checked = pages.journey(
        new_context,
        steps,
        citizen,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/council-tax/link/")
    page.get_by_role("link", name="post a PIN to the property").click()
    checked("ask for a PIN by post")
    page.get_by_label("Council tax account number").fill(SAMS_NUMBER)
    page.get_by_label("Postcode of the property").fill("MB1 1AA")
    page.get_by_role("button", name="Post me a PIN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We are posting a PIN to the property"
    )
    checked("a PIN is on its way")
    page.get_by_role("link", name="I have the PIN").click()
    page.get_by_label("PIN from the letter").fill("12")
    page.get_by_role("button", name="Link account").click()
    checked.errors("a PIN too short", "Enter the PIN as it is in the letter")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the PIN page is {width} px wide at 320 px"

    ServiceLink.objects.create(
        user=citizen, service="council-tax", account_ref=SAMS_NUMBER, linked_at=timezone.now()
    )
    page.goto("/council-tax/")
    page.get_by_role("link", name="Change how you get your bills").click()
    checked("paperless bills")
    page.get_by_label("By email only (paperless)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("You get your bills by email only.")
    checked("the account, paperless, 320 px wide")
    page.get_by_role("link", name="Change reminders").click()
    checked("instalment reminders")
    page.get_by_label("Yes, remind me").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("We remind you before each instalment")

"""Council tax changes in a real browser without JavaScript: Sam applies for single person
discount, then sets up a Direct Debit (a bad sort code, then an account number that fails
the modulus check, are refused clearly; good details go through, the Direct Debit
Guarantee shown). Every page passes axe and fits 320 px.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.request_types import request_types_sync
from core import clock as project_clock
from integrations.simulated_backoffice import BackOffice, start
from linking.models import ServiceLink
from tests.e2e import pages
from tests.services.counciltax.conftest import SAMS_NUMBER, TODAY, sams_account

pytestmark = pytest.mark.browser


@pytest.fixture
def revenues(clock, settings, monkeypatch):

    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.REVENUES_URL = running.url
    clock.set(TODAY)
    running.office.revenues.add(sams_account())
    running.office.revenues.change_answer = "rules"
    yield running.office.revenues
    running.stop()


@pytest.fixture
def sam(citizen, revenues):
    request_types_sync()
    ServiceLink.objects.create(
        user=citizen, service="council-tax", account_ref=SAMS_NUMBER, linked_at=timezone.now()
    )
    return citizen


def continue_(page):
    page.get_by_role("button", name=pages.CONTINUE).click()


def fits_320(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width} px wide at 320 px"


def test_apply_for_single_person_discount_then_set_up_direct_debit(
    sam, revenues, new_context, steps
):
    page, checked = pages.journey(
        new_context,
        steps,
        sam,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    main = page.get_by_role("main")

    page.goto("/council-tax/")
    page.get_by_role("link", name="Apply for or end single person discount").click()
    checked("single person discount: apply or end")
    fits_320(page)
    page.get_by_label("Apply for single person discount").check()
    continue_(page)
    continue_(page)
    checked.errors(
        "the questions left empty",
        "Enter the date you started living alone",
        "Confirm that no one else aged 18 or over lives at the property",
    )
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill(str(TODAY.month))
    page.get_by_label("Year").fill(str(TODAY.year))
    page.get_by_label("Who moved out? (optional)").fill("Pat Taylor")
    page.get_by_label("I confirm that no one else aged 18 or over lives at the property").check()
    continue_(page)
    expect(main).to_contain_text("Pat Taylor")
    checked("single person discount: check your answers")
    fits_320(page)
    page.get_by_role("button", name="Send request").click()
    expect(main).to_contain_text("Request sent")
    expect(main).to_contain_text("check every new claim against the electoral register")
    checked("single person discount: sent")
    (claim,) = revenues.changes.values()
    assert claim["kind"] == "single_person_discount"

    page.goto("/council-tax/")
    page.get_by_role("link", name="Set up or change a Direct Debit").click()
    expect(main).to_contain_text("The Direct Debit Guarantee")
    checked("direct debit: bank details")
    fits_320(page)
    page.get_by_label("Name on the account").fill("S Taylor")
    page.get_by_label("Sort code").fill("12-34")
    page.get_by_label("Account number").fill("66374958")
    page.get_by_label("I am the account holder").check()
    continue_(page)
    checked.errors("a bad sort code", "Enter a valid sort code like 309430")

    page.get_by_label("Sort code").fill("08-99-99")
    page.get_by_label("Account number").fill("66374959")
    continue_(page)
    checked.errors(
        "an account number that fails the modulus check",
        "The sort code and account number do not match a UK bank account",
    )

    page.get_by_label("Account number").fill("66374958")
    continue_(page)
    page.get_by_label("15th of the month").check()
    continue_(page)
    expect(main).to_contain_text("The Direct Debit Guarantee")
    checked("direct debit: check your answers")
    fits_320(page)
    page.get_by_role("button", name="Set up Direct Debit").click()
    expect(main).to_contain_text("Request sent")
    checked("direct debit: sent")
    assert revenues.accounts[SAMS_NUMBER]["direct_debit"]["account_ending"] == "4958"

    page.get_by_role("link", name="See your request and its progress").click()
    expect(main).to_contain_text("Our council tax system has made the change")
    checked("direct debit: the request, done")


def test_benefits_tell_us_once_and_business_rates_fit_320_px(
    sam, revenues, new_context, steps, db, settings, live_server
):
    """... and the business pays its rates: pending, then paid once the outbox has passed
    the payment to the revenues system."""
    from accounts.models import User
    from integrations.outbox.models import Message
    from integrations.outbox.worker import outbox_sweep
    from integrations.simulated_backoffice.revenues import business_rates_document, claim_document
    from tests.factories import UserFactory

    revenues.add(
        sams_account(
            claims=[
                claim_document(
                    claim_number="HB400001",
                    kind="housing_benefit",
                    weekly_pence=8_550,
                    today=TODAY,
                    paid_to="landlord",
                    payee="Millbrook Homes",
                )
            ]
        )
    )
    page, checked = pages.journey(
        new_context,
        steps,
        sam,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/council-tax/benefits/")
    expect(page.get_by_role("main")).to_contain_text("£85.50 a week")
    checked("benefits, 320 px wide")
    fits_320(page)

    page.goto("/account/details/phone/")
    page.get_by_label("UK phone number").fill("07700 900123")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell our other services")
    checked("tell us once, 320 px wide")
    fits_320(page)
    page.get_by_label("Council tax").check()
    page.get_by_role("button", name="Tell these services").click()
    expect(page.get_by_role("main")).to_contain_text("We have passed your change to: Council tax")

    revenues.add(
        business_rates_document(
            account_number="70010001",
            uprn=100090000077,
            address="3 High Street, Millbrook",
            postcode="MB1 2AA",
            business_name="Millbrook Bakery",
            rateable_value_pence=14_500_00,
            today=TODAY,
        )
    )
    jo = UserFactory(email="jo@example.org", account_type=User.AccountType.BUSINESS)
    ServiceLink.objects.create(
        user=jo, service="business-rates", account_ref="70010001", linked_at=timezone.now()
    )
    page, checked = pages.journey(
        new_context,
        steps,
        jo,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/business-rates/")
    expect(page.get_by_role("main")).to_contain_text("Small business rate relief")
    checked("business rates, 320 px wide")
    fits_320(page)

    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends us back
    revenues.down = True  # the account page is already read (cached); the payment must wait
    page.get_by_role("link", name="Pay your business rates").click()
    checked("business rates: what to pay")
    fits_320(page)
    page.get_by_role("button", name="Continue to payment").click()
    checked.errors("business rates: nothing chosen", "Select what you want to pay")
    page.get_by_label("The balance for the year: £602").check()
    page.get_by_role("button", name="Continue to payment").click()
    pages.pay_on_the_card_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your business rates account")
    expect(page.locator("#pending-payments")).to_contain_text("Pending")
    checked("business rates: the payment is pending")
    assert Message.objects.get(kind="revenues.payment").state == Message.State.PENDING

    revenues.down = False
    Message.objects.update(next_attempt_at=project_clock.now())
    outbox_sweep()  # the periodic sweep (its worker runs at once here)
    page.goto("/business-rates/")
    expect(page.get_by_role("main")).not_to_contain_text("Payments on their way")
    expect(page.locator("#balance")).to_have_text("Nothing left to pay")
    checked("business rates: the payment is paid")


def test_apply_for_a_disregard_with_evidence_uploaded(sam, revenues, new_context, steps):
    """A carer's disregard: the evidence asked for is carer's evidence; leaving it out is
    refused clearly, a PDF is taken, shown on the check page and named to the system."""
    page, checked = pages.journey(
        new_context,
        steps,
        sam,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    main = page.get_by_role("main")

    page.goto("/council-tax/")
    page.get_by_role("link", name="Apply for another discount, a disregard or an exemption").click()
    checked("discounts and exemptions: which one")
    fits_320(page)
    page.get_by_label("An adult living there is a carer for someone they live with").check()
    continue_(page)
    page.get_by_label("Who is it about?").fill("Alex Taylor")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill(str(TODAY.month))
    page.get_by_label("Year").fill(str(TODAY.year))
    continue_(page)
    checked.errors("no evidence", "Add carer’s evidence")
    fits_320(page)

    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    page.get_by_label("Add carer’s evidence").set_input_files(
        {"name": "attendance-allowance.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    continue_(page)
    expect(main).to_contain_text("attendance-allowance.pdf")
    expect(main).to_contain_text("Carer’s evidence")
    checked("discounts and exemptions: check your answers")
    fits_320(page)
    page.get_by_role("button", name="Send request").click()
    expect(main).to_contain_text("Request sent")
    checked("discounts and exemptions: sent")
    (change,) = revenues.changes.values()
    assert change["kind"] == "reduction"
    assert [e["name"] for e in change["details"]["evidence"]] == ["attendance-allowance.pdf"]


def test_stop_council_tax_reminders_from_the_message_at_320_px(sam, revenues, new_context, steps):
    """The stop link in a reminder, opened without signing in: it asks, the button stops
    the reminders; an altered link says it does not work. Each page passes axe."""
    import datetime

    from django.conf import settings

    from integrations.outbox.models import Message
    from services.counciltax.models import InstalmentReminder
    from services.counciltax.reminders import council_tax_reminders_send

    InstalmentReminder.objects.create(user=sam, account_number=SAMS_NUMBER)
    council_tax_reminders_send(today=datetime.date(2026, 12, 29))
    message = Message.objects.get(kind="notify.email", payload__purpose="ctax-reminder")
    path = message.payload["unsubscribe_url"].removeprefix(settings.PORTAL_BASE_URL)

    page, checked = pages.journey(
        new_context, steps, javascript=False, viewport={"width": 320, "height": 640}
    )
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop council tax reminders?")
    checked("stop link: asks first")
    fits_320(page)
    assert InstalmentReminder.objects.get(user=sam).active, "opening the link changes nothing"

    page.get_by_role("button", name="Stop reminders").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Council tax reminders stopped")
    checked("stop link: stopped")
    fits_320(page)
    assert not InstalmentReminder.objects.get(user=sam).active

    page.goto(path.replace("/stop/", "/stop/x"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    checked("stop link: altered")
    fits_320(page)

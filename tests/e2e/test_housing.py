"""Council housing in a real browser without JavaScript: a tenant links their tenancy, sees
the rent balance and pays; reports a dripping kitchen tap with a photo and books a morning
appointment, then moves it; a "smell of gas" report is stopped with the emergency number;
the housing system's completion shows on the repair with "was it fixed?". The housing
system down is a clear page. Every page passes axe (WCAG 2.2 AA) and fits 320 px.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from casework.inbound import polling
from casework.models import Case
from casework.request_types import request_types_sync
from integrations.simulated_backoffice import BackOffice, start
from services.housing.demo import request_types_connect
from tests.e2e import pages
from tests.helpers import image_bytes
from tests.services.housing.conftest import SAMS_RENT, SAMS_TENANCY, TODAY, sams_tenancy

pytestmark = pytest.mark.browser


@pytest.fixture
def housing(clock, settings, monkeypatch, citizen, live_server):
    from tests.factories import AddressFactory

    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.HOUSING_URL = running.url
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    clock.set(TODAY)
    running.office.housing.today = TODAY
    running.office.housing.add(sams_tenancy(weeks_missed=2))
    request_types_sync()
    request_types_connect()
    citizen.address = AddressFactory(postcode="MB1 1AA", line1="1 Mill Lane")
    citizen.save()
    yield running.office.housing
    running.stop()


def _choose(page, label):
    page.get_by_label(label, exact=True).check()
    pages.continue_(page)


def test_a_tenant_links_pays_reports_a_repair_books_and_moves_it_and_is_asked_was_it_fixed(
    citizen, housing, new_context, steps, tmp_path
):
    page, checked = pages.journey(new_context, steps, citizen, javascript=False, verified=True)

    page.goto("/housing/")
    checked("not linked yet")
    page.get_by_role("button", name="Link your tenancy").click()
    page.get_by_label("Tenancy reference").fill(SAMS_TENANCY)
    page.get_by_label("Postcode of your home").fill("MB1 1AA")
    page.get_by_label("Your weekly rent").fill("99.00")
    page.get_by_role("button", name="Link tenancy").click()
    checked.errors("a wrong rent", "The details do not match our records")
    page.get_by_label("Your weekly rent").fill(SAMS_RENT)
    page.get_by_role("button", name="Link tenancy").click()

    main = page.get_by_role("main")
    expect(main).to_contain_text("Your tenancy is linked")
    expect(page.locator("#balance")).to_have_text("You owe £209")
    expect(main).to_contain_text("You are behind with your rent")
    checked("the rent account, in arrears")

    page.get_by_role("button", name="Pay rent").click()
    expect(page.get_by_label("How much do you want to pay?")).to_have_value("209.00")
    checked("how much to pay")
    page.get_by_label("How much do you want to pay?").fill("209.00")
    pages.continue_(page)
    checked("check the payment")
    page.get_by_role("button", name="Send and pay").click()
    pages.pay_on_the_card_page(page)
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    payment = next(iter(housing.payments.values()))
    assert payment["amount_pence"] == 20_900

    # A dripping kitchen tap, with a photo, on a morning.
    page.goto("/housing/repairs/report/")
    checked("where is the problem?")
    _choose(page, "Kitchen")
    _choose(page, "A leak, or a dripping or running tap")
    _choose(page, "A dripping or running tap")
    photo = tmp_path / "tap.png"
    photo.write_bytes(image_bytes("PNG", (40, 30), "blue"))
    page.get_by_label("Describe the problem").fill("The cold tap in the kitchen drips all day.")
    page.get_by_label("Add photos (optional)").set_input_files(str(photo))
    checked("the problem and a photo")
    pages.continue_(page)
    expect(pages.heading(page)).to_have_text("Choose an appointment")
    checked("the contractor's diary")
    page.get_by_label(re.compile(r"^Tuesday 8 December 2026, morning")).check()
    pages.continue_(page)
    page.get_by_label(re.compile("How can the contractor get in")).fill("Ring the bell twice.")
    pages.continue_(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Routine: within 20 working days")
    expect(main).to_contain_text("Plumber")
    expect(main).to_contain_text("Tuesday 8 December 2026, morning")
    checked("check the repair")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Repair reported")
    expect(page.locator("#appointment")).to_contain_text("Tuesday 8 December 2026")
    checked("repair reported")
    case = Case.objects.get(request_type__slug="housing-repair")
    job = next(iter(housing.repairs.values()))
    assert job["appointment"] == {"date": "2026-12-08", "period": "am"}
    assert len(job["photos"]) == 1

    # Moved to an afternoon: the contractor's diary hears.
    page.goto(f"/requests/{case.reference}/")
    page.get_by_role("link", name="Change the day of your appointment").click()
    page.get_by_label(re.compile(r"^Wednesday 9 December 2026, afternoon")).check()
    page.get_by_role("button", name="Change the day").click()
    expect(page.get_by_role("main")).to_contain_text("Wednesday 9 December 2026")
    checked("the repair, moved")
    assert job["appointment"] == {"date": "2026-12-09", "period": "pm"}

    # A smell of gas is never taken as a form.
    page.goto("/housing/repairs/report/")
    _choose(page, "Kitchen")
    _choose(page, "A smell of gas")
    expect(pages.heading(page)).to_have_text(
        "If you can smell gas, phone the gas emergency line now"
    )
    expect(page.get_by_role("main")).to_contain_text("0800 111 999")
    checked("gas: phone now")
    assert Case.objects.filter(request_type__slug="housing-repair").count() == 1

    # The contractor finishes; the housing system says so; the tenant is asked.
    housing.complete(job["reference"], "New washer fitted to the cold tap.")
    polling.back_office_poll_all()
    page.goto("/housing/")
    page.get_by_role("link", name="Was it fixed? Tell us").click()
    checked("was it fixed?")
    page.get_by_role("button", name="Send").click()
    checked.errors("nothing chosen", "Select yes if the repair fixed the problem")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Very satisfied").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("main")).to_contain_text("Thank you for telling us")
    case.refresh_from_db()
    assert case.rating == 5


def test_the_housing_system_down_is_a_clear_page_at_320px(citizen, housing, new_context, steps):
    from linking.actions import service_link_attempt

    service_link_attempt(user=citizen, service="housing", account_ref=SAMS_TENANCY, proven=True)
    page, checked = pages.journey(
        new_context,
        steps,
        citizen,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/housing/")
    expect(page.locator("#balance")).to_have_text("You owe £209")
    checked("the rent account, 320 px wide")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the rent page is {width} px wide at 320 px"

    housing.down = True
    cache.clear()  # a minute later: the tenancy read before is no longer kept
    page.goto("/housing/")
    expect(pages.heading(page)).to_have_text("We cannot show your rent account right now")
    checked("the housing system down")

    page.goto("/housing/anti-social-behaviour/")
    checked("anti-social behaviour: what happened")


def test_a_tenant_gets_a_rent_statement_as_a_pdf_and_turns_rent_reminders_on(
    citizen, housing, new_context, steps
):
    """At 320 px without JavaScript: the statement's period is chosen (nothing chosen is
    explained), the PDF is made and downloaded; reminders are turned on from the account."""
    from linking.actions import service_link_attempt
    from services.housing.apps import SLUG

    service_link_attempt(user=citizen, service=SLUG, account_ref=SAMS_TENANCY, proven=True)
    page, checked = pages.journey(
        new_context,
        steps,
        citizen,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/housing/")
    page.get_by_role("link", name="Get a rent statement as a PDF").click()
    checked("choose the statement's period")
    page.get_by_role("button", name="Make the statement").click()
    checked.errors("no period chosen", "Select the period you want a statement for")
    page.get_by_label("This rent year so far (from 1 April)").check()
    page.get_by_role("button", name="Make the statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your document is ready")
    checked("the rent statement is ready")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download Rent statement")).click()
    assert download.value.suggested_filename == "rent-statement-2026-04-01-to-2026-12-07.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto("/housing/")
    page.get_by_role("link", name="Change reminders").click()
    checked("rent reminders")
    page.get_by_label("Yes, remind me").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#rent-reminders")).to_contain_text(
        "We remind you the day before your rent is due."
    )
    checked("the rent account with reminders on, 320 px wide")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the rent account is {width} px wide at 320 px"

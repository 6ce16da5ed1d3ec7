"""Housing Benefit for landlords in a real browser without JavaScript, 320 px wide: the
landlord links their record with the details from the payment advice (a wrong amount first),
then sees each payment run, its tenants and amounts. Every page passes axe and fits."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from integrations.simulated_backoffice import BackOffice, start
from services.landlords.demo import demo_landlord
from tests.factories import UserFactory
from tests.services.counciltax.conftest import TODAY

pytestmark = pytest.mark.browser


@pytest.fixture
def revenues(settings):
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.REVENUES_URL = running.url
    running.office.revenues.add_landlord(demo_landlord(today=TODAY))
    yield running.office.revenues
    running.stop()


def fits_320(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width} px wide at 320 px"


def test_a_landlord_links_and_sees_the_payment_runs(revenues, new_context, steps, db):
    from tests.e2e import pages

    pat = UserFactory(email="pat@example.org", account_type=User.AccountType.BUSINESS)
    page, checked = pages.journey(
        new_context,
        steps,
        pat,
        javascript=False,
        verified=True,
        viewport={"width": 320, "height": 640},
    )
    page.goto("/housing-benefit-landlords/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Housing Benefit paid to you as a landlord"
    )
    checked("not linked yet, 320 px wide")
    fits_320(page)
    page.get_by_role("button", name="Link your landlord record").click()
    page.get_by_label("Landlord reference").fill("LL500001")
    page.get_by_label("Postcode of the address we send your payment advice to").fill("MB1 9HM")
    page.get_by_label("Amount of the last payment we made to you").fill("171.00")
    page.get_by_role("button", name="Link record").click()
    checked.errors("a wrong amount", "The details do not match our records")
    fits_320(page)
    page.get_by_label("Amount of the last payment we made to you").fill("355.00")
    page.get_by_role("button", name="Link record").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Housing Benefit paid to you")
    first = page.locator("#run-1")
    expect(first).to_contain_text("Paid 30 November 2026: £355")
    expect(first).to_contain_text("S Taylor")
    expect(first).to_contain_text("Flat 2, 5 Mill Lane, Millbrook")
    expect(first).to_contain_text("£184")
    checked("the payment runs, 320 px wide")
    fits_320(page)

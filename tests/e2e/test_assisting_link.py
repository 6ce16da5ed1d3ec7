"""The contact centre links a caller's council tax account, in a real browser without
JavaScript: the agent starts assisting Sam (phone), is sent to the security questions first,
links account 60010001 by its number alone, and Sam's own home then shows it. Each page
passes axe and fits 320 px."""

import pytest
from playwright.sync_api import expect

from accounts.models import AuditEntry
from integrations.simulated_backoffice import BackOffice, start
from tests.e2e import pages
from tests.e2e.test_reflow import SMALL_SCREEN, assert_fits
from tests.factories import PASSWORD, AddressFactory, UserFactory
from tests.services.counciltax.conftest import SAMS_NUMBER, sams_account

pytestmark = pytest.mark.browser


@pytest.fixture
def sam(db, settings):
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.REVENUES_URL = running.url
    running.office.revenues.add(sams_account())
    yield UserFactory(
        first_name="Sam",
        last_name="Taylor",
        email="sam@example.org",
        address=AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA"),
    )
    running.stop()


def test_an_agent_links_sams_council_tax_account_and_his_home_shows_it(
    agent, sam, new_context, steps
):
    page, checked = pages.journey(
        new_context, steps, agent, javascript=False, verified=True, **SMALL_SCREEN
    )
    page.goto(f"/staff/people/{sam.pk}/")
    page.get_by_role("link", name="Start assisting").click()
    page.get_by_label("Phone").check()
    page.get_by_label("Why are you acting for them?").fill("Wants to see his council tax")
    page.get_by_role("button", name="Start assisting").click()

    page.get_by_role("link", name="Link their council tax, business rates or tenancy").click()
    expect(pages.heading(page)).to_have_text("Link an account for the caller")
    expect(page.get_by_role("main")).to_contain_text("has not answered the security questions")
    checked("link for the caller: questions not yet answered")
    page.get_by_role("button", name="Ask the security questions").click()
    page.get_by_label("What is the caller’s postcode?").fill("mb1 1aa")
    page.get_by_label("What is the first line of the caller’s address?").fill("1 Mill Lane")
    page.get_by_role("button", name="Check the answers").click()

    expect(pages.heading(page)).to_have_text("Link an account for the caller")
    page.get_by_label("Council tax account").check()
    page.get_by_label("Account number or tenancy reference").fill(SAMS_NUMBER)
    page.get_by_role("button", name="Link the account").click()
    checked.errors("link, not confirmed", "Confirm that the caller answered")
    page.get_by_label("The caller answered the security questions").check()
    page.get_by_role("button", name="Link the account").click()

    expect(pages.heading(page)).to_have_text("Sam Taylor")
    expect(page.get_by_role("main")).to_contain_text(
        f"Sam Taylor’s council tax account {SAMS_NUMBER} is linked"
    )
    assert_fits(page, "the caller's record, linked")
    checked("the caller's record, linked")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SERVICE_LINKED)
    assert (entry.staff, entry.person, entry.channel) == (agent, sam, "phone")

    own, checked_own = pages.journey(new_context, steps, javascript=False, **SMALL_SCREEN)
    pages.sign_in_by_password(own, sam.email, PASSWORD)
    own.goto("/account/")
    expect(own.get_by_role("main")).to_contain_text(
        f"Your council tax account {SAMS_NUMBER} is linked"
    )
    checked_own("Sam's home, linked")

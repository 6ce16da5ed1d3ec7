"""The contact centre finds a caller (G1): an agent, without JavaScript, types the postcode
the caller reads out (one letter misheard), picks the right one of two people at it, and
opens their record; each page is checked with axe, and fits a 320 px screen."""

import pytest
from playwright.sync_api import expect

from accounts.models import AuditEntry
from casework import actions as case_actions
from casework.models import Channel
from tests.casework.factories import RequestTypeFactory
from tests.e2e import pages
from tests.e2e.test_reflow import SMALL_SCREEN, assert_fits
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.browser


def test_an_agent_finds_a_caller_by_a_misheard_postcode_and_opens_their_record(
    agent, new_context, steps
):
    hawthorn = AddressFactory(line1="7 Hawthorn Crescent", postcode="MB4 7HC")
    caller = UserFactory(
        first_name="Grace",
        last_name="Adeyemi",
        email="grace.adeyemi@example.org",
        phone="+447700900321",
        address=hawthorn,
    )
    UserFactory(
        first_name="Tom",
        last_name="Adeyemi",
        email="tom.a@example.org",
        address=AddressFactory(line1="9 Hawthorn Crescent", postcode="MB4 7HC"),
    )
    case = case_actions.case_submit(
        request_type=RequestTypeFactory(name="Report a broken street light"),
        resident=caller,
        answers={},
        summary="The light outside number 7 flickers",
        channel=Channel.PHONE,
        actor=agent,
    )
    page, checked = pages.journey(
        new_context, steps, agent, javascript=False, verified=True, **SMALL_SCREEN
    )

    page.goto("/staff/")
    page.get_by_role("link", name="Find a person").click()
    checked("find a person")

    page.get_by_role("button", name="Search").click()
    checked.errors("nothing typed", "Enter a name, email, phone number, postcode")

    page.get_by_label("Name, email, phone, postcode, address, UPRN or case reference").fill(
        "mb4 7hv"
    )
    page.get_by_role("button", name="Search").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("2 people found")
    expect(main).to_contain_text("7 Hawthorn Crescent, MB4 7HC")
    expect(main).not_to_contain_text("grace.adeyemi@example.org")  # masked in the list
    assert_fits(page, "the search results")
    checked("two people at the postcode")

    page.get_by_role("link", name="Grace Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Adeyemi")
    expect(main).to_contain_text("grace.adeyemi@example.org")
    expect(main).to_contain_text("07700 900321")
    expect(page.get_by_role("region", name="Open requests")).to_contain_text(case.reference)
    expect(page.get_by_role("region", name="Open requests")).to_contain_text("Phone")
    assert_fits(page, "the person's record")
    checked("the person's record")

    page.get_by_role("link", name="Add a note").click()
    checked("add a note")
    page.get_by_label("Note").fill("Called about the street light; prefers a call back.")
    page.get_by_role("button", name="Add the note").click()
    expect(main).to_contain_text("Called about the street light; prefers a call back.")
    checked("the record with the note")

    assert list(AuditEntry.objects.order_by("id").values_list("action", "query")) == [
        ("searched", "mb4 7hv"),
        ("viewed", ""),
        ("note_added", ""),
        ("viewed", ""),
    ]

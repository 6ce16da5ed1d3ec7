"""Ask for an assisted bin collection in a real browser. Without JavaScript: a resident
finds the address by postcode, asks for someone else who lives there (forgetting their
name first), sends the request, and finds it in "Your requests" with its target date.
With JavaScript, shorter: for themselves, at the address on their account. Every page on
the way passes axe (WCAG 2.2 AA) and keeps to the Content-Security-Policy.
"""

import pytest
from playwright.sync_api import expect

from casework.models import Case
from casework.request_types import request_types_sync
from casework.workflow import Status
from tests.e2e import pages
from tests.services.waste.orders import home

pytestmark = pytest.mark.browser

WHERE = "Down the side path, behind the gate."


@pytest.fixture
def house(db):
    request_types_sync()
    return home(line1="1 Mill Lane", postcode="MB1 1AA")


def _household_and_bins(page, checked):
    """The questions after "who" (saved half-way and continued from "Your saved requests"):
    nobody else can help, and where the bins are kept."""
    question = "Is there anyone aged 16 or over living there who can put the bins out?"
    expect(pages.heading(page)).to_have_text(question)
    pages.save_and_resume(page, checked, resumes_at=question)
    checked("anyone else who can help")
    page.get_by_label("No", exact=True).check()
    pages.continue_(page)

    expect(pages.heading(page)).to_have_text("Where are the bins kept?")
    checked("where the bins are kept")
    page.get_by_label("Where are the bins kept?").fill(WHERE)
    pages.continue_(page)


def _send(page, checked, resident) -> Case:
    page.get_by_role("button", name="Send request").click()
    expect(pages.heading(page)).to_have_text("Request sent")
    case = Case.objects.get(resident=resident)
    pages.expect_confirmation(page, "Request sent", case.reference)
    expect(page.get_by_role("main")).to_contain_text(
        f"tell you by {pages.long_date(case.due_date)} whether"
    )
    checked("confirmation")
    assert case.status == Status.SUBMITTED
    return case


def test_ask_by_postcode_for_someone_else_without_javascript(house, citizen, new_context, steps):
    page, checked = pages.journey(new_context, steps, citizen, javascript=False)
    heading, main = pages.heading(page), page.get_by_role("main")

    page.goto("/waste/assisted/")
    expect(heading).to_have_text("Ask for an assisted bin collection")
    checked("start page")
    page.get_by_role("button", name="Start now").click()

    pages.find_address_by_postcode(
        page, checked, postcode="MB1 1AA", address="1 Mill Lane, Millbrook, MB1 1AA"
    )

    expect(heading).to_have_text("Who needs help with their bins?")
    checked("who needs help")
    page.get_by_label("Someone else who lives there").check()
    pages.continue_(page)
    checked.errors(
        "who needs help, with errors",
        "Enter the name of the person who needs help",
        "Select why they cannot take the bins out",
    )
    page.get_by_label("Their full name, if it is someone else").fill("Pat Taylor")
    page.get_by_label("Age or frailty").check()
    page.get_by_label("More than a year, or permanently").check()
    pages.continue_(page)

    _household_and_bins(page, checked)

    expect(heading).to_have_text("Check your answers before sending your request")
    expect(main).to_contain_text("1 Mill Lane")
    expect(main).to_contain_text("Pat Taylor")
    expect(main).to_contain_text(WHERE)
    checked("check your answers")
    case = _send(page, checked, citizen)
    assert case.answers["why"] == "Age or frailty"
    assert case.address == house

    pages.see_in_your_requests(page, checked, case)


def test_ask_for_yourself_with_javascript(house, citizen, new_context, steps):
    citizen.address = house
    citizen.save()
    page, checked = pages.journey(new_context, steps, citizen)

    page.goto("/waste/assisted/")
    expect(page.get_by_role("main")).to_contain_text("1 Mill Lane")
    checked("start page, with the resident's address")
    page.get_by_role("button", name="Start now").click()

    expect(pages.heading(page)).to_have_text("Who needs help with their bins?")
    checked("who needs help")
    page.get_by_label("Me", exact=True).check()
    page.get_by_label("Something short-term, such as an injury or an operation").check()
    page.get_by_label("Less than 3 months").check()
    pages.continue_(page)

    _household_and_bins(page, checked)

    expect(pages.heading(page)).to_have_text("Check your answers before sending your request")
    checked("check your answers")
    case = _send(page, checked, citizen)

    pages.see_in_your_requests(page, checked, case)

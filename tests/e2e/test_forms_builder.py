"""Forms that admins build, in a real browser: an administrator builds a request type
of three pages, with a condition and a fee, in the Django admin and publishes it; a
resident completes it without JavaScript, pays on the payment page, and the staff case
page shows the answers by their labels. Every resident page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from casework.delivery import case_payload
from casework.models import Case
from casework.workflow import Status
from services.forms.demo import form_build, q
from services.forms.demo import page as form_page
from tests.e2e import pages
from tests.e2e.test_reflow import SMALL_SCREEN, assert_fits
from tests.factories import AddressFactory

pytestmark = pytest.mark.browser


def _save(page, name="Save and continue editing"):
    page.locator(
        f'input[type="submit"][name="{"_continue" if "continue" in name else "_save"}"]'
    ).click()


def _build_as_admin(admin_page):
    # The request type, with its fee.
    admin_page.goto("/admin/casework/requesttype/add/")
    admin_page.fill('[name="service"]', "forms")
    admin_page.fill('[name="slug"]', "trailer-permit")
    admin_page.fill('[name="name"]', "Apply for a trailer permit")
    admin_page.fill('[name="fee_pence"]', "3000")
    _save(admin_page, "save")
    expect(admin_page.locator(".messagelist")).to_contain_text("was added successfully")

    # The form: three pages, the second shown only to trailer owners.
    admin_page.goto("/admin/builtforms/builtform/add/")
    admin_page.select_option('[name="request_type"]', label="Apply for a trailer permit")
    titles = ["About you", "Your trailer", "When"]
    for number, title in enumerate(titles):  # a blank page to fill in each time it is saved
        admin_page.fill(f'[name="pages-{number}-order"]', str(number + 1))
        admin_page.fill(f'[name="pages-{number}-title"]', title)
        if title == "Your trailer":
            admin_page.fill(f'[name="pages-{number}-condition_key"]', "trailer")
            admin_page.fill(f'[name="pages-{number}-condition_value"]', "Yes")
        _save(admin_page)
        expect(admin_page.locator(".messagelist")).to_contain_text("successfully")

    questions = {
        "About you": ("Do you own a trailer?", "yes_no", "trailer"),
        "Your trailer": ("Trailer registration", "text", ""),
        "When": ("When do you need it?", "date", ""),
    }
    for title, (label, kind, key) in questions.items():
        admin_page.get_by_role("link", name=re.compile("Edit the questions")).nth(
            titles.index(title)
        ).click()
        admin_page.fill('[name="questions-0-label"]', label)
        admin_page.select_option('[name="questions-0-kind"]', kind)
        if key:
            admin_page.fill('[name="questions-0-key"]', key)
        if title == "Your trailer":  # and where it is kept: an address, looked up
            _save(admin_page)
            admin_page.fill('[name="questions-1-label"]', "Where is the trailer kept?")
            admin_page.select_option('[name="questions-1-kind"]', "address")
            admin_page.fill('[name="questions-1-order"]', "2")
        _save(admin_page, "save")  # back to the form
        expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")

    # A radios question without choices is refused when saved, with a clear error.
    admin_page.get_by_role("link", name=re.compile("Edit the questions")).nth(2).click()
    admin_page.fill('[name="questions-1-label"]', "Which size?")
    admin_page.select_option('[name="questions-1-kind"]', "radios")
    _save(admin_page)
    expect(admin_page.locator(".errorlist")).to_contain_text("Give at least two choices")
    admin_page.goto("/admin/builtforms/builtform/")  # left unsaved
    admin_page.get_by_role("link", name="Apply for a trailer permit").click()

    # Preview: the first page as residents will see it, before anything is published.
    admin_page.get_by_role("link", name="Preview").click()
    expect(pages.heading(admin_page)).to_have_text("About you")
    expect(admin_page.get_by_role("main")).to_contain_text("Do you own a trailer?")
    admin_page.go_back()

    admin_page.get_by_role("button", name="Publish").click()
    expect(admin_page.locator(".messagelist")).to_contain_text(
        "Published ‘Apply for a trailer permit’ as version 1"
    )


def test_an_admin_builds_a_form_and_a_resident_completes_it_without_javascript(
    citizen, admin_user, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    citizen.address = AddressFactory(line1="4 Mill Lane")
    citizen.save()
    AddressFactory(uprn=200000010, line1="10 Station Road", postcode="MB2 2BB")
    admin_page, _checked = pages.journey(new_context, steps, admin_user, verified=True)
    _build_as_admin(admin_page)

    page, checked = pages.journey(new_context, steps, citizen, javascript=False)
    page.goto("/account/")
    page.get_by_role("link", name="Other services").click()
    checked("the list of services")
    expect(page.get_by_role("main")).to_contain_text("£30")
    page.get_by_role("link", name="Apply for a trailer permit").click()

    expect(pages.heading(page)).to_have_text("About you")
    pages.continue_(page)
    checked.errors("nothing answered", "Select ‘Do you own a trailer?’")
    page.get_by_label("Yes").check()
    pages.continue_(page)

    expect(pages.heading(page)).to_have_text("Your trailer")
    page.get_by_label("Trailer registration").fill("MB12 TRL")
    checked("your trailer, at the resident's own address")
    page.get_by_role("button", name="Save and come back later").click()
    expect(pages.heading(page)).to_have_text("Your saved requests")
    checked("saved requests")
    page.get_by_role("link", name="Continue Apply for a trailer permit").click()
    # Saved with their own address chosen, it resumes at the first page not answered.
    expect(pages.heading(page)).to_have_text("When")
    page.get_by_role("link", name="Back").click()
    expect(pages.heading(page)).to_have_text("Your trailer")
    expect(page.get_by_label("Trailer registration")).to_have_value("MB12 TRL")
    page.get_by_label("Postcode").fill("MB2 2BB")
    page.get_by_role("button", name="Find address").click()
    expect(page.get_by_label("Select the address")).to_be_visible()
    checked("addresses found by postcode")
    page.get_by_label("Select the address").select_option(
        label="10 Station Road, Millbrook, MB2 2BB"
    )
    pages.continue_(page)

    expect(pages.heading(page)).to_have_text("When")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    pages.continue_(page)
    checked.errors("a date that does not exist", "‘When do you need it?’ must be a real date")
    page.get_by_label("Day").fill("28")
    pages.continue_(page)

    main = page.get_by_role("main")
    expect(main).to_contain_text("Trailer registration")
    expect(main).to_contain_text("MB12 TRL")
    expect(main).to_contain_text("28 February 2027")
    checked("check your answers")
    page.get_by_role("button", name="Send and pay").click()

    case = Case.objects.get(resident=citizen)
    assert case.status == Status.AWAITING_PAYMENT
    pages.pay_on_the_card_page(page)
    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    assert case.answers == {
        "Do you own a trailer?": "Yes",
        "Trailer registration": "MB12 TRL",
        "Where is the trailer kept?": "10 Station Road, Millbrook, MB2 2BB",
        "When do you need it?": "28 February 2027",
    }
    payload = case_payload(Case.objects.get(pk=case.pk))  # what the back office is sent
    assert payload["answers"]["Trailer registration"] == "MB12 TRL"
    assert payload["address"]["uprn"] == "200000010"  # the address chosen, by its UPRN

    admin_page.goto(f"/staff/cases/{case.reference}/")
    staff_main = admin_page.get_by_role("main")
    expect(staff_main).to_contain_text("Trailer registration")
    expect(staff_main).to_contain_text("MB12 TRL")
    expect(staff_main).to_contain_text("10 Station Road, Millbrook, MB2 2BB")


SKIP = {
    "slug": "skip-e2e",
    "name": "Apply for a skip permit (test)",
    "description": "A skip on the road.",
    "team": "highways",
    "fee_pence": 2500,
    "pages": [
        form_page(
            "Where the skip will stand",
            q("Do you have a parking bay?", "yes_no", key="bay"),
            q("Address where the skip will stand", "address", key="where"),
        ),
        form_page(
            "The parking bay",
            q("Bay number", "text", key="bay_number"),
            when={"key": "bay", "operator": "is", "value": "Yes"},
        ),
        form_page("Declaration", q("The details are right", "declaration", key="right")),
    ],
}


def test_a_built_form_with_javascript_on_a_small_screen(
    citizen, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url
    form_build(SKIP)
    AddressFactory(uprn=200000002, line1="2 Station Road", postcode="MB2 2BB")
    page, checked = pages.journey(new_context, steps, citizen, javascript=True, **SMALL_SCREEN)

    page.goto("/")
    page.get_by_role("link", name=re.compile("skip permit", re.I)).first.click()
    page.get_by_role("link", name="Apply for a skip permit (test)").click()
    expect(pages.heading(page)).to_have_text("Where the skip will stand")
    page.get_by_label("Yes").check()
    page.get_by_label("Postcode").fill("MB2 2BB")
    page.get_by_role("button", name="Find address").click()
    expect(page.get_by_label("Select the address")).to_be_visible()
    assert_fits(page, "addresses found")
    checked("addresses found, with JavaScript")
    page.get_by_label("Select the address").select_option(
        label="2 Station Road, Millbrook, MB2 2BB"
    )
    pages.continue_(page)

    expect(pages.heading(page)).to_have_text("The parking bay")
    page.get_by_label("Bay number").fill("B12")
    pages.continue_(page)
    expect(pages.heading(page)).to_have_text("Declaration")
    pages.continue_(page)
    checked.errors("nothing confirmed", "Confirm ‘The details are right’")
    page.get_by_label("The details are right").check()
    pages.continue_(page)

    main = page.get_by_role("main")
    expect(main).to_contain_text("2 Station Road, Millbrook, MB2 2BB")
    expect(main).to_contain_text("B12")
    assert_fits(page, "check your answers")
    checked("check your answers, with JavaScript")
    page.get_by_role("button", name="Send and pay").click()
    pages.pay_on_the_card_page(page)
    case = Case.objects.get(resident=citizen)
    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    assert case.answers["Bay number"] == "B12"
    assert case.address_id == 200000002

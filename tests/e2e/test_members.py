"""The members' area in a real browser at phone width without JavaScript: a
councillor at a ward surgery logs an enquiry for a constituent with no account, with a
photo; the officer replies to the councillor; the councillor sees the reply, sends the
constituent a letter from a template, and looks at their ward's public reports. Every
page passes axe and fits a 320 px screen."""

import io

import pytest
from playwright.sync_api import expect

from casework import actions
from casework.models import Case
from services.members.models import Letter, LetterTemplate
from tests.casework.factories import RequestTypeFactory
from tests.e2e import pages
from tests.e2e.test_reflow import SMALL_SCREEN, assert_fits
from tests.factories import AddressFactory
from tests.services.members.members_data import categories, member_make

pytestmark = pytest.mark.browser


def _photo(tmp_path):
    from PIL import Image

    path = tmp_path / "bins.png"
    image = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(image, format="PNG")
    path.write_bytes(image.getvalue())
    return path


def test_a_councillor_logs_an_enquiry_with_a_photo_and_the_officer_replies_to_them(
    caseworker, new_context, steps, tmp_path
):
    _other, bins = categories()
    bins.team.members.add(caseworker)
    home = AddressFactory(line1="7 Mill Lane", postcode="MB1 1AA")
    member = member_make(wards=[home.ward])
    LetterTemplate.objects.create(
        name="Update on your enquiry",
        subject="Your enquiry {reference}",
        body="Dear {constituent},\n\nThe council replied:\n\n{officer_reply}",
    )
    actions.case_submit(
        request_type=RequestTypeFactory(slug="pothole", name="Pothole", public=True),
        answers={},
        summary="Pothole",
        contact_name="Pat Reporter",
        address=AddressFactory(ward=home.ward),
    )
    page, checked = pages.journey(
        new_context, steps, member.user, javascript=False, verified=True, **SMALL_SCREEN
    )
    heading, main = pages.heading(page), page.get_by_role("main")

    def check(label):
        checked(label)
        assert_fits(page, label)

    page.goto("/staff/")
    page.get_by_role("link", name="Councillors’ enquiries").click()
    check("members' area")
    page.get_by_role("button", name="Log an enquiry for a constituent").click()

    expect(heading).to_have_text("Who is the enquiry for?")
    check("who is it for")
    page.get_by_label("Their name or postcode").fill("Margaret Ellis")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(main).to_contain_text("0 people with an account found")
    pages.continue_(page)
    checked.errors("nobody chosen", "Select the constituent, or that they are not listed")
    page.get_by_label("Not listed: they have no account").check()
    pages.continue_(page)

    expect(heading).to_have_text("The constituent’s details")
    check("their details")
    page.get_by_label("Their full name").fill("Margaret Ellis")
    page.get_by_label("Postcode").fill("MB1 1AA")
    page.get_by_role("button", name="Find address").click()
    page.get_by_label("Select the address").select_option(label=home.single_line)
    page.get_by_label("Email address (optional)").fill("margaret@example.org")
    page.get_by_label("Email", exact=True).check()
    pages.continue_(page)
    checked.errors("no consent", "The constituent must agree before you log the enquiry")
    page.get_by_label("The constituent agrees").check()
    pages.continue_(page)

    expect(heading).to_have_text("The enquiry")
    check("the enquiry")
    page.get_by_label("Bins and recycling").check()
    page.get_by_label("In a few words").fill("Recycling missed on Mill Lane")
    page.get_by_label("The enquiry").fill("Three weeks running the recycling has been missed.")
    page.get_by_label("Add photos or documents (optional)").set_input_files(_photo(tmp_path))
    pages.continue_(page)

    expect(heading).to_have_text("Check the enquiry before sending it")
    check("check the enquiry")
    expect(main).to_contain_text("Margaret Ellis")
    expect(main).to_contain_text("bins.png")
    page.get_by_role("button", name="Send request").click()

    case = Case.objects.get(summary="Recycling missed on Mill Lane")
    pages.expect_confirmation(page, "Enquiry logged", case.reference)
    check("enquiry logged")
    assert case.channel == "councillor" and case.attachments.count() == 1
    assert case.member_enquiry.member == member.user

    officer, officer_checked = pages.journey(
        new_context, steps, caseworker, javascript=False, verified=True, **SMALL_SCREEN
    )
    officer.goto(f"/staff/cases/{case.reference}/reply/")
    officer_checked("officer's reply page")
    assert_fits(officer, "officer's reply page")
    officer.get_by_label("Your reply").fill("We will collect it on Friday.")
    officer.get_by_label("The councillor (the constituent does not see it)").check()
    officer.get_by_role("button", name="Send reply").click()
    expect(officer.get_by_role("main")).to_contain_text("sent to the councillor")

    page.get_by_role("link", name="See the enquiry and its progress").click()
    expect(main).to_contain_text("We will collect it on Friday.")
    expect(main).to_contain_text("Reply to the councillor")
    check("the enquiry with the reply")

    page.get_by_role("link", name="Write a letter from a template").click()
    check("write a letter")
    page.get_by_label("Letter template").select_option(label="Update on your enquiry")
    page.get_by_role("button", name="Preview the letter").click()
    expect(main).to_contain_text("Dear Margaret Ellis")
    check("letter preview")
    page.get_by_label("By email to the constituent").check()
    page.get_by_role("button", name="Send the letter").click()
    expect(main).to_contain_text("The letter has been emailed to the constituent")
    assert Letter.objects.get(case=case).sent_to == "margaret@example.org"

    page.goto("/staff/members/wards/")
    expect(main).to_contain_text("Pothole")
    expect(main).not_to_contain_text("Pat Reporter")
    check("public reports in the ward")

    # A letter for post: its page prints the letter; its PDF is made and downloaded.
    page.goto(f"/staff/members/enquiries/{case.reference}/letter/")
    page.get_by_label("Letter template").select_option(label="Update on your enquiry")
    page.get_by_role("button", name="Preview the letter").click()
    page.get_by_label("By post (print it)").check()
    page.get_by_role("button", name="Send the letter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your enquiry {case.reference}")
    check("the letter for post")
    page.get_by_role("button", name="Download the letter as a PDF").click()
    expect(heading).to_have_text("Your document is ready")
    check("the letter's PDF is ready")
    link = page.get_by_role("link", name=f"Download Your enquiry {case.reference}")
    answer = page.request.get(link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")

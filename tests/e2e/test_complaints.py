"""A complaint in a real browser without JavaScript, through both stages: the resident
complains, staff answer stage 1 with a root cause, the resident asks for stage 2 with a
reason, staff send the final answer, which tells the resident about the Ombudsman; the
managers' report counts it under its root cause. Every page on the way passes axe."""

import pytest
from playwright.sync_api import expect

from casework.models import Case, Complaint
from casework.request_types import request_types_sync
from tests.e2e import pages

pytestmark = pytest.mark.browser


def test_a_complaint_from_stage_1_to_the_final_answer_and_the_report(
    citizen, admin_user, new_context, steps
):
    request_types_sync()
    page, checked = pages.journey(new_context, steps, citizen, javascript=False)

    # The resident complains.
    page.goto("/account/")
    page.get_by_role("link", name="Complaints and compliments").click()
    expect(pages.heading(page)).to_have_text("Complaints and compliments")
    checked("start page")
    page.get_by_role("link", name="Make a complaint").click()
    expect(pages.heading(page)).to_have_text("What is your complaint about?")
    pages.continue_(page)
    checked.errors("about, with errors", "Select which service it is about")
    page.get_by_label("Bins and waste").check()
    page.get_by_label("What is it about, in a few words?").fill("Bins missed three times")
    pages.continue_(page)
    page.get_by_label("What happened?").fill("The crew missed Mill Lane on three Mondays.")
    checked("what happened")
    pages.continue_(page)
    page.get_by_label("What would put it right?").fill("Collect the bins and say sorry.")
    pages.continue_(page)
    page.get_by_label("Email").check()
    checked("contact")
    pages.continue_(page)
    checked("check your answers")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Complaint sent")).to_be_visible()
    checked("complaint sent")
    case = Case.objects.get(request_type__slug="complaint", resident=citizen)

    # Staff answer stage 1 with its root cause (refused without one).
    staff, staff_checked = pages.journey(
        new_context, steps, admin_user, javascript=False, verified=True
    )
    staff.goto(f"/staff/cases/{case.reference}/")
    staff_checked("staff case page")
    staff.get_by_role("link", name="Answer the complaint").click()
    staff_checked("answer the complaint")
    staff.get_by_label("Your answer to the complaint").fill("We missed your street. Sorry.")
    staff.get_by_role("button", name="Send answer").click()
    staff_checked.errors("answer without a root cause", "Select the root cause of the complaint")
    staff.get_by_label("Root cause").select_option("delay")
    staff.get_by_label("Partly upheld").check()
    staff.get_by_role("button", name="Send answer").click()
    expect(staff.get_by_role("main")).to_contain_text("Complaint stage 1 answered")

    # The resident is unhappy and asks for stage 2, with a reason.
    page.goto(f"/requests/{case.reference}/")
    expect(page.get_by_role("main")).to_contain_text("We missed your street. Sorry.")
    checked("stage 1 answer")
    page.get_by_role("link", name="Ask for a review").click()
    checked("ask for stage 2")
    page.get_by_role("button", name="Ask for a review").click()
    checked.errors("stage 2 without a reason", "Tell us why you are unhappy with our answer")
    page.get_by_label("Why are you unhappy with our answer?").fill("They missed it again.")
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_role("main")).to_contain_text("Your complaint is at stage 2")
    checked("stage 2 open")

    # Staff send the final answer; the resident reads it with the Ombudsman's details.
    staff.goto(f"/staff/cases/{case.reference}/")
    expect(staff.get_by_role("main")).to_contain_text("They missed it again.")
    staff.get_by_role("link", name="Answer the complaint").click()
    staff.get_by_label("Your answer to the complaint").fill("Our final answer: fixed for good.")
    staff.get_by_label("Root cause").select_option("delay")
    staff.get_by_label("Upheld", exact=True).check()
    staff.get_by_role("button", name="Send answer").click()
    page.goto(f"/requests/{case.reference}/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Our final answer: fixed for good.")
    expect(main).to_contain_text(
        "If you are still unhappy: the Local Government and Social Care Ombudsman"
    )
    expect(main).to_contain_text("0300 061 0614")
    checked("final answer with the Ombudsman")
    assert Complaint.objects.get(case=case).stage == 2

    # The report counts both answered stages under their root cause.
    staff.goto("/staff/complaints/report/")
    staff_checked("complaints report")
    rows = staff.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Delay or missed deadline")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("1")  # stage 1: one answered
    expect(rows.nth(1).locator("td").nth(0)).to_have_text("2")  # and one at stage 2

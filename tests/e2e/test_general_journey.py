"""General enquiries in a real browser, with and without JavaScript: a question from the
start page to the confirmation, and a request with a fee on to the payment page and back.
Every page on the way passes axe (WCAG 2.2 AA) and keeps to the Content-Security-Policy.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from casework.models import Attachment, Case
from casework.workflow import Status
from tests.e2e import pages

pytestmark = pytest.mark.browser


def _png() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="PNG")
    return {"name": "hedge.png", "mimeType": "image/png", "buffer": out.getvalue()}


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_general_enquiry_journey(javascript, resident, new_context, steps):
    page, checked = pages.journey(new_context, steps, resident, javascript=javascript)

    page.goto("/account/")
    page.get_by_role("link", name="General enquiries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General enquiries")
    checked("start page")
    page.get_by_role("link", name="Ask a question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(page.get_by_text("You can enter up to 5,000 characters")).to_be_attached()
    checked("question page")

    # Nothing answered: an error summary and messages by each question.
    pages.continue_(page)
    checked.errors(
        "question page with errors",
        "Enter what your request is about",
        "Enter the details of your request",
    )

    page.get_by_label("What is it about?").fill("Overgrown hedge")
    details = page.get_by_label("Tell us more")
    details.fill("The hedge at 12 Mill Lane blocks the pavement.\nPushchairs have to use the road.")
    if javascript:  # the count goes down as you type
        expect(page.locator(".govuk-character-count__status")).to_have_text(
            re.compile(r"You have 4,9\d\d characters remaining")
        )
    page.get_by_label("Add photos or documents (optional)").set_input_files(_png())
    steps("question answered")
    pages.continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request"
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("Overgrown hedge")
    expect(main).to_contain_text("hedge.png")
    expect(main).to_contain_text("4 Mill Lane")
    checked("check your answers")

    # Change an answer: back to the question, answers kept, and on to the check page again.
    page.get_by_role("link", name="Change what is it about?").click()
    what = page.get_by_label("What is it about?")
    expect(what).to_have_value("Overgrown hedge")
    what.fill("Overgrown hedge on Mill Lane")
    pages.continue_(page)
    expect(page.get_by_role("main")).to_contain_text("Overgrown hedge on Mill Lane")
    expect(page.get_by_role("main")).to_contain_text("hedge.png")
    page.get_by_role("button", name="Send request").click()

    case = Case.objects.get(resident=resident)
    pages.expect_confirmation(page, "Request sent", case.reference)
    expect(page.get_by_role("main")).to_contain_text("We aim to reply by")
    checked("confirmation")
    assert case.summary == "Overgrown hedge on Mill Lane"
    assert case.status == Status.SUBMITTED
    assert Attachment.objects.filter(case=case, original_name="hedge.png").exists()

    page.get_by_role("link", name="See your request and its progress").click()
    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    expect(page.get_by_role("main")).to_contain_text("hedge.png")
    steps("the request's page")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_general_paid_request_journey(
    javascript, resident, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    page, checked = pages.journey(new_context, steps, resident, javascript=javascript)

    page.goto("/services/general/")
    expect(page.get_by_role("main")).to_contain_text("£45")
    page.get_by_role("link", name="Book a pest control treatment").click()
    expect(page.get_by_role("main")).to_contain_text("This costs £45")
    page.get_by_label("What is it about?").fill("Wasps' nest")
    page.get_by_label("Tell us more").fill("A wasps' nest under the shed roof.")
    pages.continue_(page)

    expect(page.get_by_role("main")).to_contain_text("£45")
    checked("check your answers, with a fee")
    page.get_by_role("button", name="Send and pay").click()

    expect(pages.heading(page)).to_have_text("Confirm your payment")
    case = Case.objects.get(resident=resident)
    assert case.status == Status.AWAITING_PAYMENT
    steps("the payment page")
    pages.pay_on_the_card_page(page)

    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    checked("back on the request's page, paid")
    case.refresh_from_db()
    assert case.status != Status.AWAITING_PAYMENT

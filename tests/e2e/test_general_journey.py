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
from casework.request_types import request_types_sync
from casework.workflow import Status
from tests import urlmap
from tests.e2e import pages
from tests.factories import AddressFactory

pytestmark = pytest.mark.browser


def _png() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="PNG")
    return {"name": "hedge.png", "mimeType": "image/png", "buffer": out.getvalue()}


class Checker:
    """Checks each page of a journey: one <h1>, no axe violations, nothing the CSP refused.

    axe runs inside the page and needs its timers, which never fire where JavaScript
    is off: there, it checks the same HTML (the page's own scripts taken out) served
    at the same address, with the same stylesheets, in a page where axe can run.
    """

    def __init__(self, page, steps, new_context, *, javascript: bool):
        self.page = page
        self.steps = steps
        self.console = pages.ConsoleWatch(page)
        self.javascript = javascript
        self.new_context = new_context
        self._axe_context = None

    def __call__(self, label: str) -> None:
        page = self.page
        self.steps(label)
        problems = pages.structure_problems(page)
        violations = pages.axe_violations(page) if self.javascript else self._axe_without_js()
        assert not problems and not violations, (
            f"{label} ({page.url}):\n" + "\n".join(problems) + pages.describe_violations(violations)
        )
        assert not self.console.problems(), f"{label}:\n" + "\n".join(self.console.problems())

    def _axe_without_js(self) -> list[dict]:
        if self._axe_context is None:
            self._axe_context = self.new_context(bypass_csp=True)
        url = self.page.url
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", self.page.content(), flags=re.S)
        copy = self._axe_context.new_page()
        copy.route(
            lambda address: address == url,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        copy.goto(url)
        try:
            return pages.axe_violations(copy)
        finally:
            copy.close()


@pytest.fixture
def resident(citizen):
    request_types_sync()
    citizen.address = AddressFactory(line1="4 Mill Lane")
    citizen.save()
    return citizen


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_general_enquiry_journey(javascript, resident, new_context, steps):
    context = new_context(urlmap.client_for(resident), java_script_enabled=javascript)
    page = steps.watch(context.new_page())
    checked = Checker(page, steps, new_context, javascript=javascript)

    page.goto("/account/")
    page.get_by_role("link", name="General enquiries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("General enquiries")
    checked("start page")
    page.get_by_role("link", name="Ask a question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    expect(page.get_by_text("You can enter up to 5,000 characters")).to_be_attached()
    checked("question page")

    # Nothing answered: an error summary and messages by each question.
    page.get_by_role("button", name=pages.CONTINUE).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what your request is about")
    expect(summary).to_contain_text("Enter the details of your request")
    assert page.title().startswith("Error:")
    checked("question page with errors")

    page.get_by_label("What is it about?").fill("Overgrown hedge")
    details = page.get_by_label("Tell us more")
    details.fill("The hedge at 12 Mill Lane blocks the pavement.\nPushchairs have to use the road.")
    if javascript:  # the count goes down as you type
        expect(page.locator(".govuk-character-count__status")).to_have_text(
            re.compile(r"You have 4,9\d\d characters remaining")
        )
    page.get_by_label("Add photos or documents (optional)").set_input_files(_png())
    steps("question answered")
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your request"
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("Overgrown hedge")
    expect(main).to_contain_text("hedge.png")
    expect(main).to_contain_text("4 Mill Lane")
    checked("check your answers")

    # Change an answer: back to the question, answers kept, and on to the check page again.
    page.get_by_role("link", name="Change what it is about").click()
    what = page.get_by_label("What is it about?")
    expect(what).to_have_value("Overgrown hedge")
    what.fill("Overgrown hedge on Mill Lane")
    page.get_by_role("button", name=pages.CONTINUE).click()
    expect(page.get_by_role("main")).to_contain_text("Overgrown hedge on Mill Lane")
    expect(page.get_by_role("main")).to_contain_text("hedge.png")
    page.get_by_role("button", name="Send request").click()

    case = Case.objects.get(resident=resident)
    expect(page.locator(".govuk-panel__title")).to_have_text("Request sent")
    expect(page.locator(".govuk-panel__body")).to_contain_text(case.reference)
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
    context = new_context(urlmap.client_for(resident), java_script_enabled=javascript)
    page = steps.watch(context.new_page())
    checked = Checker(page, steps, new_context, javascript=javascript)

    page.goto("/services/general/")
    expect(page.get_by_role("main")).to_contain_text("£45")
    page.get_by_role("link", name="Book a pest control treatment").click()
    expect(page.get_by_role("main")).to_contain_text("This costs £45")
    page.get_by_label("What is it about?").fill("Wasps' nest")
    page.get_by_label("Tell us more").fill("A wasps' nest under the shed roof.")
    page.get_by_role("button", name=pages.CONTINUE).click()

    expect(page.get_by_role("main")).to_contain_text("£45")
    checked("check your answers, with a fee")
    page.get_by_role("button", name="Send and pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your payment")
    case = Case.objects.get(resident=resident)
    assert case.status == Status.AWAITING_PAYMENT
    steps("the payment page")
    page.get_by_role("button", name="Pay", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    checked("back on the request's page, paid")
    case.refresh_from_db()
    assert case.status != Status.AWAITING_PAYMENT

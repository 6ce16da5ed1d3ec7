"""Nothing scrolls sideways at 320 CSS pixels wide (WCAG 1.4.10 Reflow), with and without
JavaScript.

A page a resident or an officer opens on a small phone (or zoomed to 400 %) must fit
its width: a long e-mail address in a banner breaks, a wide table scrolls inside its
own box (a focusable region, so keyboards can scroll it too), never the whole page.
Each page is also checked by axe through the shared Checker.
"""

import datetime

import pytest
from playwright.sync_api import expect

from casework import actions as case_actions
from services.waste.models import MissedRoundNotice, Stream
from tests.casework.factories import RequestTypeFactory
from tests.e2e import pages
from tests.services.waste.reminders_factories import make_round

pytestmark = pytest.mark.browser

WIDTH = 320
SMALL_SCREEN = {"viewport": {"width": WIDTH, "height": 640}}
LONG_EMAIL = "samantha.rutherford-fitzwilliam.lettings@millbrook-community-housing.example"
PASSWORD = "tractor window cloud"
JAVASCRIPT = pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])


def assert_fits(page, label: str) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{label} ({page.url}) is {width} px wide at {WIDTH} px"


def _cases(resident, staff=None, *, count=3):
    request_type = RequestTypeFactory(name="Report a blocked drain outside the community centre")
    made = [
        case_actions.case_submit(
            request_type=request_type,
            resident=resident,
            answers={"Where": "Outside Millbrook Community Centre, Hawthorn Crescent"},
            summary="Water pools across the whole pavement whenever it rains",
        )
        for _n in range(count)
    ]
    if staff is not None:
        for case in made:
            case_actions.case_assign(case=case, actor=staff, assignee=staff)
    return made


@JAVASCRIPT
def test_the_sign_up_confirmation_banner_with_a_long_email_fits(javascript, new_context, steps):
    page, checked = pages.journey(new_context, steps, javascript=javascript, **SMALL_SCREEN)

    page.goto("/account/signup/")
    page.get_by_label("First name").fill("Samantha")
    page.get_by_label("Last name").fill("Rutherford-Fitzwilliam")
    page.get_by_label("Email address").fill(LONG_EMAIL)
    page.get_by_label(pages.PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("For me, as a resident").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Create an account").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(LONG_EMAIL)
    assert_fits(page, "the confirmation banner")
    checked("the confirmation banner, 320 px wide")


@JAVASCRIPT
def test_the_account_home_and_cookies_pages_fit(javascript, citizen, new_context, steps):
    _cases(citizen)
    page, checked = pages.journey(
        new_context, steps, citizen, javascript=javascript, **SMALL_SCREEN
    )

    page.goto("/account/")
    expect(page.get_by_role("region", name="Your latest requests")).to_be_visible()
    assert_fits(page, "the account home's recent activity")
    checked("the account home, 320 px wide")

    page.goto("/cookies/")
    assert_fits(page, "the cookies table")
    checked("cookies, 320 px wide")


@JAVASCRIPT
def test_the_staff_queue_and_the_waste_notices_fit(javascript, citizen, agent, new_context, steps):
    _cases(citizen, agent)
    today = datetime.date.today()
    round_ = make_round(Stream.REFUSE, day=today, name="Rubbish round A", code="refuse-a")
    MissedRoundNotice.objects.create(
        round=round_,
        street="Hawthorn Crescent",
        date=today,
        reason="The road was closed for resurfacing all morning",
        when_back="We will come back on Saturday morning",
        created_by=agent,
    )
    page, checked = pages.journey(
        new_context, steps, agent, javascript=javascript, verified=True, **SMALL_SCREEN
    )

    page.goto("/staff/cases/")
    expect(page.locator(".app-table-scroll table")).to_have_count(1)
    assert_fits(page, "the staff queue")
    checked("the staff queue, 320 px wide")

    page.goto("/staff/waste/notices/")
    expect(page.get_by_text("Hawthorn Crescent")).to_be_visible()
    assert_fits(page, "the waste notices list")
    checked("the waste notices, 320 px wide")


@JAVASCRIPT
def test_a_final_complaint_answer_a_home_message_and_the_complaints_report_fit(
    javascript, citizen, admin_user, new_context, steps
):
    from django.utils import timezone

    from casework.models import RequestType
    from casework.request_types import request_types_sync
    from portal.models import HomeMessage

    request_types_sync()
    case = case_actions.case_submit(
        request_type=RequestType.objects.get(slug="complaint"),
        resident=citizen,
        answers={},
        summary="Garden waste missed twice and nobody called back",
    )
    case_actions.case_complaint_open(case=case, ombudsman="housing")
    case_actions.case_acknowledge(case=case)
    for _stage in (1, 2):
        case_actions.case_complaint_answer(
            case=case,
            actor=None,
            message="Our answer.",
            root_cause="communication",
            upheld="partly",
        )
        if _stage == 1:
            case_actions.case_complaint_escalate(case=case, actor=citizen, reason="Still unhappy")
    today = timezone.localdate()
    HomeMessage.objects.create(
        title="Garden waste renewals are open for the 2027 season",
        body="Renew your brown bin subscription now so that your collections carry on.",
        link_text="Garden waste subscriptions",
        link_url="/waste/garden/",
        starts_on=today,
        ends_on=today,
    )
    page, checked = pages.journey(
        new_context, steps, citizen, javascript=javascript, **SMALL_SCREEN
    )

    page.goto(f"/requests/{case.reference}/")
    expect(page.get_by_role("main")).to_contain_text("Housing Ombudsman")
    assert_fits(page, "the final answer with the Ombudsman")
    checked("the final complaint answer, 320 px wide")

    page.goto("/account/")
    expect(page.get_by_role("button", name="Hide this message")).to_be_visible()
    assert_fits(page, "the account home with a message")
    checked("the account home with a message, 320 px wide")

    staff, staff_checked = pages.journey(
        new_context, steps, admin_user, javascript=javascript, verified=True, **SMALL_SCREEN
    )
    staff.goto("/staff/complaints/report/")
    expect(staff.locator(".app-table-scroll table")).to_have_count(1)
    assert_fits(staff, "the complaints report")
    staff_checked("the complaints report, 320 px wide")

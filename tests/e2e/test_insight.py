"""The performance pages in Chromium, at 320 px, with and without JavaScript: the public
service standards, the managers' dashboard and a councillor's ward reports, with
figures in them, pass axe and never scroll sideways."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from casework.models import Channel, Member
from insight.actions import summaries_refresh
from insight.models import ServiceStandard
from tests.conftest import _staff
from tests.e2e import pages
from tests.e2e.test_reflow import JAVASCRIPT, SMALL_SCREEN, assert_fits
from tests.insight.conftest import make_case, town  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(town):  # noqa: F811
    standard = ServiceStandard.objects.create(
        service="waste",
        wording="We collect a reported missed bin within 2 working days",
        target_percent=95,
    )
    standard.request_types.set([town.bins])
    for index in range(6):
        make_case(
            town,
            made_days_ago=40 + index * 30,
            finished_days_ago=38 + index * 30,
            late=index % 3 == 0,
            rating=4,
        )
        make_case(
            town,
            ward=town.south if index % 2 else town.north,
            request_type=town.potholes,
            channel=Channel.PHONE if index % 2 else Channel.WEB,
            made_days_ago=index * 5,
            finished_days_ago=index * 4 if index % 2 else None,
        )
    summaries_refresh()
    return town


@JAVASCRIPT
def test_the_public_service_standards_page(javascript, figures, new_context, steps):
    page, checked = pages.journey(new_context, steps, javascript=javascript, **SMALL_SCREEN)

    page.goto("/")
    page.get_by_role("link", name="Our service standards").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Our service standards")
    expect(
        page.get_by_role("img", name="Share meeting the standard, month by month")
    ).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Met it")
    assert_fits(page, "the service standards page")
    checked("the service standards, 320 px wide")


@JAVASCRIPT
def test_the_managers_dashboard_and_its_filters(
    javascript, figures, admin_user, new_context, steps
):
    page, checked = pages.journey(
        new_context, steps, admin_user, verified=True, javascript=javascript, **SMALL_SCREEN
    )

    page.goto("/staff/insight/")
    expect(page.get_by_role("img", name="Requests by channel")).to_be_visible()
    assert_fits(page, "the dashboard")
    checked("the dashboard, 320 px wide")

    page.get_by_label("Period", exact=True).select_option(label="The last 12 months")
    page.get_by_label("Team", exact=True).select_option(label="Roads team")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("region", name="Requests by channel: the figures")).to_contain_text(
        "Phone"
    )
    assert_fits(page, "the dashboard, filtered")
    checked("the dashboard filtered to a team")


@JAVASCRIPT
def test_a_councillors_ward_reports(javascript, figures, new_context, steps):
    member = _staff(roles.COUNCILLOR)
    Member.objects.create(user=member, title="Councillor North").wards.set([figures.north])
    page, checked = pages.journey(
        new_context, steps, member, verified=True, javascript=javascript, **SMALL_SCREEN
    )

    page.goto("/staff/")
    page.get_by_role("link", name="Ward reports").click()

    expect(page.get_by_role("region", name="Requests by ward: the figures")).to_contain_text(
        "North"
    )
    expect(page.get_by_role("region", name="Requests by ward: the figures")).not_to_contain_text(
        "South"
    )
    assert_fits(page, "the ward reports")
    checked("a councillor's ward reports, 320 px wide")

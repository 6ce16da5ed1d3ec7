"""Report a missed bin in a real browser, without and with JavaScript: the crew's in-cab records (the
simulated back office, in this process) say why the bin was not emptied, so the resident is
told that and what to do, and no case is made; another bin goes on to a report. Every page
on the way passes axe (WCAG 2.2 AA) and keeps to the Content-Security-Policy.
"""

import datetime
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from casework.models import Case
from casework.request_types import request_types_sync
from integrations.simulated_backoffice import BackOffice, start
from services.waste.models import PropertyRound, Round
from tests.e2e import pages
from tests.factories import AddressFactory

pytestmark = pytest.mark.browser

COLLECTED = datetime.date(2025, 11, 25)  # a Tuesday
NOW = datetime.datetime(2025, 11, 26, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture
def in_cab(settings):
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.WASTE_INCAB_URL = running.incab_url
    yield running.office.incab
    running.stop()


@pytest.fixture
def resident(clock, citizen, monkeypatch):
    request_types_sync()
    clock.set(NOW)
    home = AddressFactory(uprn=100090000001, line1="1 Mill Lane", postcode="MB1 1AA")
    for stream, code, weeks, first in (
        ("refuse", "MB-REF-TUE", 1, datetime.date(2025, 11, 4)),
        ("recycling", "MB-REC-TUE-1", 2, datetime.date(2025, 11, 11)),
    ):
        round_ = Round.objects.create(
            code=code,
            name=code,
            stream=stream,
            weekday=1,
            every_weeks=weeks,
            first_date=first,
        )
        PropertyRound.objects.create(address=home, round=round_, stream=stream)
    citizen.address = home
    citizen.save()
    return citizen


def _round(code: str, exceptions=()) -> dict:
    return {
        "round": code,
        "date": COLLECTED.isoformat(),
        "state": "finished",
        "started_at": "2025-11-25T06:41:00+00:00",
        "finished_at": "2025-11-25T13:58:00+00:00",
        "exceptions": list(exceptions),
    }


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_report_a_missed_bin_and_be_told_the_crew_s_reason(
    javascript, resident, in_cab, new_context, steps
):
    in_cab.add(
        _round(
            "MB-REC-TUE-1",
            [
                {
                    "uprn": "100090000001",
                    "stream": "recycling",
                    "reason": "contaminated",
                    "note": "Black sack on top",
                    "recorded_at": "2025-11-25T08:12:00+00:00",
                }
            ],
        )
    )
    in_cab.add(_round("MB-REF-TUE"))
    page, checked = pages.journey(new_context, steps, resident, javascript=javascript)

    page.goto("/waste/missed/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a missed bin collection")
    expect(page.get_by_role("main")).to_contain_text("1 Mill Lane")
    checked("start page")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Which bin was not emptied?")
    checked("which bin")
    pages.continue_(page)
    checked.errors("which bin, with an error", "Select the bin that was not emptied")
    pages.save_and_resume(page, checked, resumes_at="Which bin was not emptied?")

    page.get_by_label("Recycling").check()
    pages.continue_(page)

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Your recycling had the wrong things in it")
    main = page.get_by_role("main")
    expect(main).to_contain_text(
        "Your recycling was not collected on Tuesday 25 November 2025 because it had the "
        "wrong things in it."
    )
    expect(main).to_contain_text("Then put it out on your next collection day, Tuesday 9 December")
    checked("the crew's reason")
    assert not Case.objects.exists()

    # The rubbish, on the other hand, was missed: that one is reported.
    page.get_by_role("link", name="Report a different bin").click()
    page.get_by_label("Rubbish").check()
    pages.continue_(page)
    expect(heading).to_have_text("Check your answers before reporting the missed bin")
    expect(main).to_contain_text("Tuesday 25 November 2025")
    checked("check your answers")
    page.get_by_role("button", name="Report missed bin").click()

    case = Case.objects.get()
    pages.expect_confirmation(page, "Missed bin reported", case.reference)
    checked("confirmation")
    assert case.answers == {
        "stream": "refuse",
        "collection_date": "2025-11-25",
        "round": "MB-REF-TUE",
    }
    page.get_by_role("link", name="See your report and its progress").click()
    expect(page).to_have_url(re.compile(rf"/requests/{case.reference}/$"))
    pages.see_in_your_requests(page, checked, case)

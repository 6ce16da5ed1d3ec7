"""The contact centre acts for a caller (G1), in a real browser without JavaScript: an agent
finds the caller by postcode, starts assisting them (phone), reports a missed bin for them
on the same journey residents use, books them a bulky waste collection and takes the fee
by phone on the payment provider's card page (a MOTO payment), and stops assisting; the
caller signs in and sees both requests, each saying it was done for them by phone. Each
page passes axe and fits 320 px."""

import datetime
import re
import zoneinfo

import pytest
from playwright.sync_api import expect

from accounts.models import AuditEntry
from casework.models import Case, CaseEvent
from casework.request_types import request_types_sync
from integrations.pay.models import Payment
from integrations.simulated_backoffice import BackOffice, start
from services.waste.models import BulkyBooking, PropertyRound, Round
from tests.e2e import pages
from tests.e2e.test_reflow import SMALL_SCREEN, assert_fits
from tests.factories import PASSWORD, AddressFactory, UserFactory, WardFactory
from tests.services.waste.bulky_factories import bulky_items, bulky_policy, bulky_slots

pytestmark = pytest.mark.browser

COLLECTED = datetime.date(2025, 11, 25)  # a Tuesday
NOW = datetime.datetime(2025, 11, 26, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture
def caller(clock, db, settings, monkeypatch):
    """A resident whose rubbish was not collected yesterday (the crews' records say nothing)."""
    request_types_sync()
    clock.set(NOW)
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.WASTE_INCAB_URL = running.incab_url
    ward = WardFactory(name="Millbrook Central")
    home = AddressFactory(uprn=100090000001, line1="1 Mill Lane", postcode="MB1 1AA", ward=ward)
    bulky_policy()
    bulky_items()
    bulky_slots(ward, count=3)  # from the first day bookable today, whatever day it is
    round_ = Round.objects.create(
        code="MB-REF-TUE",
        name="MB-REF-TUE",
        stream="refuse",
        weekday=1,
        every_weeks=1,
        first_date=datetime.date(2025, 11, 4),
    )
    PropertyRound.objects.create(address=home, round=round_, stream="refuse")
    running.office.incab.add(
        {
            "round": "MB-REF-TUE",
            "date": COLLECTED.isoformat(),
            "state": "finished",
            "started_at": "2025-11-25T06:41:00+00:00",
            "finished_at": "2025-11-25T13:58:00+00:00",
            "exceptions": [],
        }
    )
    yield UserFactory(
        first_name="Winifred",
        last_name="Okafor",
        email="winifred@example.org",
        address=home,
    )
    running.stop()


def test_a_caller_sees_a_missed_bin_and_a_bulky_collection_paid_by_phone_both_done_for_them(
    agent, caller, live_server, settings, new_context, steps
):
    settings.PORTAL_BASE_URL = live_server.url  # where the payment provider sends them back
    page, checked = pages.journey(
        new_context, steps, agent, javascript=False, verified=True, **SMALL_SCREEN
    )
    main = page.get_by_role("main")

    page.goto("/staff/people/")
    page.get_by_label("Name, email, phone, postcode, address, UPRN or case reference").fill(
        "mb1 1aa"
    )
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Winifred Okafor").click()
    expect(pages.heading(page)).to_have_text("Winifred Okafor")

    page.get_by_role("link", name="Start assisting").click()
    checked("start assisting")
    page.get_by_role("button", name="Start assisting").click()
    checked.errors("start assisting, nothing chosen", "Select how they are in touch")
    page.get_by_label("Phone").check()
    page.get_by_label("Why are you acting for them?").fill("Called: bin not emptied")
    page.get_by_role("button", name="Start assisting").click()
    banner = page.get_by_role("region", name="Acting for someone")
    expect(banner).to_contain_text("You are helping Winifred Okafor (phone)")
    assert_fits(page, "the person's record while assisting")
    checked("the person's record while assisting")

    page.get_by_role("link", name="Report a missed bin collection").click()
    expect(pages.heading(page)).to_have_text("Report a missed bin collection")
    expect(main).to_contain_text("1 Mill Lane")  # the caller's address, not the agent's
    expect(banner).to_be_visible()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Rubbish").check()
    pages.continue_(page)
    expect(pages.heading(page)).to_have_text("Check your answers before reporting the missed bin")
    page.get_by_role("button", name="Report missed bin").click()

    case = Case.objects.get()
    pages.expect_confirmation(page, "Missed bin reported", case.reference)
    assert_fits(page, "the confirmation while assisting")
    checked("confirmation while assisting")
    assert (case.resident, case.channel, case.created_by) == (caller, "phone", agent)

    # Back to their record, and on to a bulky waste collection, paid by card over the phone.
    banner.get_by_role("link", name="Their record").click()
    expect(pages.heading(page)).to_have_text("Winifred Okafor")
    page.get_by_role("link", name="Book a bulky waste collection").click()
    expect(pages.heading(page)).to_have_text("Book a bulky waste collection")
    expect(main).to_contain_text("1 Mill Lane")  # the caller's address, not the agent's
    expect(banner).to_be_visible()
    checked("bulky start page while assisting")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Sofa", exact=True).fill("1")
    pages.continue_(page)
    expect(pages.heading(page)).to_have_text("Which day should we collect?")
    page.get_by_role("radio").first.check()
    day_label = page.locator(".govuk-radios__label").first.inner_text()
    pages.continue_(page)
    page.get_by_label("Where will the items be?").fill("Front garden, by the gate")
    pages.continue_(page)
    expect(pages.heading(page)).to_have_text("Check your answers before booking")
    expect(main).to_contain_text("1 × Sofa: £25")
    expect(banner).to_be_visible()
    checked("bulky check your answers while assisting")
    page.get_by_role("button", name="Book and pay").click()

    booking = BulkyBooking.objects.get(case__resident=caller)
    steps("the payment page, the caller's card typed in by the agent")
    pages.pay_on_the_card_page(page)
    expect(page).to_have_url(re.compile(rf"/waste/bulky/{booking.case.reference}/$"))
    expect(pages.heading(page)).to_have_text(f"Booked: {day_label}")
    expect(page.get_by_text("Your payment has been received")).to_be_visible()
    expect(banner).to_contain_text("You are helping Winifred Okafor (phone)")
    assert_fits(page, "the booking, paid, while assisting")
    checked("bulky booked and paid while assisting")
    booking.refresh_from_db()
    bulky = booking.case
    assert booking.state == BulkyBooking.State.BOOKED
    assert (bulky.resident, bulky.channel, bulky.created_by) == (caller, "phone", agent)
    payment = Payment.objects.get(purpose=f"case:{bulky.pk}")
    assert (payment.moto, payment.owner, payment.status, payment.amount_pence) == (
        True,
        caller,
        "success",
        2500,
    )

    page.get_by_role("button", name="Stop assisting").click()
    expect(page.get_by_role("region", name="Acting for someone")).to_have_count(0)
    expect(main).to_contain_text("You have stopped helping Winifred Okafor")

    # The caller, in their own browser, signs in and finds both.
    own, checked_own = pages.journey(new_context, steps, javascript=False, **SMALL_SCREEN)
    pages.sign_in_by_password(own, caller.email, PASSWORD)
    for made in (case, bulky):
        own.goto("/requests/")
        own.get_by_role("link", name=re.compile(made.request_type.name)).first.click()
        expect(own).to_have_url(re.compile(rf"/requests/{made.reference}/$"))
        expect(own.get_by_role("main")).to_contain_text(
            "Done for you by our contact centre by phone"
        )
        assert_fits(own, f"the caller's {made.request_type.name}")
        checked_own(f"the caller's {made.request_type.name}, done for them by phone")

    for made in (case, bulky):
        submitted = made.events.get(kind=CaseEvent.Kind.SUBMITTED)
        assert (submitted.actor, submitted.acting_for, submitted.channel) == (
            agent,
            caller,
            "phone",
        )
    assert list(
        AuditEntry.objects.filter(person=caller)
        .order_by("id")
        .values_list("staff", "action", "channel")
    ) == [
        (agent.pk, "viewed", ""),  # found by postcode
        (agent.pk, "assist_started", "phone"),
        (agent.pk, "viewed", ""),  # their record while assisting
        (agent.pk, "viewed", ""),  # back to their record for the bulky collection
        (agent.pk, "assist_stopped", "phone"),
        (agent.pk, "viewed", ""),  # back on their record after stopping
    ]

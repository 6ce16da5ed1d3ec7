"""Bin reminders in a real browser without JavaScript: turned on from the account, stopped
with the one-click link from the message (its GET only asks; the button stops them), and
staff telling residents about a missed round. Every page on the way passes axe (WCAG 2.2
AA) and keeps to the Content-Security-Policy.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from integrations.outbox.models import Message
from services.waste.actions.reminders import reminders_send
from services.waste.models import MissedRoundNotice, ReminderSubscription, Stream
from tests.e2e import pages
from tests.factories import AddressFactory
from tests.services.waste.reminders_factories import household, make_round, put_on

pytestmark = pytest.mark.browser


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def resident(citizen, tomorrow):
    home = AddressFactory(line1="14 Mill Lane", postcode="MB1 1AA")
    put_on(home, make_round(Stream.REFUSE, day=tomorrow), make_round(Stream.FOOD, day=tomorrow))
    citizen.address = home
    citizen.save()
    return citizen


def test_turn_reminders_on_and_stop_them_from_the_message(resident, tomorrow, new_context, steps):
    page, checked = pages.journey(new_context, steps, resident, javascript=False)

    page.goto("/account/")
    page.get_by_role("link", name="Your bin collection reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bin collection reminders")
    expect(page.get_by_role("main")).to_contain_text("You do not get any bin collection reminders")
    checked("no reminders yet")

    page.get_by_role("button", name="Get reminders for your address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get bin collection reminders")
    expect(page.get_by_role("main")).to_contain_text("by email to sam@example.org")
    checked("turn them on")
    assert not ReminderSubscription.objects.exists()

    page.get_by_role("button", name="Get reminders").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You will get bin reminders for 14 Mill Lane"
    )
    expect(page.get_by_role("main")).to_contain_text("14 Mill Lane, Millbrook, MB1 1AA")
    checked("reminders on")
    subscription = ReminderSubscription.objects.get(user=resident, active=True)

    # The evening before: the message, with its one-click stop link.
    assert reminders_send(day=tomorrow) == 1
    message = Message.objects.get(idempotency_key__startswith="bin-reminder-")
    assert ": rubbish and food waste. Put your bins out by 7am." in message.payload["body"]
    stop_path = urlsplit(message.payload["unsubscribe_url"]).path

    # Opened from the e-mail, without signing in: the link only asks.
    anonymous, checked_anonymous = pages.journey(new_context, steps, javascript=False)
    anonymous.goto(stop_path)
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Stop bin collection reminders?")
    checked_anonymous("stop link: asks first")
    subscription.refresh_from_db()
    assert subscription.active, "opening the link changes nothing"

    anonymous.get_by_role("button", name="Stop reminders").click()
    expect(anonymous.locator(".govuk-panel__title")).to_have_text(
        "Bin collection reminders stopped"
    )
    checked_anonymous("stopped")
    subscription.refresh_from_db()
    assert not subscription.active

    page.reload()
    expect(page.get_by_role("main")).to_contain_text("You do not get any bin collection reminders")


def test_staff_tell_residents_about_a_missed_round(agent, new_context, steps):
    today = timezone.localdate()
    round_ = make_round(Stream.REFUSE, day=today, name="Rubbish round A", code="refuse-a")
    household(round_, line1="1 Mill Lane")
    page, checked = pages.journey(new_context, steps, agent, javascript=False, verified=True)

    page.goto("/staff/waste/notices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Missed collection notices")
    checked("notices")
    page.get_by_role("button", name="Tell residents about a missed collection").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Which round was missed?")
    checked("choose the round")
    page.get_by_label("Which round was missed?").select_option(label="Rubbish round A (refuse-a)")
    pages.continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tell residents about a missed collection"
    )
    checked("the notice")
    page.get_by_role("button", name="Save and tell residents").click()
    checked.errors(
        "the notice with errors",
        "Select the day the collection was missed",
        "Enter why the collection was missed",
    )

    page.get_by_label("Which street was missed?").select_option(label="Mill Lane")
    page.get_by_label("(today)").check()
    page.get_by_label("Why was it missed?").fill("The collection lorry broke down")
    page.get_by_label("When will you come back? (optional)").fill("We will come back tomorrow")
    page.get_by_role("button", name="Save and tell residents").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Notice saved: 1 resident with bin reminders has been told"
    )
    expect(page.get_by_role("main")).to_contain_text("The collection lorry broke down")
    checked("notice sent")
    notice = MissedRoundNotice.objects.get()
    assert (notice.street, notice.date, notice.residents_told) == ("Mill Lane", today, 1)

"""Reminders before each instalment (opt-in): by the person's channel, once a due date,
not for what is paid, and a revenues system that is down only delays them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.outbox.models import Message
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from services.counciltax.models import InstalmentReminder
from services.counciltax.reminders import council_tax_reminders_send
from tests.services.counciltax.conftest import SAMS_NUMBER, TODAY

pytestmark = pytest.mark.django_db
REMINDERS = reverse("counciltax:reminders")
DUE = datetime.date(2027, 1, 1)  # Sam's next instalment
THREE_DAYS_BEFORE = DUE - datetime.timedelta(days=3)


def link(user):
    return ServiceLink.objects.create(
        user=user, service=SLUG, account_ref=SAMS_NUMBER, linked_at=timezone.now()
    )


def turn_on(client):
    return client.post(REMINDERS, {"remind": "yes"})


def test_a_resident_turns_reminders_on_and_off_from_the_account_page(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    account = verified_citizen_client.get(reverse("counciltax:account")).content.decode()
    assert "We do not remind you before instalments are due." in account
    assert turn_on(verified_citizen_client)["Location"] == reverse("counciltax:account")
    assert InstalmentReminder.objects.get(user=citizen).active
    account = verified_citizen_client.get(reverse("counciltax:account")).content.decode()
    assert "We remind you before each instalment is due." in account

    verified_citizen_client.post(REMINDERS, {"remind": "no"})
    assert not InstalmentReminder.objects.get(user=citizen).active
    assert verified_citizen_client.post(REMINDERS, {}).status_code == 400


def test_three_days_before_the_instalment_one_email_is_sent_and_never_twice(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    turn_on(verified_citizen_client)

    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE - datetime.timedelta(days=1)) == 0
    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE) == 1
    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE) == 0
    assert council_tax_reminders_send(today=DUE - datetime.timedelta(days=1)) == 0

    message = Message.objects.get(kind="notify.email")
    assert message.payload["to"] == citizen.email
    assert message.payload["subject"] == "Council tax: £202 due on 1 January 2027"
    assert "/council-tax/pay/" in message.payload["body"]
    stop_url = message.payload["unsubscribe_url"]  # the e-mail's List-Unsubscribe header
    assert "/account/reminders/stop/" in stop_url
    assert f"To stop these reminders: {stop_url}" in message.payload["body"]


def test_a_resident_who_prefers_texts_gets_a_text(verified_citizen_client, citizen, revenues):
    citizen.preferred_channel = "sms"
    citizen.phone = "+447700900123"
    citizen.save()
    link(citizen)
    turn_on(verified_citizen_client)

    council_tax_reminders_send(today=THREE_DAYS_BEFORE)

    assert Message.objects.get().kind == "notify.sms"


def test_an_instalment_already_paid_or_reminders_not_wanted_send_nothing(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    turn_on(verified_citizen_client)
    account = revenues.find(SAMS_NUMBER)
    for instalment in account["bills"][0]["instalments"]:
        instalment["paid_pence"] = instalment["amount_pence"]
    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE) == 0

    citizen.notify_reminders = False
    citizen.save()
    for instalment in account["bills"][0]["instalments"][9:]:
        instalment["paid_pence"] = 0
    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE) == 0
    assert not Message.objects.exists()


def test_the_revenues_system_down_delays_the_reminder_to_the_next_run(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    turn_on(verified_citizen_client)
    revenues.down = True
    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE) == 0
    revenues.down = False
    assert council_tax_reminders_send(today=THREE_DAYS_BEFORE + datetime.timedelta(days=1)) == 1


def test_the_daily_job_reads_only_accounts_with_an_instalment_due_soon(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    turn_on(verified_citizen_client)
    council_tax_reminders_send(today=TODAY)  # learns the next due date: 1 January
    reads = revenues.reads

    council_tax_reminders_send(today=TODAY + datetime.timedelta(days=1))

    assert revenues.reads == reads, "nothing due within 3 days: the account is not read"
    assert InstalmentReminder.objects.get().next_due_on == DUE


def test_closing_the_account_removes_reminders(verified_citizen_client, citizen, revenues):
    from accounts.actions import user_close

    link(citizen)
    turn_on(verified_citizen_client)
    user_close(user=citizen)
    assert not InstalmentReminder.objects.exists()


# --- One-click stop from the message ---------------------------------------------------------


def _stop_path(message) -> str:
    from django.conf import settings

    return message.payload["unsubscribe_url"].removeprefix(settings.PORTAL_BASE_URL)


def test_the_stop_link_asks_first_then_stops_this_reminder_without_signing_in(
    verified_citizen_client, citizen, revenues
):
    from django.test import Client

    link(citizen)
    turn_on(verified_citizen_client)
    council_tax_reminders_send(today=THREE_DAYS_BEFORE)
    path = _stop_path(Message.objects.get(kind="notify.email"))

    for _n in range(2):  # a mail scanner following the link, then the person
        asked = Client().get(path)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Stop council tax reminders?" in html
    assert "council tax instalment reminders for the account ending 0001" in html
    assert SAMS_NUMBER not in html, "no sign-in: only the account's last digits"
    assert "no-store" in asked.headers["Cache-Control"]
    assert InstalmentReminder.objects.get(user=citizen).active, "a GET changes nothing"

    # RFC 8058: a mail provider's one-click POST, with no cookie and no CSRF token.
    stopped = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

    assert stopped.status_code == 200
    assert "Council tax reminders stopped" in stopped.content.decode()
    assert not InstalmentReminder.objects.get(user=citizen).active
    assert council_tax_reminders_send(today=DUE - datetime.timedelta(days=1)) == 0
    again = Client().get(path).content.decode()
    assert "You can turn them on again" in again


def test_a_forged_altered_or_expired_stop_link_is_a_clear_4xx_and_stops_nothing(
    verified_citizen_client, citizen, revenues, settings
):
    from django.core import signing
    from django.test import Client

    from accounts.reminder_stops import stop_url

    link(citizen)
    turn_on(verified_citizen_client)
    reminder = InstalmentReminder.objects.get(user=citizen)
    good = stop_url(kind="ctax", pk=reminder.pk).removeprefix(settings.PORTAL_BASE_URL)
    forged = "/account/reminders/stop/" + signing.dumps(["ctax", reminder.pk]) + "/"  # no salt
    altered = good.replace("/stop/", "/stop/x")
    other_kind = stop_url(kind="bins", pk=reminder.pk).removeprefix(settings.PORTAL_BASE_URL)

    for path in (forged, altered):
        for response in (Client().get(path), Client().post(path)):
            assert response.status_code == 404
            assert "This link does not work" in response.content.decode()
    assert Client().get(other_kind).status_code == 404, "no bin reminder has that id"

    settings.REMINDER_STOP_LINK_DAYS = 0
    expired = Client().post(good)
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()
    assert reverse("counciltax:reminders") in expired.content.decode()
    assert InstalmentReminder.objects.get(user=citizen).active

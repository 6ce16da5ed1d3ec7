"""Rent reminders (opt-in): the evening before the tenancy's rent day, by the tenant's own
channel, once a rent day; off or unlinked, none. The same machinery as council tax's."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from integrations.outbox.models import Message
from services.counciltax.models import InstalmentReminder
from services.housing.actions import tenancy_unlink
from services.housing.models import RentReminder
from services.housing.reminders import rent_reminders_send
from tests.services.housing.conftest import SAMS_TENANCY, TODAY

pytestmark = pytest.mark.django_db
REMINDERS = reverse("housing:reminders")
DUE = datetime.date(2026, 12, 14)  # Sam's next rent day, a Monday
EVENING_BEFORE = DUE - datetime.timedelta(days=1)


def turn_on(client):
    return client.post(REMINDERS, {"remind": "yes"})


def test_a_tenant_turns_reminders_on_and_off_from_the_rent_account(
    verified_citizen_client, citizen, linked
):
    account = verified_citizen_client.get(reverse("housing:account")).content.decode()
    assert "We do not remind you before your rent is due." in account
    assert turn_on(verified_citizen_client)["Location"] == reverse("housing:account")
    assert RentReminder.objects.get(user=citizen, tenancy_reference=SAMS_TENANCY).active
    account = verified_citizen_client.get(reverse("housing:account")).content.decode()
    assert "We remind you the day before your rent is due." in account

    verified_citizen_client.post(REMINDERS, {"remind": "no"})
    assert not RentReminder.objects.get(user=citizen).active
    response = verified_citizen_client.post(REMINDERS, {})
    assert response.status_code == 400
    assert "Select yes if you want reminders" in response.content.decode()


def test_rent_due_tomorrow_sends_one_message_exactly_once(verified_citizen_client, citizen, linked):
    turn_on(verified_citizen_client)

    assert rent_reminders_send(today=TODAY) == 0, "a week before: not yet"
    assert rent_reminders_send(today=EVENING_BEFORE) == 1
    assert rent_reminders_send(today=EVENING_BEFORE) == 0, "the job run twice"
    assert rent_reminders_send(today=DUE) == 0, "nor on the day itself"

    message = Message.objects.get(kind="notify.email")
    assert message.payload["to"] == citizen.email
    assert message.payload["subject"] == "Rent: £104.50 due on Monday 14 December 2026"
    assert "/housing/rent/pay/" in message.payload["body"]
    stop = message.payload["unsubscribe_url"]  # the e-mail's List-Unsubscribe header
    assert "/account/reminders/stop/" in stop
    assert f"To stop these reminders: {stop}" in message.payload["body"]


def test_a_tenant_who_prefers_texts_gets_a_text(verified_citizen_client, citizen, linked):
    citizen.preferred_channel = "sms"
    citizen.phone = "+447700900123"
    citizen.save()
    turn_on(verified_citizen_client)

    rent_reminders_send(today=EVENING_BEFORE)

    assert Message.objects.get().kind == "notify.sms"


def test_off_unlinked_or_the_system_down_sends_none(
    verified_citizen_client, citizen, linked, settings
):
    verified_citizen_client.post(REMINDERS, {"remind": "no"})
    assert rent_reminders_send(today=EVENING_BEFORE) == 0

    turn_on(verified_citizen_client)
    settings.HOUSING_URL = "http://127.0.0.1:9"  # nothing listens
    assert rent_reminders_send(today=EVENING_BEFORE) == 0

    tenancy_unlink(user=citizen)
    assert not RentReminder.objects.filter(user=citizen).exists()
    assert not Message.objects.exists()


def test_housing_costs_paying_all_the_rent_means_no_reminder(
    verified_citizen_client, citizen, linked, housing
):
    housing.tenancies[SAMS_TENANCY]["rent_account"]["housing_costs_weekly_pence"] = 10_450
    turn_on(verified_citizen_client)

    assert rent_reminders_send(today=EVENING_BEFORE) == 0


def test_rent_reminders_are_in_the_data_download_and_go_with_the_account(
    verified_citizen_client, citizen, linked
):
    from accounts.actions import user_close
    from accounts.data_export import sections

    turn_on(verified_citizen_client)
    exported = sections.get("housing")(citizen)
    assert exported == {
        "rent_reminders": [{"tenancy_reference": SAMS_TENANCY, "reminders_on": True}]
    }
    user_close(user=citizen)
    assert not RentReminder.objects.exists()


def test_the_stop_link_in_a_rent_reminder_stops_rent_reminders_only(
    verified_citizen_client, citizen, linked
):
    turn_on(verified_citizen_client)
    council_tax = InstalmentReminder.objects.create(user=citizen, account_number="60010001")
    rent_reminders_send(today=EVENING_BEFORE)
    stop = Message.objects.get(kind="notify.email").payload["unsubscribe_url"]
    path = stop.removeprefix(settings.PORTAL_BASE_URL)

    asked = Client().get(path)  # from the e-mail: no sign-in
    assert asked.status_code == 200
    assert "Stop rent reminders?" in asked.content.decode()
    assert "rent reminders for the tenancy ending 0001" in asked.content.decode()
    assert RentReminder.objects.get(user=citizen).active, "a GET changes nothing"
    stopped = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

    assert stopped.status_code == 200
    assert "Rent reminders stopped" in stopped.content.decode()
    assert not RentReminder.objects.get(user=citizen).active
    council_tax.refresh_from_db()
    assert council_tax.active, "council tax reminders go on"

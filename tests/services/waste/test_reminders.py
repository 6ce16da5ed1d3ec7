"""S-W2: opt-in bin reminders the evening before, by the resident's channel, one-click stop."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.access import login_url
from accounts.actions import user_close, user_data_export
from accounts.models import User
from integrations.notify import sms
from integrations.outbox.actions import Outgoing, message_enqueue_many
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from services.waste.actions.reminders import reminder_subscribe, reminders_send
from services.waste.models import CollectionChange, ReminderSubscription, Stream
from services.waste.selectors.reminders import MAX_ACTIVE_PER_PERSON
from services.waste.tasks import send_bin_reminders_task
from tests.conftest import signed_in
from tests.factories import AddressFactory
from tests.services.waste.reminders_factories import TUESDAY, household, make_round, put_on

pytestmark = pytest.mark.django_db

WEDNESDAY = TUESDAY + datetime.timedelta(days=1)


@pytest.fixture
def rounds():
    """Rubbish and food waste on Tuesdays, recycling on Wednesdays."""
    return {
        "refuse": make_round(Stream.REFUSE),
        "food": make_round(Stream.FOOD),
        "recycling": make_round(Stream.RECYCLING, day=WEDNESDAY),
    }


@pytest.fixture
def home(rounds):
    address = AddressFactory(line1="14 Mill Lane", postcode="MB1 1AA")
    put_on(address, *rounds.values())
    return address


def reminders():
    return list(Message.objects.filter(idempotency_key__startswith="bin-reminder-").order_by("pk"))


# --- Turning reminders on ------------------------------------------------------------------


def test_a_resident_gets_reminders_for_an_address_they_look_at(citizen, home):
    client = signed_in(citizen)
    url = f"/waste/{home.uprn}/reminders/"

    page = client.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Get bin collection reminders" in html
    assert "14 Mill Lane, Millbrook, MB1 1AA" in html
    assert "by email to sam@example.org" in html
    assert not ReminderSubscription.objects.exists(), "a GET changes nothing"

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == "/waste/reminders/"
    subscription = ReminderSubscription.objects.get()
    assert (subscription.user, subscription.address, subscription.active) == (citizen, home, True)
    listed = client.get("/waste/reminders/").content.decode()
    assert "You will get bin reminders for 14 Mill Lane" in listed
    assert "14 Mill Lane, Millbrook, MB1 1AA" in listed

    client.post(url)  # a second click
    assert ReminderSubscription.objects.count() == 1
    assert "You already get reminders for this address" in client.get(url).content.decode()


def test_an_address_we_do_not_collect_from_has_no_reminders_to_offer(citizen, rounds):
    address = AddressFactory()
    client = signed_in(citizen)

    page = client.get(f"/waste/{address.uprn}/reminders/")
    client.post(f"/waste/{address.uprn}/reminders/")

    assert "We do not have collection days for this address" in page.content.decode()
    assert "Get reminders</button>" not in page.content.decode()
    assert not ReminderSubscription.objects.exists()


def test_an_unknown_address_is_not_found(citizen_client):
    assert citizen_client.get("/waste/999999999/reminders/").status_code == 404


def test_signing_in_comes_first(client, home):
    url = f"/waste/{home.uprn}/reminders/"

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, login_url(url))
    assert client.get("/waste/reminders/")["Location"] == login_url("/waste/reminders/")


def test_the_account_page_offers_the_residents_own_address(citizen, home):
    citizen.address = home
    citizen.save()

    html = signed_in(citizen).get("/waste/reminders/").content.decode()

    assert "You do not get any bin collection reminders." in html
    assert f'href="/waste/{home.uprn}/reminders/"' in html


def test_a_stopped_reminder_can_be_turned_on_again(citizen, home):
    subscription = household(make_round(), user=citizen)
    subscription.active = False
    subscription.save()

    signed_in(citizen).post(f"/waste/{subscription.address.uprn}/reminders/")

    subscription.refresh_from_db()
    assert subscription.active


def test_one_person_has_reminders_for_a_few_addresses_not_a_street(citizen, rounds):
    for _n in range(MAX_ACTIVE_PER_PERSON):
        household(rounds["refuse"], user=citizen)
    another = AddressFactory()
    put_on(another, rounds["refuse"])
    client = signed_in(citizen)

    page = client.get(f"/waste/{another.uprn}/reminders/")
    response = client.post(f"/waste/{another.uprn}/reminders/")

    assert "You can have reminders for up to 10 addresses" in page.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert ReminderSubscription.objects.filter(user=citizen).count() == MAX_ACTIVE_PER_PERSON


def test_the_pages_warn_when_reminders_are_turned_off_in_contact_preferences(citizen, home):
    citizen.notify_reminders = False
    citizen.save()
    client = signed_in(citizen)

    for url in (f"/waste/{home.uprn}/reminders/", "/waste/reminders/"):
        assert "You have turned off reminders" in client.get(url).content.decode()


# --- Stopping them from the account ----------------------------------------------------------


def test_stop_from_the_account_page(citizen, home):
    subscription = reminder_subscribe(user=citizen, address=home)
    client = signed_in(citizen)
    assert client.get(f"/waste/reminders/{subscription.pk}/stop/").status_code == 405

    response = client.post(f"/waste/reminders/{subscription.pk}/stop/", follow=True)

    subscription.refresh_from_db()
    assert not subscription.active
    html = response.content.decode()
    assert "You will not get bin reminders for 14 Mill Lane any more" in html
    assert "You do not get any bin collection reminders." in html


def test_another_resident_cannot_stop_someone_elses_reminders(citizen, another_citizen, home):
    subscription = reminder_subscribe(user=citizen, address=home)

    response = signed_in(another_citizen).post(f"/waste/reminders/{subscription.pk}/stop/")

    assert response.status_code == 404
    subscription.refresh_from_db()
    assert subscription.active


def test_the_list_shows_only_the_persons_own_reminders(citizen, another_citizen, home, rounds):
    reminder_subscribe(user=citizen, address=home)
    household(rounds["refuse"], user=another_citizen, line1="99 Other Road")

    html = signed_in(citizen).get("/waste/reminders/").content.decode()

    assert "14 Mill Lane" in html
    assert "99 Other Road" not in html


# --- One-click stop from a message ------------------------------------------------------------
# Links sent before the signed ones (accounts.reminder_stops) name the subscription's token.


def test_the_stop_link_asks_first_and_a_get_changes_nothing(citizen, home):
    subscription = reminder_subscribe(user=citizen, address=home)
    url = f"/waste/reminders/stop/{subscription.token}/"

    for _n in range(3):  # a mail scanner following the link, then the person
        page = Client().get(url)

    subscription.refresh_from_db()
    assert subscription.active
    html = page.content.decode()
    assert page.status_code == 200
    assert "Stop bin collection reminders?" in html
    assert "Stop reminders</button>" in html
    assert "no-store" in page.headers["Cache-Control"], "the page names the address"


def test_the_stop_button_stops_them_without_signing_in(citizen, home):
    subscription = reminder_subscribe(user=citizen, address=home)
    url = f"/waste/reminders/stop/{subscription.token}/"

    response = Client().post(url)

    subscription.refresh_from_db()
    assert not subscription.active
    assert "Bin collection reminders stopped" in response.content.decode()
    assert "for 14 Mill Lane" in response.content.decode()
    again = Client().get(url).content.decode()
    assert "You do not get reminders for 14 Mill Lane any more." in again


def test_rfc_8058_one_click_post_from_a_mail_provider(citizen, home):
    """No cookie, no CSRF token: the body is List-Unsubscribe=One-Click."""
    subscription = reminder_subscribe(user=citizen, address=home)

    response = Client(enforce_csrf_checks=True).post(
        f"/waste/reminders/stop/{subscription.token}/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.active


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 65])
def test_a_bad_token_is_not_found(token, citizen, home):
    subscription = reminder_subscribe(user=citizen, address=home)

    assert Client().get(f"/waste/reminders/stop/{token}/").status_code == 404
    assert Client().post(f"/waste/reminders/stop/{token}/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.active


# --- The evening job ---------------------------------------------------------------------------


def test_one_message_per_subscription_saying_what_is_collected_tomorrow(citizen, home):
    subscription = reminder_subscribe(user=citizen, address=home)

    assert reminders_send(day=TUESDAY) == 1

    [message] = reminders()
    assert message.kind == "notify.email"
    assert message.idempotency_key == f"bin-reminder-{subscription.pk}-2026-11-24"
    payload = message.payload
    assert payload["to"] == "sam@example.org"
    assert payload["subject"] == "Bin collection tomorrow: rubbish and food waste"
    assert payload["body"].startswith(
        "Tomorrow (Tuesday 24 November): rubbish and food waste. Put your bins out by 7am."
    )
    assert "recycling" not in payload["body"]
    stop_url = payload["unsubscribe_url"]
    assert stop_url.startswith(f"{settings.PORTAL_BASE_URL}/account/reminders/stop/")
    assert stop_url in payload["body"]
    stop_page = Client().get(stop_url.removeprefix(settings.PORTAL_BASE_URL))
    assert "at 14 Mill Lane" in stop_page.content.decode(), "the link stops this reminder"
    subscription.refresh_from_db()
    assert subscription.last_sent_for == TUESDAY

    outbox_sweep()
    [email] = mail.outbox
    assert email.to == ["sam@example.org"]
    assert email.subject == "Bin collection tomorrow: rubbish and food waste"


def test_each_household_hears_about_its_own_bins(rounds):
    both = household(rounds["refuse"], rounds["food"])
    refuse_only = household(rounds["refuse"])
    wednesday_only = household(rounds["recycling"])

    assert reminders_send(day=TUESDAY) == 2

    bodies = {m.idempotency_key.split("-")[2]: m.payload["body"] for m in reminders()}
    assert set(bodies) == {str(both.pk), str(refuse_only.pk)}
    assert ": rubbish and food waste." in bodies[str(both.pk)]
    assert ": rubbish. Put your bins out" in bodies[str(refuse_only.pk)]
    assert str(wednesday_only.pk) not in bodies
    assert reminders_send(day=WEDNESDAY) == 1
    assert ": recycling. Put your bins out" in reminders()[-1].payload["body"]


def test_running_twice_or_after_a_crash_sends_nothing_more(citizen, home, rounds):
    reminder_subscribe(user=citizen, address=home)
    household(rounds["refuse"])

    assert reminders_send(day=TUESDAY) == 2
    assert reminders_send(day=TUESDAY) == 0
    # Even if the "already reminded" mark were lost, the idempotency key holds.
    ReminderSubscription.objects.update(last_sent_for=None)
    assert reminders_send(day=TUESDAY) == 0
    assert len(reminders()) == 2


def test_text_message_for_those_who_prefer_it(rounds):
    texter = household(rounds["refuse"], channel=User.Channel.SMS, phone="+447700900123")
    no_phone = household(rounds["refuse"], channel=User.Channel.SMS)

    assert reminders_send(day=TUESDAY) == 2

    by_key = {m.idempotency_key: m for m in reminders()}
    text = by_key[f"bin-reminder-{texter.pk}-2026-11-24"]
    assert text.kind == "notify.sms"
    assert text.payload["to"] == "+447700900123"
    assert text.payload["body"].startswith(f"Bins at {texter.address.line1}. Tomorrow (")
    assert text.payload["body"].endswith(text.payload["unsubscribe_url"])
    assert "/account/reminders/stop/" in text.payload["unsubscribe_url"]
    email = by_key[f"bin-reminder-{no_phone.pk}-2026-11-24"]
    assert email.kind == "notify.email", "no number: e-mail instead"

    outbox_sweep()
    assert [t.to for t in sms.outbox] == ["+447700900123"]
    assert len(mail.outbox) == 1


def test_nothing_when_nothing_is_collected_tomorrow(citizen, home):
    reminder_subscribe(user=citizen, address=home)

    assert reminders_send(day=TUESDAY + datetime.timedelta(days=2)) == 0
    assert reminders() == []


def test_fortnightly_rounds_remind_only_in_their_week(rounds):
    fortnightly = make_round(Stream.GARDEN, every_weeks=2)
    subscription = household(fortnightly)

    assert reminders_send(day=TUESDAY + datetime.timedelta(weeks=1)) == 0
    assert reminders_send(day=TUESDAY + datetime.timedelta(weeks=2)) == 1
    assert reminders()[0].idempotency_key.startswith(f"bin-reminder-{subscription.pk}-")


def test_a_bank_holiday_move_reminds_on_the_eve_of_the_new_day(citizen, home, rounds):
    """Every round's Tuesday collection moves to Wednesday; recycling stays on Wednesday."""
    reminder_subscribe(user=citizen, address=home)
    CollectionChange.objects.create(
        round=None, date=TUESDAY, new_date=WEDNESDAY, reason="the Christmas bank holiday"
    )

    assert reminders_send(day=TUESDAY) == 0
    assert reminders_send(day=WEDNESDAY) == 1

    [message] = reminders()
    assert message.payload["body"].startswith(
        "Tomorrow (Wednesday 25 November): rubbish, recycling and food waste. "
        "Put your bins out by 7am. This is not the usual day: the Christmas bank holiday."
    )


def test_a_cancelled_collection_is_not_reminded(citizen, home, rounds):
    reminder_subscribe(user=citizen, address=home)
    CollectionChange.objects.create(round=rounds["food"], date=TUESDAY, new_date=None)

    reminders_send(day=TUESDAY)

    [message] = reminders()
    assert ": rubbish. Put your bins out" in message.payload["body"]


def test_closed_deactivated_and_unwilling_accounts_get_nothing(rounds, citizen, another_citizen):
    closed = household(rounds["refuse"], user=citizen)
    user_close(user=citizen)
    deactivated = household(rounds["refuse"], user=another_citizen)
    another_citizen.is_active = False
    another_citizen.save()
    unwilling = household(rounds["refuse"], notify_reminders=False)
    stopped = household(rounds["refuse"])
    stopped.active = False
    stopped.save()

    assert reminders_send(day=TUESDAY) == 0

    assert not ReminderSubscription.objects.filter(pk=closed.pk).exists(), "deleted on closing"
    assert deactivated.pk and unwilling.pk
    assert reminders() == []


@pytest.mark.parametrize("households", [10, 100])
def test_queries_do_not_grow_with_subscriptions(households, rounds, django_assert_max_num_queries):
    for n in range(households):
        household(
            rounds["refuse"],
            rounds["food"],
            **({"channel": User.Channel.SMS, "phone": "+447700900123"} if n % 3 == 0 else {}),
        )

    with django_assert_max_num_queries(14):
        assert reminders_send(day=TUESDAY) == households


def test_the_job_works_in_chunks(rounds, monkeypatch):
    from services.waste.actions import reminders as actions

    monkeypatch.setattr(actions, "CHUNK", 3)
    made = [household(rounds["refuse"]) for _n in range(7)]

    assert reminders_send(day=TUESDAY) == 7
    assert {m.idempotency_key for m in reminders()} == {
        f"bin-reminder-{s.pk}-2026-11-24" for s in made
    }


def test_the_periodic_task_reminds_for_tomorrow(citizen, home, monkeypatch):
    from django.utils import timezone

    reminder_subscribe(user=citizen, address=home)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TUESDAY - datetime.timedelta(1))

    send_bin_reminders_task()

    assert len(reminders()) == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["send-bin-reminders"]
    assert schedule["task"] == "services.waste.tasks.send_bin_reminders_task"
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({18}, {0})
    assert settings.CELERY_TIMEZONE == "Europe/London"


# --- The outbox, many at a time ------------------------------------------------------------------


def test_enqueue_many_writes_once_per_key_and_dispatches_after_commit(
    django_capture_on_commit_callbacks,
):
    first = [
        Outgoing(kind="notify.email", payload={"n": n}, idempotency_key=f"k-{n}") for n in (1, 2)
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        written = message_enqueue_many(messages=first)
    assert len(written) == 2
    assert len(callbacks) == 1

    again = [
        Outgoing(kind="notify.email", payload={"n": n}, idempotency_key=f"k-{n}") for n in (2, 3)
    ]
    written_again = message_enqueue_many(messages=again)

    assert len(written_again) == 1
    assert Message.objects.count() == 3
    assert Message.objects.get(idempotency_key="k-2").payload == {"n": 2}


# --- Your data --------------------------------------------------------------------------------------


def test_reminders_are_in_download_my_data_and_go_when_the_account_closes(citizen, home):
    reminder_subscribe(user=citizen, address=home)

    data = user_data_export(user=citizen)

    [entry] = data["bin_reminders"]
    assert entry["address"] == "14 Mill Lane, Millbrook, MB1 1AA"
    assert entry["reminders_on"] is True
    user_close(user=citizen)
    assert not ReminderSubscription.objects.filter(user=citizen).exists()

"""Garden waste subscriptions: subscribe, pay, renew, be reminded,
cancel. A subscription is active only once the payment provider confirms the payment."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casework import actions as case_actions
from casework.models import Case, CaseEvent, Team
from casework.workflow import Status
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from integrations.pay.models import Payment
from services.waste.actions import garden as actions
from services.waste.models import GardenSubscription, Stream, WastePolicy
from services.waste.selectors import garden as selectors
from tests.conftest import signed_in
from tests.factories import UserFactory
from tests.helpers import synced_request_type
from tests.services.waste.orders import home, pay_on_card

pytestmark = pytest.mark.django_db

State = GardenSubscription.State
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def request_type(db):
    rt = synced_request_type("garden-subscription")
    team = rt.team or Team.objects.create(slug="waste-services", name="Waste services")
    team.email = "waste@millbrook.example"
    team.save()
    rt.team = team
    rt.save()
    return rt


@pytest.fixture
def rules(db):
    policy = WastePolicy.current()
    policy.garden_price_per_bin_pence = 4500
    policy.garden_max_bins = 3
    policy.garden_months = 12
    policy.garden_renewal_reminder_days = 30
    policy.save()
    return policy


@pytest.fixture
def address(db):
    return home(line1="1 Mill Lane")  # on every round, garden included


@pytest.fixture
def resident(citizen, address, request_type, rules):
    citizen.address = address
    citizen.save()
    return citizen


@pytest.fixture
def client(resident):
    return signed_in(resident)


GARDEN = reverse("waste:garden")


def subscribe_url(address) -> str:
    return reverse("waste:garden_subscribe", kwargs={"uprn": address.uprn})


def check_url(address) -> str:
    return reverse("waste:garden_check", kwargs={"uprn": address.uprn})


def choose(client, address, bins: int) -> str:
    """Answer how many bins; returns the check page's URL."""
    chosen = client.post(subscribe_url(address), {"bins": str(bins)})
    assert chosen["Location"] == check_url(address), chosen.content.decode()[:1500]
    return check_url(address)


def submit(client, url):
    """POST the check page as it was shown (its version)."""
    page = client.get(url)
    assert page.status_code == 200, page.content.decode()[:1500]
    return client.post(url, {"version": page.context["form"]["version"].value()})


def paid(user, address, request_type, *, starts_on, bins=1) -> GardenSubscription:
    """A subscription made on ``starts_on`` and paid for that day (as the listener does it)."""
    subscription = actions.garden_subscribe(
        user=user, address=address, bins=bins, request_type=request_type, on=starts_on
    )
    case_actions.case_record_payment(
        case_id=subscription.case_id, outcome="paid", amount_pence=4500 * bins, payment_id="p"
    )
    activated = actions.garden_activate(case_id=subscription.case_id, paid_on=starts_on)
    assert activated is not None
    return GardenSubscription.objects.select_related("case", "address").get(pk=subscription.pk)


def ending_in(days: int, user, address, request_type, today) -> GardenSubscription:
    """An active subscription whose last day is ``days`` from today."""
    ends_on = today + datetime.timedelta(days=days)
    starts_on = selectors.add_months(ends_on + DAY, -12)
    subscription = paid(user, address, request_type, starts_on=starts_on)
    assert subscription.ends_on == ends_on
    return subscription


# --- Subscribing and paying ---------------------------------------------------------------------


def test_dates_run_for_the_councils_months():
    assert selectors.period_end(datetime.date(2026, 3, 10), 12) == datetime.date(2027, 3, 9)
    assert selectors.period_end(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 27)
    assert selectors.add_months(datetime.date(2027, 3, 31), -1) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("choice", "state", "says"),
    [
        ("pay", State.ACTIVE, "Garden waste subscription started"),
        ("decline", State.AWAITING_PAYMENT, "did not go through"),
        ("cancel", State.AWAITING_PAYMENT, "You cancelled your payment"),
    ],
)
def test_subscribing_is_paid_for_through_the_provider(
    client, resident, address, today, choice, state, says
):
    form = client.get(subscribe_url(address))
    assert form.status_code == 200
    assert "2 bins, £90" in form.content.decode()
    choose(client, address, 2)
    check = client.get(check_url(address)).content.decode()
    assert "£90" in check and "we do not give refunds" in check

    to_provider = submit(client, check_url(address))

    subscription = GardenSubscription.objects.get(resident=resident)
    assert subscription.state == State.AWAITING_PAYMENT
    assert subscription.case.fee_pence == 9000 and subscription.price_pence == 9000
    assert subscription.bins == 2
    landed = pay_on_card(client, to_provider["Location"], choice)

    subscription.refresh_from_db()
    assert subscription.state == state
    assert says in landed.content.decode()
    if choice == "pay":
        assert subscription.starts_on == today
        assert subscription.ends_on == selectors.add_months(today, 12) - DAY
        assert landed.redirect_chain[-1][0] == reverse(
            "waste:garden_sent", args=[subscription.case.reference]
        )
        assert subscription.case.status == Status.SUBMITTED
        # Your requests says it is paid for, not merely "Submitted".
        requests = client.get(reverse("casework:list")).content.decode()
        assert '<strong class="govuk-tag govuk-tag--grey">Paid</strong>' in requests
        assert ">Submitted</strong>" not in requests
    else:
        listed = client.get(GARDEN).content.decode()
        assert "Waiting for payment" in listed and "Pay £90 now" in listed


def test_not_active_until_the_provider_confirms(client, resident, address):
    submit(client, choose(client, address, 1))
    payment = Payment.objects.get()
    # Back from the provider without paying: the portal asks it, and it says not paid.
    back = client.get(reverse("pay:return", args=[payment.pk]), follow=True)
    assert "We have not" in back.content.decode()
    subscription = GardenSubscription.objects.get(resident=resident)
    assert subscription.state == State.AWAITING_PAYMENT
    # Its confirmation page is not shown: the request's page, with "Pay now", is.
    sent = client.get(reverse("waste:garden_sent", args=[subscription.case.reference]))
    assert sent["Location"] == reverse("casework:detail", args=[subscription.case.reference])


def test_a_payment_made_after_the_request_was_withdrawn_activates_nothing(
    resident, address, request_type, today
):
    subscription = actions.garden_subscribe(
        user=resident, address=address, bins=1, request_type=request_type
    )
    case_actions.case_withdraw(case=subscription.case, actor=resident)
    case_actions.case_record_payment(
        case_id=subscription.case_id, outcome="paid", amount_pence=4500, payment_id="late"
    )
    assert actions.garden_activate(case_id=subscription.case_id, paid_on=today) is None
    subscription.refresh_from_db()
    assert subscription.state == State.AWAITING_PAYMENT
    assert selectors.shown_state(subscription, on=today) == selectors.Shown.CANCELLED


def test_a_second_click_on_subscribe_makes_one_subscription(client, resident, address):
    url = choose(client, address, 1)
    version = client.get(url).context["form"]["version"].value()
    first = client.post(url, {"version": version})
    again = client.post(url, {"version": version})
    assert GardenSubscription.objects.count() == 1
    assert "/pay/fake/" in first["Location"] and Payment.objects.count() == 1
    # The second click lands on the first (its page offers "Pay now" while unpaid).
    subscription = GardenSubscription.objects.get()
    assert again["Location"] == reverse("waste:garden_sent", args=[subscription.case.reference])
    # Subscribing the address again is explained, not made.
    page = client.get(subscribe_url(address)).content.decode()
    assert "it is waiting for payment" in page
    assert client.post(subscribe_url(address), {"bins": "2"}).status_code == 400
    assert GardenSubscription.objects.count() == 1 and Payment.objects.count() == 1


def test_an_address_without_a_garden_round_is_explained(client, request_type, rules):
    elsewhere = home(Stream.REFUSE, Stream.RECYCLING)
    page = client.get(subscribe_url(elsewhere))
    assert page.status_code == 200
    assert "We do not collect garden waste from this address" in page.content.decode()
    refused = client.post(subscribe_url(elsewhere), {"bins": "1"})
    assert refused.status_code == 400
    assert client.get(check_url(elsewhere))["Location"] == subscribe_url(elsewhere)
    with pytest.raises(actions.GardenRefused):
        actions.garden_subscribe(
            user=UserFactory(), address=elsewhere, bins=1, request_type=request_type
        )


def test_one_live_subscription_per_address(
    client, resident, address, request_type, another_citizen, today
):
    paid(resident, address, request_type, starts_on=today)
    own = client.get(subscribe_url(address)).content.decode()
    assert "This address already has a garden waste subscription" in own
    assert "Your subscription runs until" in own

    neighbour = signed_in(another_citizen).get(subscribe_url(address))
    html = neighbour.content.decode()
    assert neighbour.status_code == 200
    assert "Someone at this address has already subscribed" in html
    assert resident.email not in html and resident.first_name not in html
    with pytest.raises(actions.AlreadySubscribed):
        actions.garden_subscribe(
            user=another_citizen, address=address, bins=1, request_type=request_type
        )
    response = signed_in(another_citizen).post(check_url(address), {"version": "x"})
    assert response["Location"] == subscribe_url(address)
    assert GardenSubscription.objects.count() == 1


def test_an_unpaid_subscription_given_up_frees_the_address(resident, address, request_type):
    first = actions.garden_subscribe(
        user=resident, address=address, bins=1, request_type=request_type
    )
    case_actions.case_withdraw(case=first.case, actor=resident)
    second = actions.garden_subscribe(
        user=resident, address=address, bins=2, request_type=request_type
    )
    assert second.pk != first.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select how many bins you want emptied"),
        ({"bins": "0"}, "Select from 1 to 3 bins"),
        ({"bins": "4"}, "Select from 1 to 3 bins"),
        ({"bins": "lots"}, "Select from 1 to 3 bins"),
    ],
)
def test_bins_are_checked_with_a_400(client, address, data, message):
    response = client.post(subscribe_url(address), data)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert message in response.content.decode()


def test_more_bins_than_allowed_in_a_tampered_draft_go_back_to_the_question(
    client, resident, address
):
    from casework.models import Draft

    choose(client, address, 1)
    draft = Draft.objects.get(user=resident)
    draft.answers["steps"]["bins"] = {"bins": ["4"]}
    draft.save()
    assert client.get(check_url(address))["Location"] == subscribe_url(address)
    assert client.post(check_url(address), {"version": "x"})["Location"] == subscribe_url(address)
    assert not GardenSubscription.objects.exists()


def test_save_and_come_back_later_resumes_at_the_check_page(client, resident, address):
    from casework.models import Draft

    saved = client.post(subscribe_url(address), {"bins": "3", "action": "save"})
    assert saved["Location"] == reverse("drafts:list")
    draft = Draft.objects.get(user=resident)
    continue_url = reverse("drafts:continue", args=[draft.pk])
    assert f'href="{continue_url}"' in client.get(reverse("drafts:list")).content.decode()
    elsewhere = signed_in(resident)  # another device: the answer is in the draft
    assert elsewhere.get(continue_url)["Location"] == check_url(address)
    assert "£135" in elsewhere.get(check_url(address)).content.decode()
    # Not someone else's to continue, nor to send.
    stranger = signed_in(UserFactory())
    assert stranger.get(continue_url).status_code == 404
    assert stranger.get(check_url(address))["Location"] == subscribe_url(address)


def test_a_price_changed_since_the_check_page_is_not_charged(client, address, rules):
    url = choose(client, address, 1)
    version = client.get(url).context["form"]["version"].value()
    rules.garden_price_per_bin_pence = 5000
    rules.save()
    response = client.post(url, {"version": version})
    assert response.status_code == 400
    assert "price has changed" in response.content.decode()
    assert not GardenSubscription.objects.exists()


# --- The resident's page -----------------------------------------------------------------------


def test_the_garden_page_shows_state_dates_bins_and_next_collection(
    client, resident, address, request_type, today
):
    subscription = paid(resident, address, request_type, starts_on=today, bins=2)
    html = client.get(GARDEN).content.decode()
    assert "Active" in html
    assert "2 bins" in html
    assert subscription.ends_on.strftime("%-d %B %Y") in html
    assert "Next collection" in html
    next_day = selectors.next_collection_for(subscription, on=today).date
    assert next_day.strftime("%-d %B %Y") in html
    assert "You can renew from" in html  # not yet
    assert reverse("waste:garden_renew", args=[subscription.pk]) not in html


def test_the_garden_page_does_not_grow_queries_with_history(
    client, resident, address, request_type, today, django_assert_max_num_queries
):
    for years_ago in (3, 2):
        old = paid(
            resident, address, request_type, starts_on=selectors.add_months(today, -12 * years_ago)
        )
        actions.garden_expire(on=today)
        old.refresh_from_db()
        assert old.state == State.EXPIRED
    paid(resident, address, request_type, starts_on=today)

    def count():
        with django_assert_max_num_queries(12) as captured:
            assert client.get(GARDEN).status_code == 200
        return len(captured)

    count()  # the first visit of the session writes it
    before = count()
    # Another property, years ago.
    paid(
        resident, home(line1="9 Old Road"), request_type, starts_on=selectors.add_months(today, -48)
    )
    actions.garden_expire(on=today)
    assert count() == before


def test_another_resident_gets_404_on_the_resident_pages(
    resident, address, request_type, another_citizen, today
):
    subscription = ending_in(10, resident, address, request_type, today)
    stranger = signed_in(another_citizen)
    for url in (
        reverse("waste:garden_renew", args=[subscription.pk]),
        reverse("waste:garden_renew_check", args=[subscription.pk]),
        reverse("waste:garden_cancel", args=[subscription.pk]),
        reverse("waste:garden_sent", args=[subscription.case.reference]),
    ):
        assert stranger.get(url).status_code == 404, url
        assert stranger.post(url).status_code == 404, url
    assert resident.first_name not in stranger.get(GARDEN).content.decode()
    subscription.refresh_from_db()
    assert subscription.state == State.ACTIVE


# --- Renewing --------------------------------------------------------------------------------------


def test_renewing_opens_a_month_before_the_end(client, resident, address, request_type, today):
    early = ending_in(31, resident, address, request_type, today)
    page = client.get(reverse("waste:garden_renew", args=[early.pk]))
    assert "You can renew this subscription from" in page.content.decode()
    early.state = State.CANCELLED
    early.save()

    due = ending_in(30, resident, address, request_type, today)
    listed = client.get(GARDEN).content.decode()
    assert reverse("waste:garden_renew", args=[due.pk]) in listed
    assert client.get(reverse("waste:garden_renew", args=[due.pk])).status_code == 200


def test_a_renewal_starts_the_day_after_and_is_paid_the_same_way(
    client, resident, address, request_type, today
):
    old = ending_in(20, resident, address, request_type, today)
    renew = reverse("waste:garden_renew", args=[old.pk])
    check = reverse("waste:garden_renew_check", args=[old.pk])
    assert client.post(renew, {"bins": "3"})["Location"] == check
    html = client.get(check).content.decode()
    assert "£135" in html
    assert (old.ends_on + DAY).strftime("%-d %B %Y") in html

    to_provider = submit(client, check)
    renewal = GardenSubscription.objects.get(renewal_of=old)
    assert renewal.state == State.AWAITING_PAYMENT
    pay_on_card(client, to_provider["Location"], "pay")

    renewal.refresh_from_db()
    assert renewal.state == State.ACTIVE
    assert renewal.starts_on == old.ends_on + DAY
    assert renewal.ends_on == selectors.period_end(old.ends_on + DAY, 12)
    assert renewal.bins == 3
    listed = client.get(GARDEN).content.decode()
    assert "You have renewed this subscription" in listed
    assert "Paid, starts later" in listed
    # Renewing again is refused, and the renewal is not offered for renewal yet.
    again = client.get(renew).content.decode()
    assert "You have already renewed this subscription" in again
    with pytest.raises(actions.AlreadyRenewed):
        actions.garden_renew(user=resident, subscription=old, bins=1, request_type=request_type)


def test_a_renewal_saved_half_way_resumes_and_is_the_owners_alone(
    client, resident, address, request_type, today, another_citizen
):
    from casework.models import Draft

    old = ending_in(20, resident, address, request_type, today)
    renew = reverse("waste:garden_renew", args=[old.pk])
    assert client.get(renew).context["form"].initial == {"bins": 1}  # as it is now
    client.post(renew, {"bins": "2", "action": "save"})
    draft = Draft.objects.get(user=resident)
    resumed = signed_in(resident).get(reverse("drafts:continue", args=[draft.pk]))
    check = reverse("waste:garden_renew_check", args=[old.pk])
    assert resumed["Location"] == check
    assert "£90" in client.get(check).content.decode()
    # Someone else's subscription: 404 on every page, whatever they post.
    stranger = signed_in(another_citizen)
    assert stranger.post(renew, {"bins": "1"}).status_code == 404
    assert stranger.post(check, {"version": "x"}).status_code == 404
    assert stranger.get(reverse("drafts:continue", args=[draft.pk])).status_code == 404
    # Sent once: the second click makes no second renewal.
    version = client.get(check).context["form"]["version"].value()
    client.post(check, {"version": version})
    client.post(check, {"version": version})
    assert GardenSubscription.objects.filter(renewal_of=old).count() == 1


def test_a_renewal_paid_after_the_old_one_ended_starts_on_the_day_it_is_paid(
    resident, address, request_type, today
):
    old = ending_in(5, resident, address, request_type, today)
    renewal = actions.garden_renew(
        user=resident, subscription=old, bins=1, request_type=request_type, on=today
    )
    case_actions.case_record_payment(
        case_id=renewal.case_id, outcome="paid", amount_pence=4500, payment_id="p"
    )
    later = old.ends_on + datetime.timedelta(days=3)
    actions.garden_activate(case_id=renewal.case_id, paid_on=later)
    renewal.refresh_from_db()
    assert renewal.starts_on == later
    assert renewal.ends_on == selectors.period_end(later, 12)


def test_an_ended_subscription_is_not_renewed_but_subscribed_again(
    resident, address, request_type, today
):
    old = ending_in(-1, resident, address, request_type, today)
    with pytest.raises(actions.GardenRefused):
        actions.garden_renew(user=resident, subscription=old, bins=1, request_type=request_type)
    again = actions.garden_subscribe(
        user=resident, address=address, bins=1, request_type=request_type
    )
    assert again.renewal_of is None


# --- The daily job: reminders and expiry --------------------------------------------------------


def test_the_renewal_reminder_is_sent_once(resident, address, request_type, today):
    soon = ending_in(30, resident, address, request_type, today)

    assert actions.garden_send_renewal_reminders(on=today) == 1
    assert actions.garden_send_renewal_reminders(on=today) == 0
    assert actions.garden_send_renewal_reminders(on=today + DAY) == 0

    message = Message.objects.get(payload__purpose="garden-renewal")
    assert message.idempotency_key == f"garden-renewal-{soon.pk}-{soon.ends_on.isoformat()}"
    soon.refresh_from_db()
    assert soon.renewal_reminded_at is not None
    outbox_sweep()
    sent = [m for m in mail.outbox if "subscription ends on" in m.subject]
    assert len(sent) == 1 and sent[0].to == [resident.email]
    assert reverse("waste:garden") in sent[0].body
    assert "£45" in sent[0].body


def test_no_reminder_outside_the_window_or_once_renewed(resident, address, request_type, today):
    ending_in(31, resident, address, request_type, today)
    assert actions.garden_send_renewal_reminders(on=today) == 0

    other = home(line1="2 Mill Lane")
    neighbour = UserFactory()
    due = ending_in(10, neighbour, other, request_type, today)
    actions.garden_renew(user=neighbour, subscription=due, bins=1, request_type=request_type)
    assert actions.garden_send_renewal_reminders(on=today) == 0


def test_a_reminder_is_texted_to_those_who_prefer_texts(address, request_type, rules, today):
    from accounts.models import User

    texter = UserFactory(preferred_channel=User.Channel.SMS, phone="+447700900123")
    ending_in(7, texter, address, request_type, today)
    assert actions.garden_send_renewal_reminders(on=today) == 1
    message = Message.objects.get(payload__purpose="garden-renewal")
    assert message.kind == "notify.sms"
    assert message.payload["to"] == "+447700900123"
    assert "Renew online" in message.payload["body"]


def test_ended_subscriptions_are_marked_expired(client, resident, address, request_type, today):
    old = ending_in(0, resident, address, request_type, today)
    assert actions.garden_expire(on=today) == {"expired": 0, "cancelled": 0}
    assert actions.garden_daily(on=today + DAY)["expired"] == 1
    old.refresh_from_db()
    assert old.state == State.EXPIRED
    assert "Ended" in client.get(GARDEN).content.decode()


def test_the_daily_task_runs_the_job(resident, address, request_type, today):
    from services.waste.tasks import garden_daily_task

    ending_in(3, resident, address, request_type, today)
    garden_daily_task()
    assert Message.objects.filter(payload__purpose="garden-renewal").count() == 1


# --- Cancelling ------------------------------------------------------------------------------------


def test_cancelling_says_there_is_no_refund_then_stops_it(
    client, resident, address, request_type, today
):
    subscription = paid(resident, address, request_type, starts_on=today)
    url = reverse("waste:garden_cancel", args=[subscription.pk])
    page = client.get(url).content.decode()
    assert "You will not get a refund of the £45 you paid" in page

    done = client.post(url, {"reason": "Moving house"}, follow=True)

    assert "You have cancelled your garden waste subscription" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.state == State.CANCELLED and subscription.cancelled_at
    case = Case.objects.get(pk=subscription.case_id)
    assert case.status == Status.WITHDRAWN
    withdrawn = case.events.get(status_after=Status.WITHDRAWN)
    assert "There is no refund" in withdrawn.message and "Moving house" in withdrawn.message
    team = Message.objects.get(idempotency_key=f"garden-cancelled-team-{subscription.pk}")
    assert team.payload["to"] == "waste@millbrook.example"
    assert "Stop collecting garden waste" in team.payload["body"]
    assert Payment.objects.filter(refunds__isnull=False).count() == 0
    # The address is free again.
    assert selectors.live_at_address(address=address, on=today) is None


def test_cancelling_an_unpaid_one_charges_nothing(client, resident, address, request_type):
    subscription = actions.garden_subscribe(
        user=resident, address=address, bins=1, request_type=request_type
    )
    url = reverse("waste:garden_cancel", args=[subscription.pk])
    assert "you will not be charged" in client.get(url).content.decode()
    client.post(url, {})
    subscription.refresh_from_db()
    assert subscription.state == State.CANCELLED
    assert not Message.objects.filter(idempotency_key__startswith="garden-cancelled-team").exists()


def test_cancelling_after_the_team_finished_the_request_notes_it_and_tells_the_resident(
    client, resident, address, request_type, today, caseworker
):
    subscription = paid(resident, address, request_type, starts_on=today)
    case_actions.case_resolve(case=subscription.case, actor=caseworker, message="Bin delivered")
    client.post(reverse("waste:garden_cancel", args=[subscription.pk]), {})
    subscription.refresh_from_db()
    assert subscription.state == State.CANCELLED
    case = Case.objects.get(pk=subscription.case_id)
    assert case.status == Status.RESOLVED
    assert case.events.filter(kind=CaseEvent.Kind.NOTE, public=False).exists()
    assert Message.objects.filter(idempotency_key=f"garden-cancelled-{subscription.pk}").exists()


def test_a_reason_too_long_is_a_400(client, resident, address, request_type, today):
    subscription = paid(resident, address, request_type, starts_on=today)
    response = client.post(
        reverse("waste:garden_cancel", args=[subscription.pk]), {"reason": "x" * 2001}
    )
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.state == State.ACTIVE


def test_withdrawing_the_request_from_its_own_page_cancels_it(
    client, resident, address, request_type, today
):
    subscription = paid(resident, address, request_type, starts_on=today)
    case_actions.case_withdraw(case=subscription.case, actor=resident, reason="Not needed")
    assert "Cancelled" in client.get(GARDEN).content.decode()
    assert actions.garden_expire(on=today) == {"expired": 0, "cancelled": 1}
    subscription.refresh_from_db()
    assert subscription.state == State.CANCELLED
    team = Message.objects.get(idempotency_key=f"garden-cancelled-team-{subscription.pk}")
    assert "its request was withdrawn" in team.payload["body"]
    assert actions.garden_expire(on=today) == {"expired": 0, "cancelled": 0}


def test_a_subscription_whose_request_staff_reject_is_not_live(
    resident, address, request_type, today, caseworker
):
    subscription = paid(resident, address, request_type, starts_on=today)
    case_actions.case_reject(case=subscription.case, actor=caseworker, reason="Not our area")
    subscription.refresh_from_db()
    assert selectors.shown_state(subscription, on=today) == selectors.Shown.CANCELLED
    assert selectors.live_at_address(address=address, on=today) is None
    assert actions.garden_send_renewal_reminders(on=subscription.ends_on) == 0


def test_a_cancelled_subscription_cannot_be_cancelled_again(
    client, resident, address, request_type, today
):
    subscription = paid(resident, address, request_type, starts_on=today)
    actions.garden_cancel(user=resident, subscription=subscription)
    response = client.get(reverse("waste:garden_cancel", args=[subscription.pk]))
    assert response["Location"] == GARDEN
    with pytest.raises(actions.GardenRefused):
        actions.garden_cancel(user=resident, subscription=subscription)

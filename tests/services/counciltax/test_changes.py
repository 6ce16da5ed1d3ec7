"""Changes to a council tax account, each a journey on the engine: a case
for the resident, the change itself sent to the revenues system through the outbox, and
the system's answer (accepted, refused, queued) on the case's timeline."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, CaseEvent, RequestType
from casework.request_types import request_types_sync
from casework.workflow import Status
from core import clock as project_clock
from integrations.outbox.models import Message
from integrations.outbox.worker import message_deliver
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from tests.conftest import signed_in
from tests.factories import AddressFactory
from tests.services.counciltax.conftest import (
    SAMS_NUMBER,
    TODAY,
    deliver_to_revenues,
    sams_account,
)

pytestmark = pytest.mark.django_db

GOOD_BANK = {"sort_code": "08-99-99", "bank_account_number": "66374958"}  # VocaLink's example


@pytest.fixture
def change_types(db):
    request_types_sync()
    return RequestType.objects.filter(slug__startswith="council-tax-")


@pytest.fixture
def linked(clock, citizen, revenues, change_types, monkeypatch):
    """Sam, with his council tax account linked, the revenues system deciding by its rules,
    and the journeys' dates on TODAY."""

    clock.set(TODAY)
    revenues.change_answer = "rules"
    ServiceLink.objects.create(
        user=citizen, service=SLUG, account_ref=SAMS_NUMBER, linked_at=timezone.now()
    )
    return citizen


@pytest.fixture
def client(linked):
    return signed_in(linked, verified=True)


def url(name, **kwargs):
    return reverse(f"counciltax:{name}", kwargs=kwargs)


def step(prefix, name):
    return url(f"{prefix}_step", step_name=name)


def date(field, day):
    return {f"{field}_day": day.day, f"{field}_month": day.month, f"{field}_year": day.year}


def send(client, prefix, django_capture_on_commit_callbacks):
    check = url(f"{prefix}_check")
    page = client.get(check)
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check, {"version": version})
    assert response.status_code == 302
    deliver_to_revenues()
    return Case.objects.latest("pk"), response


def sent_change(revenues):
    (change,) = revenues.changes.values()
    return change


def timeline(case) -> str:
    return " ".join(e.message for e in CaseEvent.objects.filter(case=case).order_by("pk"))


# --- Single person discount ---------------------------------------------------------------


def test_applying_for_single_person_discount_sends_the_claim_and_the_timeline_shows_it_queued(
    client, revenues, django_capture_on_commit_callbacks
):
    assert client.post(url("discount"), {"discount": "apply"})["Location"] == step(
        "discount", "apply"
    )
    answered = client.post(
        step("discount", "apply"),
        {**date("living_alone_from", TODAY.replace(day=1)), "who_left": "Pat Taylor"}
        | {"declaration": "on"},
    )
    assert answered["Location"] == url("discount_check")

    case, response = send(client, "discount", django_capture_on_commit_callbacks)

    assert response["Location"] == url("discount_sent", reference=case.reference)
    change = sent_change(revenues)
    assert change["kind"] == "single_person_discount"
    assert change["account"] == SAMS_NUMBER
    assert change["details"]["action"] == "apply"
    assert change["details"]["from"] == "2026-12-01"
    assert change["details"]["portal_reference"] == case.reference
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # an officer checks the electoral register
    assert case.external_reference == "CR-000001"
    assert "Our council tax team will look at it" in timeline(case)
    confirmation = client.get(response["Location"]).content.decode()
    assert case.reference in confirmation
    assert "check every new claim against the electoral register" in confirmation


def test_ending_the_discount_is_made_at_once_and_the_case_is_done(
    client, revenues, django_capture_on_commit_callbacks
):
    revenues.add(sams_account(single_person=True))
    client.post(url("discount"), {"discount": "end"})
    client.post(
        step("discount", "end"),
        {"who_moved_in": "Jo Bloggs", **date("moved_in_on", TODAY.replace(day=2))},
    )

    case, _response = send(client, "discount", django_capture_on_commit_callbacks)

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert "Our council tax system has made the change" in timeline(case)
    assert sent_change(revenues)["details"]["who_moved_in"] == "Jo Bloggs"


def test_a_change_the_revenues_system_refuses_shows_its_reason(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("discount"), {"discount": "end"})  # Sam has no discount to end
    client.post(
        step("discount", "end"),
        {"who_moved_in": "Jo Bloggs", **date("moved_in_on", TODAY.replace(day=2))},
    )

    case, _response = send(client, "discount", django_capture_on_commit_callbacks)

    case.refresh_from_db()
    assert case.status == Status.REJECTED
    assert case.outcome_reason == "This account does not have single person discount."
    page = client.get(reverse("casework:detail", kwargs={"reference": case.reference}))
    assert "This account does not have single person discount." in page.content.decode()


def test_a_date_in_the_future_or_missing_the_declaration_is_a_clear_400(client):
    client.post(url("discount"), {"discount": "apply"})
    response = client.post(
        step("discount", "apply"), date("living_alone_from", TODAY.replace(year=2027))
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The date must be today or in the past" in text
    assert "Confirm that no one else aged 18 or over lives at the property" in text


def test_without_a_linked_account_the_journey_says_to_link_it_first(citizen, change_types):
    client = signed_in(citizen, verified=True)

    response = client.get(url("discount"), follow=True)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Link your council tax account first" in text
    assert reverse("counciltax:link") in text


def test_the_changes_need_the_second_factor(linked):
    response = signed_in(linked).get(url("direct_debit"))

    assert response.status_code == 302
    assert reverse("accounts:verify") in response["Location"]


# --- Direct Debit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bank", "message"),
    [
        ({"sort_code": "12-34", "bank_account_number": "66374958"}, "Enter a valid sort code"),
        ({"sort_code": "089999", "bank_account_number": "12ab"}, "Enter a valid account number"),
        (
            {"sort_code": "089999", "bank_account_number": "66374959"},
            "The sort code and account number do not match a UK bank account",
        ),
    ],
)
def test_bad_bank_details_are_refused_with_a_clear_message(client, bank, message):
    response = client.post(
        url("direct_debit"), {"account_holder": "S Taylor", "sole_authoriser": "on", **bank}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_a_direct_debit_shows_the_guarantee_and_sends_the_mandate(
    client, revenues, django_capture_on_commit_callbacks
):
    first = client.get(url("direct_debit")).content.decode()
    assert "The Direct Debit Guarantee" in first
    client.post(
        url("direct_debit"), {"account_holder": "S Taylor", "sole_authoriser": "on", **GOOD_BANK}
    )
    assert client.post(step("direct_debit", "day"), {"payment_day": "15"})["Location"] == url(
        "direct_debit_check"
    )
    assert "The Direct Debit Guarantee" in client.get(url("direct_debit_check")).content.decode()

    case, _response = send(client, "direct_debit", django_capture_on_commit_callbacks)

    details = sent_change(revenues)["details"]
    assert details["sort_code"] == "089999"
    assert details["account_number"] == "66374958"
    assert details["payment_day"] == 15
    assert revenues.accounts[SAMS_NUMBER]["direct_debit"]["account_ending"] == "4958"
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.answers["account_number"] == "****4958", "the case keeps only the last digits"
    assert "66374958" not in str(case.answers)


def test_revenues_down_the_change_is_queued_and_delivered_later_never_lost(
    client, revenues, django_capture_on_commit_callbacks
):
    revenues.down = True
    client.post(
        url("direct_debit"), {"account_holder": "S Taylor", "sole_authoriser": "on", **GOOD_BANK}
    )
    client.post(step("direct_debit", "day"), {"payment_day": "1"})

    case, response = send(client, "direct_debit", django_capture_on_commit_callbacks)

    assert response["Location"] == url("direct_debit_sent", reference=case.reference)
    case.refresh_from_db()
    assert case.status == Status.SENDING
    message = Message.objects.get(payload__case_id=case.pk, kind="connector.revenues")
    assert message.state == Message.State.PENDING
    assert "503" in message.last_error
    assert not revenues.changes

    revenues.down = False
    Message.objects.filter(pk=message.pk).update(next_attempt_at=project_clock.now())
    message_deliver(message_id=message.pk)

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert len(revenues.changes) == 1


# --- Moving ----------------------------------------------------------------------------------


def test_moving_within_the_area_takes_the_new_address_from_the_gazetteer(
    client, revenues, django_capture_on_commit_callbacks
):
    new_home = AddressFactory(line1="7 River Road", postcode="MB2 2BB")
    client.post(url("move"), {"move": "within"})
    client.post(step("move", "date"), date("moved_on", TODAY))
    unknown = client.post(step("move", "postcode"), {"new_postcode": "ZZ9 9ZZ"})
    assert unknown.status_code == 400
    assert "We have no addresses at ZZ9 9ZZ" in unknown.content.decode()
    client.post(step("move", "postcode"), {"new_postcode": "mb2 2bb"})
    assert client.post(step("move", "address"), {"new_uprn": new_home.uprn})["Location"] == step(
        "move", "household"
    )
    client.post(step("move", "household"), {"others": "Jo Bloggs", "tenure": "tenant"})
    client.post(step("move", "leaving"), {"new_occupier": "Millbrook Homes, the landlord"})

    case, _response = send(client, "move", django_capture_on_commit_callbacks)

    details = sent_change(revenues)["details"]
    assert details["move"] == "within"
    assert details["new_address"]["uprn"] == str(new_home.uprn)
    assert details["others"] == "Jo Bloggs"
    assert details["new_occupier_or_owner"] == "Millbrook Homes, the landlord"
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert "7 River Road" in case.answers["new_address"]


def test_moving_out_asks_for_a_forwarding_address_in_full(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("move"), {"move": "out"})
    assert client.post(step("move", "date"), date("moved_on", TODAY))["Location"] == step(
        "move", "forwarding"
    )
    client.post(
        step("move", "forwarding"),
        {
            "forwarding_line1": "2 High Street",
            "forwarding_town": "Leeds",
            "forwarding_postcode": "ls1 1aa",
        },
    )
    client.post(step("move", "leaving"), {})

    send(client, "move", django_capture_on_commit_callbacks)

    address = sent_change(revenues)["details"]["new_address"]
    assert address == {"uprn": "", "lines": ["2 High Street", "Leeds"], "postcode": "LS1 1AA"}


# --- Refund and 12 instalments --------------------------------------------------------------


def test_a_refund_needs_credit_on_the_account(client, revenues):
    response = client.get(url("refund"), follow=True)

    assert "Your account is not in credit" in response.content.decode()


def test_a_refund_of_the_credit_goes_to_a_checked_bank_account(
    client, revenues, django_capture_on_commit_callbacks
):
    account = sams_account()
    account["balance_pence"] = -5_000
    revenues.add(account)
    client.post(url("refund"), {"refund_to": "bank"})
    bad = client.post(
        step("refund", "bank"),
        {"account_holder": "S Taylor", "sort_code": "089999", "bank_account_number": "66374959"},
    )
    assert bad.status_code == 400
    client.post(step("refund", "bank"), {"account_holder": "S Taylor", **GOOD_BANK})
    assert "£50" in client.get(url("refund_check")).content.decode()

    case, _response = send(client, "refund", django_capture_on_commit_callbacks)

    details = sent_change(revenues)["details"]
    assert (details["to"], details["amount_pence"]) == ("bank", 5_000)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_twelve_instalments_are_asked_for_once(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("instalments"), {"confirm": "on"})
    case, _response = send(client, "instalments", django_capture_on_commit_callbacks)
    assert sent_change(revenues)["kind"] == "instalments_12"

    revenues.add(sams_account(instalments=12))
    from django.core.cache import cache

    cache.clear()
    again = client.get(url("instalments"), follow=True)
    assert "You already pay over 12 months" in again.content.decode()


def test_another_resident_cannot_see_someone_elses_confirmation(
    client, another_citizen, revenues, django_capture_on_commit_callbacks
):
    client.post(url("instalments"), {"confirm": "on"})
    case, response = send(client, "instalments", django_capture_on_commit_callbacks)

    other = signed_in(another_citizen, verified=True).get(response["Location"])

    assert other.status_code == 404


def test_after_a_move_the_other_services_are_offered_the_new_address_but_not_council_tax(
    client, linked, revenues, django_capture_on_commit_callbacks
):
    from services.waste.models import ReminderSubscription, Stream
    from tests.services.waste.orders import home

    old = home(Stream.REFUSE, line1="1 Mill Lane")
    new_home = home(Stream.REFUSE, line1="7 River Road", postcode="MB2 2BB")
    ReminderSubscription.objects.create(user=linked, address=old)
    client.post(url("move"), {"move": "within"})
    client.post(step("move", "date"), date("moved_on", TODAY))
    client.post(step("move", "postcode"), {"new_postcode": "MB2 2BB"})
    client.post(step("move", "address"), {"new_uprn": new_home.uprn})
    client.post(step("move", "household"), {"tenure": "owner"})
    client.post(step("move", "leaving"), {})
    _case, response = send(client, "move", django_capture_on_commit_callbacks)

    confirmation = client.get(response["Location"]).content.decode()
    assert "Tell our other services about your new address" in confirmation
    offer = client.get(reverse("accounts:tell_us_once")).content.decode()
    assert "7 River Road" in offer
    assert "Bin collection reminders" in offer
    assert "council tax account 60010001" not in offer, "the move has told council tax already"


# --- A queued change decided later -------------------------------------------------------------


def _apply_for_single_person_discount(client, django_capture_on_commit_callbacks):
    client.post(url("discount"), {"discount": "apply"})
    client.post(
        step("discount", "apply"),
        {**date("living_alone_from", TODAY.replace(day=1)), "who_left": "Pat Taylor"}
        | {"declaration": "on"},
    )
    case, _response = send(client, "discount", django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # queued for an officer
    return case


def _told(case) -> list[str]:
    """What the resident was sent about the case (the notification outbox messages)."""
    return [
        m.payload["body"]
        for m in Message.objects.filter(kind__startswith="notify.", payload__case_id=case.pk)
    ]


def test_a_queued_change_accepted_later_is_done_on_the_timeline_and_the_resident_is_told(
    client, revenues, django_capture_on_commit_callbacks
):
    from casework.inbound.polling import back_office_poll_all

    case = _apply_for_single_person_discount(client, django_capture_on_commit_callbacks)
    told_before = len(_told(case))

    back_office_poll_all()  # still in the officer's tray: nothing happens
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS

    revenues.change_request_decide(
        case.external_reference, "accepted", "We will send you a new bill."
    )
    back_office_poll_all()
    back_office_poll_all()  # read again: applied once

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert timeline(case).count("Our council tax team has made the change.") == 1
    page = client.get(reverse("casework:detail", kwargs={"reference": case.reference}))
    assert "Our council tax team has made the change. We will send you a new bill." in (
        page.content.decode()
    )
    assert len(_told(case)) == told_before + 1


def test_a_queued_change_refused_later_shows_the_reason_and_the_system_down_loses_nothing(
    client, revenues, django_capture_on_commit_callbacks
):
    from casework.inbound.polling import back_office_poll_all
    from casework.models import BackOfficePoll

    case = _apply_for_single_person_discount(client, django_capture_on_commit_callbacks)
    revenues.change_request_decide(
        case.external_reference, "refused", "Another adult is on the electoral register."
    )
    revenues.down = True

    back_office_poll_all()

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    failing = BackOfficePoll.objects.get(request_type=case.request_type)
    assert failing.failures == 1
    assert "503" in failing.last_error

    revenues.down = False
    back_office_poll_all()

    case.refresh_from_db()
    assert case.status == Status.REJECTED
    assert case.outcome_reason == "Another adult is on the electoral register."
    page = client.get(reverse("casework:detail", kwargs={"reference": case.reference}))
    assert "Another adult is on the electoral register." in page.content.decode()
    assert BackOfficePoll.objects.get(request_type=case.request_type).failures == 0
    assert any("Another adult is on the electoral register." in body for body in _told(case))

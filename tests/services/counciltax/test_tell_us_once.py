"""Tell us once (A5): a new address or phone number offered, on one page, to each linked
service and to bin reminders; each accepted change goes on through the outbox."""

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.outbox.models import Message
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from services.waste.models import ReminderSubscription, Stream
from tests.conftest import signed_in
from tests.services.counciltax.conftest import ALEXS_NUMBER, SAMS_NUMBER, deliver_to_revenues
from tests.services.waste.orders import home

pytestmark = pytest.mark.django_db

OFFER = reverse("accounts:tell_us_once")
PHONE = reverse("accounts:details_phone")


def link_council_tax(user, account_ref=SAMS_NUMBER):
    ServiceLink.objects.create(
        user=user, service=SLUG, account_ref=account_ref, linked_at=timezone.now()
    )


def test_a_new_phone_number_with_nothing_linked_goes_home_as_before(citizen):
    response = signed_in(citizen).post(PHONE, {"phone": "07700 900123"})

    assert response["Location"] == reverse("account_home")


def test_a_new_phone_number_is_offered_to_the_linked_council_tax_account(
    citizen, revenues, django_capture_on_commit_callbacks
):
    link_council_tax(citizen)
    revenues.change_answer = "rules"
    client = signed_in(citizen)

    response = client.post(PHONE, {"phone": "07700 900123"})
    assert response["Location"] == OFFER
    page = client.get(OFFER).content.decode()
    assert "Update the phone number on council tax account 60010001" in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(OFFER, {"services": [SLUG]})
    deliver_to_revenues()

    assert sent["Location"] == reverse("account_home")
    message = Message.objects.get(kind="revenues.change")
    assert message.state == Message.State.DELIVERED
    (change,) = revenues.changes.values()
    assert change["kind"] == "contact_details"
    assert change["details"] == {"phone": "+447700900123"}
    assert client.get(OFFER)["Location"] == reverse("account_home"), "offered once"


def test_nothing_ticked_tells_no_one(citizen):
    link_council_tax(citizen)
    client = signed_in(citizen)
    client.post(PHONE, {"phone": "07700 900123"})

    client.post(OFFER, {})

    assert not Message.objects.filter(kind="revenues.change").exists()


def test_a_service_not_offered_cannot_be_sent_to(citizen):
    client = signed_in(citizen)
    session = client.session
    session["accounts:tell_us_once"] = {"kind": "phone", "phone": "+447700900123"}
    session.save()

    response = client.post(OFFER, {"services": [SLUG]})

    assert response["Location"] == reverse("account_home")
    assert not Message.objects.exists()


def test_a_new_address_moves_the_bin_reminders_when_the_resident_says_so(citizen):
    old = home(Stream.REFUSE, line1="1 Mill Lane")
    new = home(Stream.REFUSE, line1="9 River Road")
    ReminderSubscription.objects.create(user=citizen, address=old)
    client = signed_in(citizen)

    response = client.post(
        reverse("accounts:address_choose"), {"postcode": new.postcode, "uprn": new.uprn}
    )
    assert response["Location"] == OFFER
    page = client.get(OFFER).content.decode()
    assert "Send your bin collection reminders for 9 River Road instead of 1 Mill Lane" in page
    client.post(OFFER, {"services": ["bin-reminders"]})

    reminders = ReminderSubscription.objects.filter(user=citizen, active=True)
    assert [r.address_id for r in reminders] == [new.uprn]


def test_the_offer_page_is_only_for_the_person_who_made_the_change(citizen, another_citizen):
    link_council_tax(citizen)
    link_council_tax(another_citizen, ALEXS_NUMBER)  # an account has one online account
    signed_in(citizen).post(PHONE, {"phone": "07700 900123"})

    response = signed_in(another_citizen).get(OFFER)

    assert response["Location"] == reverse("account_home")

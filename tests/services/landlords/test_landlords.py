"""Landlords paid Housing Benefit direct for their tenants: link the landlord record with
proof through the linking core (reference, postcode, the last payment run's amount), then,
behind the second factor, the payment runs and, per run, which tenants and how much."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from integrations.revenues import mapping
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.revenues import landlord_document
from linking.models import ServiceLink
from portal import demo
from services.landlords.apps import SLUG
from services.landlords.demo import LANDLORD_POSTCODE, LANDLORD_REFERENCE, TENANTS
from tests.conftest import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)
PAYMENTS = reverse("landlords:payments")
LINK = reverse("landlords:link")


def homes(**extra):
    return landlord_document(
        reference=LANDLORD_REFERENCE,
        name="Millbrook Homes",
        address="12 Market Square, Millbrook",
        postcode=LANDLORD_POSTCODE,
        tenants=TENANTS,
        today=TODAY,
        **extra,
    )


@pytest.fixture
def revenues(settings):
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.REVENUES_URL = running.url
    settings.REVENUES_TIMEOUT = 1.0
    running.office.revenues.add_landlord(homes())
    yield running.office.revenues
    running.stop()


@pytest.fixture
def pat(db):
    return UserFactory(email="pat@example.org", account_type=User.AccountType.BUSINESS)


def test_the_simulated_runs_are_every_two_weeks_with_each_tenants_two_weeks():
    runs = homes()["payment_runs"]
    assert len(runs) == 4
    assert runs[0]["paid_on"] == "2026-11-30"  # newest first, a Monday
    assert runs[0]["total_pence"] == 2 * (8_550 + 9_200)
    assert [line["amount_pence"] for line in runs[0]["lines"]] == [17_100, 18_400]


def test_a_landlord_links_with_proof_and_sees_each_run_its_tenants_and_amounts(pat, revenues):
    client = signed_in(pat, verified=True)
    assert "Link your landlord record" in client.get(PAYMENTS).content.decode()

    response = client.post(
        LINK, {"reference": "ll 500001", "postcode": "mb1 9hm", "last_payment": "355.00"}
    )

    assert response["Location"] == PAYMENTS
    assert ServiceLink.objects.get(user=pat, service=SLUG).account_ref == LANDLORD_REFERENCE
    text = client.get(PAYMENTS).content.decode()
    assert "Millbrook Homes" in text
    assert "Paid 30 November 2026: £355" in text
    run = re.search(r'<table class="govuk-table" id="run-1">(.*?)</table>', text, re.S)[1]
    assert "S Taylor" in run and "1 Mill Lane, Millbrook" in run and "£171" in run
    assert "R Shah" in run and "£184" in run
    assert "16 November 2026" in run and "29 November 2026" in run
    assert "HB400001" not in text, "no more than a landlord's schedule shows"
    assert text.count('class="govuk-table"') == 4


def test_wrong_details_are_counted_and_the_fourth_locks(pat, revenues):
    client = signed_in(pat, verified=True)
    for tries_left in (3, 2, 1):
        response = client.post(
            LINK, {"reference": LANDLORD_REFERENCE, "postcode": "MB1 9HM", "last_payment": "171"}
        )
        assert response.status_code == 400
        assert f"You have {tries_left} more tr" in response.content.decode()
    wrong = {"reference": LANDLORD_REFERENCE, "postcode": "MB1 9HM", "last_payment": "1"}
    assert client.post(LINK, wrong).status_code == 429
    right = {"reference": LANDLORD_REFERENCE, "postcode": "MB1 9HM", "last_payment": "355"}
    response = client.post(LINK, right)
    assert response.status_code == 429, "even the right details, while locked"
    assert "You cannot link your landlord record right now" in response.content.decode()
    assert not ServiceLink.objects.filter(user=pat).exists()


def test_bad_input_is_a_clear_400(pat, revenues):
    client = signed_in(pat, verified=True)
    response = client.post(LINK, {"reference": "12345", "postcode": "nowhere", "last_payment": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "like LL500001" in text
    assert "Enter a real postcode" in text
    assert "Enter the amount in pounds and pence" in text


def test_the_system_down_is_a_clear_503_and_not_a_counted_try(pat, revenues):
    client = signed_in(pat, verified=True)
    revenues.down = True
    response = client.post(
        LINK, {"reference": LANDLORD_REFERENCE, "postcode": "MB1 9HM", "last_payment": "355"}
    )
    assert response.status_code == 503
    assert "We cannot show your Housing Benefit payments right now" in response.content.decode()
    ServiceLink.objects.create(
        user=pat, service=SLUG, account_ref=LANDLORD_REFERENCE, linked_at=timezone.now()
    )
    assert client.get(PAYMENTS).status_code == 503


def test_another_person_sees_only_their_own_link_page_and_unlink_removes_it(pat, citizen, revenues):
    ServiceLink.objects.create(
        user=pat, service=SLUG, account_ref=LANDLORD_REFERENCE, linked_at=timezone.now()
    )
    other = signed_in(citizen, verified=True)
    text = other.get(PAYMENTS).content.decode()
    assert "S Taylor" not in text and "Link your landlord record" in text

    client = signed_in(pat, verified=True)
    home = client.get(reverse("account_home")).content.decode()
    assert "Your landlord record LL500001 is linked" in home
    client.post(reverse("landlords:unlink"))
    assert not ServiceLink.objects.filter(user=pat).exists()


def test_the_landlord_answer_is_checked_as_carefully_as_an_account():
    with pytest.raises(mapping.RevenuesUnusable):
        mapping.parse_landlord(200, b'{"landlord_reference": "LL999999"}', reference="LL500001")
    assert mapping.parse_landlord(404, b"", reference="LL500001") is None
    body = (
        b'{"landlord_reference": "LL500001", "name": "X", "payment_runs": '
        b'[{"paid_on": "2026-11-30", "total_pence": "lots"}]}'
    )
    with pytest.raises(mapping.RevenuesUnusable):
        mapping.parse_landlord(200, body, reference="LL500001")


def test_the_demo_landlord_links_with_the_details_the_demo_prints(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    result = demo.demo_council_load()
    line = next(line for line in result.services if line.startswith("Housing Benefit for"))
    found = re.search(r"reference (\S+) with postcode (\S+ \S+) and last payment £(\S+)", line)
    # What README's demo table tells a newcomer to type, whatever the day.
    assert found.groups() == ("LL500001", "MB1 9HM", "355.00")
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    try:
        running.office.revenues.file = settings.REVENUES_DEMO_FILE
        settings.REVENUES_URL = running.url
        pat = signed_in(User.objects.get(email="pat@millbrook-homes.example"), verified=True)
        linked = pat.post(
            LINK, {"reference": found[1], "postcode": found[2], "last_payment": found[3]}
        )
        assert linked.status_code == 302
        text = pat.get(PAYMENTS).content.decode()
    finally:
        running.stop()
    assert "S Taylor" in text and "R Shah" in text

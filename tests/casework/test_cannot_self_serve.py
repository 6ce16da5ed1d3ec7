"""People who cannot self-serve (G2): the contact centre records them (no e-mail needed),
makes requests for them, and they later claim the record online, by the e-mail address
recorded or with a one-time code: the same person, never a duplicate."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts import claims
from accounts.models import AuditEntry, ClaimCode, User
from casework import actions as case_actions
from casework.models import Case, Channel
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return AddressFactory(line1="3 Quarry Row", postcode="MB2 3QR")


def record(client, **fields):
    data = {"first_name": "Albert", "last_name": "Nwosu", "phone": "", "email": "", **fields}
    return client.post("/staff/people/new/", data)


def a_case_for(person, agent):
    return case_actions.case_submit(
        request_type=RequestTypeFactory(name="Report a broken street light"),
        resident=person,
        answers={},
        summary="The light is out",
        channel=Channel.PHONE,
        actor=agent,
    )


def test_an_agent_records_a_person_with_no_email_by_phone_number(verified_agent_client, agent):
    recorded = record(verified_agent_client, phone="07700 900 456")

    person = User.objects.get(last_name="Nwosu")
    assert recorded["Location"] == f"/staff/people/{person.pk}/"
    assert person.email is None and not person.has_usable_password()
    assert person.recorded_by == agent
    assert person.preferred_channel == "sms"  # told by text: they have no e-mail
    assert AuditEntry.objects.filter(action="person_recorded", person=person).exists()
    page = verified_agent_client.get(recorded["Location"]).content.decode()
    assert "Recorded by the contact centre on" in page
    assert "Give them a code to claim this record" in page


def test_the_address_is_found_by_postcode_without_javascript(verified_agent_client, home):
    found = verified_agent_client.post(
        "/staff/people/new/",
        {"first_name": "Albert", "last_name": "Nwosu", "postcode": "mb2 3qr", "action": "lookup"},
    )
    assert found.status_code == 200
    assert "3 Quarry Row, Millbrook, MB2 3QR" in found.content.decode()

    record(verified_agent_client, postcode="MB2 3QR", uprn=home.uprn)

    assert User.objects.get(last_name="Nwosu").address == home


def test_a_person_with_no_way_to_reach_them_is_not_recorded(verified_agent_client):
    refused = record(verified_agent_client, first_name="")

    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Enter their first name" in html
    assert not User.objects.filter(last_name="Nwosu").exists()
    refused = record(verified_agent_client)
    assert "Enter their phone number, or find their address by postcode" in (
        refused.content.decode()
    )


def test_residents_cannot_record_people(citizen_client):
    assert record(citizen_client, phone="07700 900 456").status_code == 403


def test_a_code_is_shown_once_and_kept_only_as_a_digest(verified_agent_client, agent):
    record(verified_agent_client, phone="07700 900 456")
    person = User.objects.get(last_name="Nwosu")

    shown = verified_agent_client.post(f"/staff/people/{person.pk}/claim-code/")

    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", shown.content.decode())[1]
    stored = ClaimCode.objects.get()
    assert code not in stored.digest and stored.digest == claims.code_digest(code)
    assert AuditEntry.objects.filter(action="claim_code_given", person=person).exists()


def test_a_person_claims_their_record_and_its_requests_with_the_code(
    verified_agent_client, agent, home
):
    record(verified_agent_client, phone="07700 900 456", postcode="MB2 3QR", uprn=home.uprn)
    person = User.objects.get(last_name="Nwosu")
    case = a_case_for(person, agent)
    shown = verified_agent_client.post(f"/staff/people/{person.pk}/claim-code/")
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", shown.content.decode())[1]
    account = UserFactory(email="albert@example.org", first_name="Albert", last_name="Nwosu")
    client = signed_in(account)

    wrong = client.post("/account/claim/", {"code": "AAAA-AAAA"})
    assert wrong.status_code == 400
    assert "This code is wrong or has expired" in wrong.content.decode()

    claimed = client.post("/account/claim/", {"code": code.lower().replace("-", " ")})

    assert claimed["Location"] == "/requests/"
    case.refresh_from_db()
    account.refresh_from_db()
    person.refresh_from_db()
    assert case.resident == account
    assert account.address == home and str(account.phone) == "+447700900456"
    assert not person.is_active and person.closed_at is not None
    assert User.objects.filter(last_name="Nwosu", is_active=True).count() == 1  # no duplicate
    assert case.reference in client.get("/requests/").content.decode()
    again = signed_in(UserFactory()).post("/account/claim/", {"code": code})
    assert again.status_code == 400  # used up


def test_a_person_recorded_with_an_email_registers_with_it_and_finds_their_requests(
    client, verified_agent_client, agent
):
    record(verified_agent_client, phone="07700 900 456", email="Albert@Example.org")
    person = User.objects.get(last_name="Nwosu")
    case = a_case_for(person, agent)
    mail.outbox.clear()

    signup = {
        "first_name": "Albert",
        "last_name": "Nwosu",
        "email": "albert@example.org",
        "password1": "tractor window cloud",
        "account_type": "personal",
        "privacy_consent": "on",
    }
    client.post("/account/signup/", signup)  # allauth: "an account exists: set a password"
    told = mail.outbox[-1].body
    reset = re.search(r"https?://[^/\s]+(/account/password/reset/\S*)", told)[1]
    client.post(reset, {"email": "albert@example.org"})
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", mail.outbox[-1].body)[1]
    form = client.get(link, follow=True)
    set_to = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "lantern meadow copper", "password2": "lantern meadow copper"},
    )
    assert set_to.status_code == 302

    assert User.objects.filter(email__iexact="albert@example.org").count() == 1
    person.refresh_from_db()
    assert person.has_usable_password() and not claims.is_unclaimed(person)
    client = Client()  # later, on another day
    signed = client.post(
        "/account/login/", {"login": "albert@example.org", "password": "lantern meadow copper"}
    )
    assert signed.status_code == 302
    assert case.reference in client.get("/requests/").content.decode()


def test_a_caller_who_will_not_give_details_gets_a_case_with_a_name_and_phone_only(agent):
    case = case_actions.case_submit(
        request_type=RequestTypeFactory(name="Report fly-tipping"),
        answers={},
        summary="Mattresses in the lane",
        contact_name="A caller",
        contact_phone="07700 900 789",
        channel=Channel.PHONE,
        actor=agent,
    )

    assert case.resident is None and case.channel == "phone"
    assert not User.objects.filter(is_staff=False).exists()
    assert Case.objects.get().contact_phone == "07700 900 789"

"""A1, A2, A3: create an account, verify the e-mail by code, sign in by password or code."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.accounts.helpers import last_email_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Sam",
    "last_name": "Taylor",
    "email": "sam.taylor@example.org",
    "password1": "tractor window cloud",
    "account_type": "personal",
    "privacy_consent": "on",
}


def test_new_resident_signs_up_verifies_by_code_and_is_greeted(client):
    response = client.post("/account/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"

    code = last_email_code("sam.taylor@example.org")
    response = client.post("/account/confirm-email/", {"code": code}, follow=True)

    assert response.redirect_chain[-1][0] == "/account/"
    assert "Hello, Sam" in response.content.decode()
    user = User.objects.get(email="sam.taylor@example.org")
    assert user.get_full_name() == "Sam Taylor"
    assert EmailAddress.objects.get(user=user).verified


def test_account_is_not_usable_until_email_is_verified(client):
    client.post("/account/signup/", SIGNUP)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_wrong_verification_code_is_refused_with_a_message(client):
    client.post("/account/signup/", SIGNUP)
    response = client.post("/account/confirm-email/", {"code": "AAAA-AAAA"})
    assert response.status_code == 400
    assert not EmailAddress.objects.get(email="sam.taylor@example.org").verified


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short words", "at least 12 characters"),
        ("password1234", "too common"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(client, password, message):
    response = client.post("/account/signup/", {**SIGNUP, "password1": password})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_long_password_without_symbols_or_digits_is_accepted(client):
    """No composition rules: three random words are a good password."""
    response = client.post("/account/signup/", {**SIGNUP, "password1": "purple giraffe kettle"})
    assert response.status_code == 302


def test_business_account_needs_the_organisation_name(client):
    response = client.post("/account/signup/", {**SIGNUP, "account_type": "business"})
    assert response.status_code == 400
    assert "Enter the name of the business or organisation" in response.content.decode()

    client.post(
        "/account/signup/",
        {**SIGNUP, "account_type": "business", "organisation_name": "Millbrook Bakery"},
    )
    user = User.objects.get(email=SIGNUP["email"])
    assert user.account_type == "business"
    assert user.organisation_name == "Millbrook Bakery"


def test_privacy_consent_is_asked_on_the_form_itself(client):
    response = client.post("/account/signup/", {**SIGNUP, "privacy_consent": ""})
    assert response.status_code == 400
    assert "Confirm you have read the privacy notice" in response.content.decode()


def test_signup_with_missing_fields_names_each_problem(client):
    response = client.post("/account/signup/", {})
    body = response.content.decode()
    assert response.status_code == 400
    for message in ("Enter your first name", "Enter your last name", "Enter your email address"):
        assert message in body


def test_sign_in_with_password(client, citizen):
    response = client.post(
        "/account/login/", {"login": citizen.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/account/"
    assert "Hello, Sam" in response.content.decode()


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, citizen):
    response = client.post("/account/login/", {"login": citizen.email, "password": "not it at all"})
    assert response.status_code == 400
    assert "/account/" not in response.get("Location", "")


def test_repeated_failed_sign_ins_are_rate_limited(client, citizen):
    for _ in range(5):
        client.post("/account/login/", {"login": citizen.email, "password": "wrong password here"})
    response = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code in (400, 429)
    assert "_auth_user_id" not in client.session


def test_sign_in_by_emailed_code(client, citizen):
    response = client.post("/account/login/code/", {"email": citizen.email})
    assert response.status_code == 302
    code = last_email_code(citizen.email)
    response = client.post(response["Location"], {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == "/account/"
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_password_reset_sends_a_link(client, citizen):
    response = client.post("/account/password/reset/", {"email": citizen.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/account/password/reset/key/" in mail.outbox[0].body


def test_change_password_needs_the_current_one(citizen_client, citizen):
    response = citizen_client.post(
        "/account/password/change/",
        {
            "oldpassword": "wrong one",
            "password1": "new lighthouse melon",
            "password2": "new lighthouse melon",
        },
    )
    assert response.status_code == 400
    response = citizen_client.post(
        "/account/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "new lighthouse melon",
            "password2": "new lighthouse melon",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("new lighthouse melon")


def test_sign_out_ends_the_session(citizen_client):
    citizen_client.post("/account/logout/")
    assert citizen_client.get("/account/").status_code == 302


def test_change_email_address_is_verified_before_it_is_used(citizen_client, citizen):
    response = citizen_client.post(
        "/account/email/", {"action_add": "", "email": "sam.new@example.org"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.email == "sam@example.org"  # not until confirmed

    code = last_email_code("sam.new@example.org")
    citizen_client.post("/account/confirm-email/", {"code": code})
    citizen.refresh_from_db()
    assert citizen.email == "sam.new@example.org"


def test_verification_email_names_the_council_and_not_the_server(client):
    client.post("/account/signup/", SIGNUP)
    message = mail.outbox[-1]
    assert message.subject == "My Millbrook: Your email confirmation code"
    assert "Millbrook Borough Council" in message.body
    assert "testserver" not in message.body


@pytest.fixture
def password_hashes(monkeypatch):
    """The passwords the hasher was asked to hash: the costly part of a sign-up."""
    hashed = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        hashed.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return hashed


def test_signup_with_a_known_address_costs_the_same_as_a_new_one(client, citizen, password_hashes):
    """Timing must not tell a stranger which addresses already have an account."""
    client.post("/account/signup/", SIGNUP)
    new_account = list(password_hashes)
    password_hashes.clear()

    response = Client().post("/account/signup/", {**SIGNUP, "email": citizen.email})

    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"  # the same page as a new one
    assert new_account == [SIGNUP["password1"]]
    assert password_hashes == new_account
    citizen.refresh_from_db()
    assert not citizen.check_password(SIGNUP["password1"])  # hashed, never stored

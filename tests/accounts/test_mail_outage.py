"""When e-mail cannot be sent, people are told so plainly (503) and nothing is left half-done."""

import smtplib

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django_otp.plugins.otp_email.models import EmailDevice

from accounts.models import User
from tests.accounts.helpers import last_email_code
from tests.accounts.test_signup_signin import SIGNUP
from tests.conftest import signed_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOT_SENT = "Sorry, we could not send you an email"
TRY_AGAIN = "Try again in a few minutes"


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
        OSError(101, "Network is unreachable"),
    ],
)
def test_signup_during_a_mail_outage_creates_no_account_and_says_so(client, mail_down, error):
    mail_down.error = error
    response = client.post("/account/signup/", SIGNUP)

    body = response.content.decode()
    assert response.status_code == 503
    assert NOT_SENT in body
    assert "We have not created your account" in body
    assert TRY_AGAIN in body
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert not EmailAddress.objects.filter(email=SIGNUP["email"]).exists()


def test_after_the_outage_the_same_signup_goes_through(client, mail_down, settings):
    client.post("/account/signup/", SIGNUP)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    response = client.post("/account/signup/", SIGNUP)  # straight away: no "too many" either
    assert response.status_code == 302
    code = last_email_code(SIGNUP["email"])
    client.post("/account/confirm-email/", {"code": code})
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified


def test_signup_with_a_known_address_during_an_outage_looks_the_same(client, citizen, mail_down):
    """The page must not tell a stranger that the address already has an account."""
    fresh = client.post("/account/signup/", SIGNUP)
    known = client.post("/account/signup/", {**SIGNUP, "email": citizen.email})

    assert known.status_code == fresh.status_code == 503
    assert "We have not created your account" in known.content.decode()
    assert _main(known) == _main(fresh)


def _main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


@pytest.mark.parametrize("email", ["sam@example.org", "nobody@example.org"])
def test_password_reset_during_an_outage_says_the_email_was_not_sent(
    client, citizen, mail_down, email
):
    response = client.post("/account/password/reset/", {"email": email})
    body = response.content.decode()
    assert response.status_code == 503
    assert NOT_SENT in body
    assert TRY_AGAIN in body


def test_sign_in_by_code_during_an_outage_says_the_code_was_not_sent(client, citizen, mail_down):
    response = client.post("/account/login/code/", {"email": citizen.email})
    assert response.status_code == 503
    assert NOT_SENT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_step_up_by_email_during_an_outage_says_so_and_can_try_again(
    agent, mail_down, settings
):
    EmailDevice.objects.create(user=agent, name="Email", confirmed=True)
    client = signed_in(agent)

    response = client.get("/account/security/verify/?next=/staff/")
    body = response.content.decode()
    assert response.status_code == 503
    assert "We could not send a code" in body
    assert TRY_AGAIN in body

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/account/security/verify/", {"step": "send", "next": "/staff/"})
    assert response.status_code == 302  # no cooldown kept from the send that failed
    code = last_email_code(agent.email)
    response = client.post(
        "/account/security/verify/", {"step": "verify", "code": code, "next": "/staff/"}
    )
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_setting_up_codes_by_email_during_an_outage_says_so(citizen_client, mail_down):
    response = citizen_client.post("/account/security/email/", {"step": "send"})
    assert response.status_code == 503
    assert "We could not send a code" in response.content.decode()
    assert len(mail.outbox) == 0


def test_changing_email_address_during_an_outage_says_so_and_keeps_the_old_one(
    citizen_client, citizen, mail_down
):
    response = citizen_client.post(
        "/account/email/", {"action_add": "", "email": "sam.new@example.org"}
    )
    assert response.status_code == 503
    assert NOT_SENT in response.content.decode()
    assert list(EmailAddress.objects.filter(user=citizen).values_list("email", flat=True)) == [
        "sam@example.org"
    ]


def test_signing_in_with_an_unverified_address_during_an_outage_says_so(client, citizen, mail_down):
    EmailAddress.objects.filter(user=citizen).update(verified=False)
    response = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 503
    assert NOT_SENT in response.content.decode()
    assert "_auth_user_id" not in client.session

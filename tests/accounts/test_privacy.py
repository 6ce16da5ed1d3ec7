"""A9: download my data, close my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.conftest import signed_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_download_my_data_as_json(citizen, another_citizen):
    response = signed_in(citizen, verified=True).get("/account/your-data/download.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-account-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "sam@example.org"
    assert data["email_addresses"] == [
        {"email": "sam@example.org", "verified": True, "primary": True}
    ]
    assert another_citizen.email not in response.content.decode()


def test_my_data_page_is_readable(citizen):
    body = signed_in(citizen, verified=True).get("/account/your-data/").content.decode()
    assert "The information we hold about you" in body
    assert "sam@example.org" in body


def test_my_data_needs_a_second_factor(citizen_client):
    response = citizen_client.get("/account/your-data/download.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/security/verify/")


def test_close_account_needs_confirmation(citizen):
    client = signed_in(citizen, verified=True)
    response = client.post("/account/close/", {})
    assert response.status_code == 400
    assert "Confirm that you understand" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.is_active


def test_close_account_erases_personal_data_and_signs_out(client, citizen):
    citizen.phone = "+447911123456"
    citizen.save()
    verified = signed_in(citizen, verified=True)
    response = verified.post("/account/close/", {"confirm": "on"})
    assert "Your account is closed" in response.content.decode()

    closed = User.objects.get(pk=citizen.pk)
    assert not closed.is_active
    assert closed.closed_at is not None
    assert "sam" not in closed.email
    assert (closed.first_name, closed.last_name, str(closed.phone)) == ("", "", "")
    assert not closed.has_usable_password()
    assert not EmailAddress.objects.filter(user=closed).exists()
    assert not TOTPDevice.objects.filter(user=closed).exists()

    assert verified.get("/account/").status_code == 302
    response = client.post("/account/login/", {"login": "sam@example.org", "password": PASSWORD})
    assert response.status_code == 400
    # The e-mail address is free for a new account.
    assert not User.objects.filter(email="sam@example.org").exists()

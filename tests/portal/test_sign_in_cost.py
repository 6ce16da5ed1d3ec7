"""A sign-in hashes the password once, whatever its outcome.

Password hashing is the dearest part of a sign-in (deliberately); two authentication
backends that both check it doubled the cost of every failed attempt, which is what
an attacker sends most of.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashes(monkeypatch):
    """Each time a password was hashed: to check it against the stored hash (verify
    hashes it with the stored salt) or, for an unknown account, to take as long."""
    calls = []
    original = MD5PasswordHasher.encode

    def counted(self, password, salt):
        calls.append(salt)
        return original(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counted)
    return calls


def test_a_wrong_password_is_hashed_once(client, citizen, hashes):
    response = client.post("/account/login/", {"login": citizen.email, "password": "not it"})
    assert response.status_code == 400
    assert len(hashes) == 1


def test_an_unknown_email_costs_one_hash_like_a_known_one(client, hashes):
    response = client.post("/account/login/", {"login": "nobody@example.org", "password": "x"})
    assert response.status_code == 400
    assert len(hashes) == 1


def test_the_right_password_is_hashed_once_and_signs_in(client, citizen, hashes):
    response = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)
    assert len(hashes) == 1

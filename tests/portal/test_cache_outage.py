"""With Redis (the cache) down, signing in still works; /healthz says 503.

The cache is pointed at a Redis where nothing listens, with the same configuration the
portal uses when REDIS_URL is set. allauth's rate limits live in the cache: they fail
open (with a logged warning) instead of turning every sign-in into a 500.
"""

import logging

import pytest
from django.core import mail

from portal.settings import redis_cache
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(DEAD_REDIS)}


def test_sign_in_with_a_password_works_while_redis_is_down(client, citizen, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        response = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.session["_auth_user_id"] == str(citizen.pk)
    # One warning for the outage, not one for every cache call the sign-in makes.
    warnings = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1
    assert "cache unavailable" in warnings[0].getMessage()


def test_a_wrong_password_is_still_refused_while_redis_is_down(client, citizen, redis_down):
    response = client.post("/account/login/", {"login": citizen.email, "password": "not it"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_sign_up_and_password_reset_work_while_redis_is_down(client, citizen, redis_down):
    response = client.post(
        "/account/signup/",
        {
            "first_name": "Robin",
            "last_name": "Hale",
            "email": "robin@example.org",
            "password1": "tractor window cloud",
            "account_type": "personal",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    response = client.post("/account/password/reset/", {"email": citizen.email})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox][-1] == [citizen.email]


def test_healthz_still_says_503_while_redis_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("error")

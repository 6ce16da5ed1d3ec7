"""Speed without weakening: identity is loaded only when a page uses it, the CSP header is
built once, passwords are hashed with Argon2id once a sign-in."""

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import trans_real

from accounts import hashers
from accounts.middleware import AuthenticationMiddleware
from portal import settings as portal_settings
from tests.conftest import signed_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BARE = "/bench/bare"  # tests/bench/urls.py: a view that uses neither the session nor the user


@pytest.mark.urls("tests.bench.urls")
def test_a_signed_in_page_that_does_not_use_identity_reads_nothing_and_stays_private(citizen):
    client = signed_in(citizen)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BARE)
    assert response.status_code == 200
    assert len(queries) == 0  # no session row, no user row, no health check
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.urls("tests.bench.urls")
def test_an_anonymous_page_is_not_marked_private(client):
    response = client.get(BARE)
    assert "no-store" not in response.get("Cache-Control", "")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_signing_in_makes_the_very_next_response_private(client, citizen):
    response = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_a_session_past_the_maximum_age_is_deleted_when_read(citizen):
    client = signed_in(citizen)
    session = client.session
    session["_started"] = int(time.time()) - django_settings.SESSION_MAX_AGE - 1
    session.save()
    assert client.get("/account/").status_code == 302
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_a_used_session_is_stamped_for_the_sliding_expiry(citizen):
    client = signed_in(citizen)
    client.get("/account/")
    assert client.session["_started"] <= int(time.time())
    assert client.session["_seen"] <= int(time.time())


def test_the_csp_header_is_built_once_for_many_responses(client, monkeypatch):
    from portal import csp

    built = []
    real = csp.build_policy
    monkeypatch.setattr(csp, "build_policy", lambda **kw: built.append(kw) or real(**kw))
    csp._built.clear()
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first == second and "frame-ancestors 'none'" in first
    assert len(built) == 2  # the policy and the (empty) report-only policy, once each


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS  # not the tests' MD5


def test_new_passwords_are_hashed_with_argon2id_and_owasp_parameters(real_hashers):
    encoded = make_password("a long enough passphrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_pbkdf2_hash_is_upgraded_at_the_next_sign_in(real_hashers, client, citizen):
    citizen.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    citizen.save()
    response = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.password.startswith("argon2$argon2id$")


@pytest.mark.parametrize("known", [True, False], ids=["known-address", "unknown-address"])
def test_a_refused_sign_in_hashes_the_password_once(
    real_hashers, client, citizen, known, monkeypatch
):
    citizen.set_password(PASSWORD)
    citizen.save()
    hashed = []
    for hasher, method in (
        (hashers.Argon2idPasswordHasher, "verify"),
        (hashers.Argon2idPasswordHasher, "encode"),
        (PBKDF2PasswordHasher, "verify"),
        (PBKDF2PasswordHasher, "encode"),
    ):
        real = getattr(hasher, method)
        monkeypatch.setattr(
            hasher,
            method,
            lambda self, *a, _real=real, **kw: hashed.append(1) or _real(self, *a, **kw),
        )
    login = citizen.email if known else "nobody@example.org"
    response = client.post("/account/login/", {"login": login, "password": "not the password"})
    assert response.status_code == 400
    assert "password" in response.content.decode().lower()
    assert len(hashed) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_health_check_runs_only_on_a_connection_idle_for_long(monkeypatch):
    from django.db import connection
    from django.db.backends.postgresql.base import DatabaseWrapper as Django

    from portal.db.postgresql import base

    asked = []
    real = Django.is_usable
    monkeypatch.setattr(Django, "is_usable", lambda self: asked.append(1) or real(self))
    connection.close()  # a new connection: one left by an earlier test may be past CONN_MAX_AGE
    connection.ensure_connection()
    connection.close_if_unusable_or_obsolete()  # as a request ends: the connection just served
    assert connection.is_usable() and asked == []  # trusted without a round trip
    connection._last_used -= base.HEALTH_CHECK_AFTER + 1
    assert connection.is_usable() and asked == [1]  # idle for long: SELECT 1, as Django does


def test_translation_catalogues_keep_no_empty_fallbacks_and_say_the_same(client, settings):
    from django.utils.translation import trans_real

    from portal.translation import _is_empty

    for language in ("en-gb", "cy"):
        node, chain = trans_real.translation(language), []
        while (node := getattr(node, "_fallback", None)) is not None:
            chain.append(node)
        assert not [catalogue for catalogue in chain if _is_empty(catalogue)]
        assert len(chain) <= 1  # Welsh falls back to English, English to nothing
    welsh = client.get("/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert 'lang="cy"' in welsh and 'lang="en-gb"' in english.lower()
    assert welsh != english


@pytest.mark.urls("tests.bench.urls")
def test_a_page_that_shows_no_messages_builds_no_message_store(client):
    response = client.get(BARE)
    assert response.status_code == 200
    assert response.wsgi_request._messages._wrapped is empty  # never built
    assert "messages" not in response.cookies


def test_a_message_added_before_a_redirect_is_shown_on_the_next_page(client, citizen):
    client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    response = client.post("/account/logout/", follow=True)
    assert response.status_code == 200
    assert "You have signed out." in response.content.decode()
    assert "You have signed out." not in client.get("/").content.decode()  # shown once


@pytest.mark.urls("tests.bench.urls")
@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ({}, "en-gb"),
        ({"HTTP_ACCEPT_LANGUAGE": "cy"}, "cy"),  # the browser's choice
        ({"HTTP_COOKIE": f"{django_settings.LANGUAGE_COOKIE_NAME}=cy"}, "cy"),  # the person's
        ({"HTTP_ACCEPT_LANGUAGE": "fr"}, "en-gb"),  # a language the council does not offer
    ],
)
def test_each_page_is_in_the_language_asked_for_without_reading_the_path_for_one(
    client, headers, language, monkeypatch
):
    monkeypatch.setattr(trans_real, "get_language_from_path", lambda path: pytest.fail(path))
    response = client.get(BARE, **headers)
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_once_read_the_user_replaces_its_lazy_wrapper_and_keeps_the_second_factor_check(
    citizen, agent
):
    """accounts.middleware reads the user once (with django-otp's check of the second factor)
    and puts the user itself on the request, so later reads pay no wrapper."""

    def request_for(client):
        request = RequestFactory().get("/")
        request.session = client.session
        AuthenticationMiddleware(lambda request: None).process_request(request)
        return request

    request = request_for(signed_in(agent, verified=True))
    assert isinstance(request.user, SimpleLazyObject)
    assert request.user.is_verified()  # the first read
    assert not isinstance(request.user, SimpleLazyObject)
    assert request.user.pk == agent.pk and request.user.otp_device is not None

    assert not request_for(signed_in(citizen)).user.is_verified()  # no second factor
    unconfirmed = signed_in(citizen, verified=True)
    citizen.totpdevice_set.update(confirmed=False)
    request = request_for(unconfirmed)
    assert not request.user.is_verified()  # django-otp refuses an unconfirmed device
    assert request.user.otp_device is None

"""The signed-in user read from the cache (accounts/principal.py), with nothing weakened:
a password change signs the other sessions out, a closed account is signed out, the cache
never holds the password, and saving a cached user never loses it."""

import pickle
import time

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import PREVIOUS_PATH
from accounts.models import User
from accounts.principal import PRINCIPAL_SECONDS, principal_digest, principal_get, principal_key
from portal import sessions
from tests.conftest import signed_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bench.urls")]

WHOAMI = "/bench/whoami"  # says "signed in <id>" or "anonymous"


@pytest.fixture(autouse=True)
def principal_cache(settings):
    settings.PRINCIPAL_CACHE = True


def whoami(client) -> str:
    return client.get(WHOAMI).content.decode()


def test_a_signed_in_request_reads_the_user_from_the_cache(citizen):
    client = signed_in(citizen)
    assert whoami(client) == f"signed in {citizen.pk}"
    with CaptureQueriesContext(connection) as captured:
        assert whoami(client) == f"signed in {citizen.pk}"
    assert not [q for q in captured if "accounts_user" in q["sql"]]


def test_the_cache_never_holds_the_password_hash(citizen):
    whoami(signed_in(citizen))
    kept = pickle.dumps(cache.get(principal_key(citizen.pk)))
    assert citizen.password.encode() not in kept
    assert citizen.password.split("$")[-1].encode() not in kept


def test_changing_the_password_signs_out_the_other_sessions(citizen):
    here, elsewhere = signed_in(citizen), signed_in(citizen)
    assert whoami(elsewhere) == f"signed in {citizen.pk}"  # its principal is now cached
    response = here.post(
        "/account/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "new lighthouse melon",
            "password2": "new lighthouse melon",
        },
    )
    assert response.status_code == 302
    assert whoami(elsewhere) == "anonymous"
    assert whoami(here) == f"signed in {citizen.pk}"  # the session that changed it stays


def test_a_deactivated_account_is_signed_out_at_its_next_request(citizen):
    client = signed_in(citizen)
    assert whoami(client) == f"signed in {citizen.pk}"
    citizen.is_active = False
    citizen.save()
    assert whoami(client) == "anonymous"


def test_a_cached_user_checks_and_keeps_the_password_when_saved(citizen, client):
    signed = signed_in(citizen)
    whoami(signed)
    response = signed.post("/account/details/name/", {"first_name": "Samira", "last_name": "Khan"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.first_name == "Samira"
    assert citizen.check_password(PASSWORD)  # saving the cached user did not blank it
    assert "Samira" in signed.get("/account/").content.decode()  # the new name, not the cached
    login = client.post("/account/login/", {"login": citizen.email, "password": PASSWORD})
    assert login.status_code == 302


def test_sessions_from_before_the_backend_change_stay_signed_in(citizen):
    client = signed_in(citizen)
    session = client.session
    session[BACKEND_SESSION_KEY] = PREVIOUS_PATH
    session.save()
    assert whoami(client) == f"signed in {citizen.pk}"


def test_another_citizen_never_gets_the_first_ones_principal(citizen, another_citizen):
    assert whoami(signed_in(citizen)) == f"signed in {citizen.pk}"
    assert whoami(signed_in(another_citizen)) == f"signed in {another_citizen.pk}"


def cache_reads(monkeypatch) -> list:
    """Every read of the shared cache from here on, by key."""
    store = caches["default"]
    reads = []
    get, get_many = store.get, store.get_many
    monkeypatch.setattr(store, "get", lambda key, *a, **kw: reads.append(key) or get(key, *a, **kw))
    monkeypatch.setattr(
        store, "get_many", lambda keys, *a, **kw: reads.append(keys) or get_many(keys, *a, **kw)
    )
    return reads


@pytest.mark.postgres  # the cached session store: with Redis
def test_a_signed_in_request_reads_its_session_and_its_user_in_one_cache_read(citizen, monkeypatch):
    client = signed_in(citizen)
    assert whoami(client) == f"signed in {citizen.pk}"
    reads = cache_reads(monkeypatch)
    with CaptureQueriesContext(connection) as captured:
        assert whoami(client) == f"signed in {citizen.pk}"
    assert len(reads) == 1 and "sessions" in reads[0]
    assert len(captured) == 0


@pytest.mark.postgres
def test_a_renamed_person_is_shown_by_the_new_name_in_every_session(citizen):
    here, elsewhere = signed_in(citizen), signed_in(citizen)
    assert "Samira" not in elsewhere.get("/account/").content.decode()
    here.post("/account/details/name/", {"first_name": "Samira", "last_name": "Khan"})
    assert "Samira" in elsewhere.get("/account/").content.decode()


@pytest.mark.postgres
def test_a_carried_principal_is_trusted_no_longer_than_a_cached_one(citizen, monkeypatch):
    client = signed_in(citizen)
    whoami(client)
    later = time.time() + PRINCIPAL_SECONDS + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    reads = cache_reads(monkeypatch)
    assert whoami(client) == f"signed in {citizen.pk}"
    assert principal_key(citizen.pk) in reads  # read again, not taken from the session


def test_the_digest_carried_with_a_principal_is_the_rows_and_changes_when_it_is_saved(citizen):
    """The home's kept panels are keyed by a digest of the user row, made once when the row
    is cached and carried with the principal: it is the digest of the same columns, and a
    save of that user object forgets it, so a changed row never shows old panels."""
    whoami(signed_in(citizen))  # caches the principal
    carried = principal_get(User, citizen.pk)
    before = principal_digest(carried)
    assert before == principal_digest(User.objects.get(pk=citizen.pk))  # worked out afresh
    carried.first_name = "Morwenna"
    carried.save()
    after = principal_digest(carried)
    assert after != before
    assert after == principal_digest(User.objects.get(pk=citizen.pk))

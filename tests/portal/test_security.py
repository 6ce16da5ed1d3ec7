"""Security baseline: headers, private caching, sessions, staff and admin gates."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_security_headers_on_a_public_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_cached(citizen_client):
    response = citizen_client.get("/account/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_idle_session_expires(citizen_client, settings):
    settings.SESSION_COOKIE_AGE = 1
    citizen_client.get("/account/")
    time.sleep(2)
    assert citizen_client.get("/account/").status_code == 302


def test_sessions_end_after_the_maximum_age_even_when_active(citizen_client, settings):
    session = citizen_client.session
    session["_started"] = int(time.time()) - django_settings.SESSION_MAX_AGE - 1
    session.save()
    assert citizen_client.get("/account/").status_code == 302


def test_staff_home_needs_a_verified_second_factor(agent):
    client = signed_in(agent)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/security/verify/?next=%2Fstaff%2F")
    assert signed_in(agent, verified=True).get("/staff/").status_code == 200


def test_residents_cannot_open_staff_pages(citizen):
    assert signed_in(citizen, verified=True).get("/staff/").status_code == 403
    assert signed_in(citizen).get("/staff/").status_code == 403


def test_admin_sign_in_goes_through_the_portal_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith("/account/login/")


def test_admin_needs_a_verified_second_factor(admin_user):
    response = signed_in(admin_user).get("/admin/")
    assert response["Location"].startswith("/account/security/verify/")
    assert signed_in(admin_user, verified=True).get("/admin/").status_code == 200


def test_residents_cannot_use_the_admin(citizen):
    response = signed_in(citizen, verified=True).get("/admin/login/")
    assert response.status_code == 403


def test_production_settings_pass_check_deploy():
    # As deployed: without the test-only escape hatch the browser suite sets.
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-for-tests-only",
        "ALLOWED_HOSTS": "portal.example",
        "PORTAL_BASE_URL": "https://portal.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr

"""The simulated back office is also the council's identity provider (under /identity), as
`make run` serves it: staff sign in with "Sign in with your council account" on a fresh
`make run`, through django-allauth's own OpenID Connect code."""

import json
import re
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.models import User
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.identity import IdentityProvider, demo_group_roles
from tests.accounts.test_staff_sign_in import sign_in_through

SECRET = "back-office-shared-secret-0123456789"
MAKEFILE = Path(django_settings.BASE_DIR) / "Makefile"


@pytest.fixture
def office_idp(settings):
    """The back office with its identity provider on, and the portal configured for it."""
    provider = IdentityProvider(client_id="portal", client_secret="demo-secret")
    running = start(BackOffice(secret=SECRET, identity=provider))
    settings.STAFF_OIDC_GROUP_ROLES = demo_group_roles()
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": "council",
                    "name": "your council account",
                    "client_id": "portal",
                    "secret": "demo-secret",
                    "settings": {
                        "server_url": running.identity_url,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
        },
    }
    yield running
    running.stop()


def test_the_back_office_serves_the_identity_providers_endpoints_under_identity(office_idp):
    base = office_idp.identity_url

    discovery = requests.get(f"{base}/.well-known/openid-configuration", timeout=5).json()
    keys = requests.get(discovery["jwks_uri"], timeout=5).json()
    choosing = requests.get(
        discovery["authorization_endpoint"],
        params={"client_id": "portal", "redirect_uri": "http://portal.test/back/"},
        timeout=5,
    )

    assert discovery["issuer"] == base == f"{office_idp.url}/identity"
    assert discovery["token_endpoint"] == f"{base}/token"
    assert keys["keys"][0]["alg"] == "RS256"
    assert "Fake council sign-in" in choosing.text
    # The page's form goes back to the same /identity/authorize (a relative action).
    assert 'action="authorize"' in choosing.text
    assert requests.get(f"{office_idp.url}/cases", timeout=5).status_code == 200


def test_without_identity_the_back_office_has_no_identity_provider():
    running = start(BackOffice(secret=SECRET))
    try:
        answer = requests.get(f"{running.url}/identity/.well-known/openid-configuration", timeout=5)
    finally:
        running.stop()
    assert answer.status_code == 404


@pytest.mark.django_db
def test_a_demo_agent_signs_in_with_the_council_account_through_the_back_office(office_idp):
    client = Client()

    signed_in = sign_in_through(
        office_idp.office.identity, client, "agent@millbrook.example", mfa=True
    )

    assert signed_in.status_code == 302
    agent = User.objects.get(email="agent@millbrook.example")
    assert list(agent.groups.values_list("name", flat=True)) == [roles.AGENT]
    assert client.get(reverse("staff:people")).status_code == 200


def _run_exports() -> dict[str, str]:
    text = MAKEFILE.read_text(encoding="utf-8")
    return dict(re.findall(r"^run: export (\w+) \??= (.*)$", text, flags=re.MULTILINE))


def test_make_run_points_the_portal_at_the_back_offices_identity_provider():
    exports = _run_exports()
    recipe = MAKEFILE.read_text(encoding="utf-8")

    assert exports["STAFF_OIDC_SERVER_URL"] == "http://127.0.0.1:$(BACKOFFICE_PORT)/identity"
    assert json.loads(exports["STAFF_OIDC_GROUP_ROLES"]) == demo_group_roles()
    assert "--identity --identity-client-id " + exports["STAFF_OIDC_CLIENT_ID"] in recipe
    assert "--identity-client-secret " + exports["STAFF_OIDC_CLIENT_SECRET"] in recipe

"""Staff sign in through the council's identity provider (OpenID Connect), the whole way.

The fake identity provider (integrations/simulated_backoffice/identity.py) runs as a
real HTTP server and issues real RS256-signed ID tokens; django-allauth's own OpenID
Connect code fetches its discovery document, exchanges the code and reads the tokens.
"""

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.access import step_up_url
from accounts.models import IdentityProviderDevice, User
from accounts.selectors import device_list
from integrations.simulated_backoffice import identity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("openid_connect_login", kwargs={"provider_id": "council"})


@pytest.fixture
def idp(settings):
    provider = identity.IdentityProvider(client_id="portal", client_secret="s3cret")
    running = identity.start(provider)
    settings.STAFF_OIDC_GROUP_ROLES = identity.demo_group_roles()
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": "council",
                    "name": "Millbrook staff account",
                    "client_id": "portal",
                    "secret": "s3cret",
                    "settings": {
                        "server_url": running.url,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
        },
    }
    yield provider
    running.stop()


def sign_in_through(idp, client, person: str, *, mfa=None):
    """Press the button, let the identity provider sign ``person`` in, come back."""
    idp.auto_sign_in, idp.auto_mfa = person, mfa
    to_provider = client.post(LOGIN)
    assert to_provider.status_code == 302, to_provider.content.decode()[:500]
    assert to_provider["Location"].startswith(idp.issuer + "/authorize?")
    answer = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_the_council_account_only_when_one_is_configured(settings):
    without = Client().get(reverse("account_login")).content.decode()
    assert "Council staff" not in without and LOGIN not in without

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "council",
                    "name": "Millbrook staff account",
                    "client_id": "portal",
                    "secret": "s3cret",
                    "settings": {"server_url": "http://idp.invalid"},
                }
            ]
        }
    }
    with_idp = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Millbrook staff account" in with_idp
    assert f'action="{LOGIN}' in with_idp


def test_staff_whose_provider_checked_a_second_factor_are_in_their_roles_at_tier_2(idp):
    client = Client()

    response = sign_in_through(idp, client, "caseworker@millbrook.example", mfa=True)

    assert response.status_code == 302
    user = User.objects.get(email="caseworker@millbrook.example")
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [roles.CASEWORKER]
    assert client.get(reverse("staff:queue")).status_code == 200  # no step-up asked
    # The provider's second factor is never offered as a way to verify in the portal.
    assert IdentityProviderDevice.objects.filter(user=user).exists()
    assert device_list(user=user) == []


def test_without_a_second_factor_from_the_provider_the_portal_asks_for_its_own(idp):
    client = Client()

    sign_in_through(idp, client, "new.starter@millbrook.example")

    queue = client.get(reverse("staff:queue"))
    assert queue.status_code == 302
    assert queue["Location"] == step_up_url(reverse("staff:queue"))
    assert not IdentityProviderDevice.objects.exists()


def test_roles_follow_the_provider_s_groups_at_every_sign_in(idp):
    user = UserFactory(email="agent@millbrook.example", is_staff=True)
    user.groups.add(*roles_named(roles.ADMINISTRATOR, roles.AGENT))

    sign_in_through(idp, Client(), "agent@millbrook.example", mfa=True)

    # The same person, not a second account; an old role the groups no longer give is gone.
    assert User.objects.filter(email="agent@millbrook.example").count() == 1
    assert list(user.groups.values_list("name", flat=True)) == [roles.AGENT]


def test_someone_in_no_group_with_a_role_cannot_sign_in_this_way(idp):
    client = Client()

    response = sign_in_through(idp, client, "visitor@millbrook.example", mfa=True)

    assert response.status_code == 403
    assert "Your council account has no role in this portal" in response.content.decode()
    assert not User.objects.filter(email="visitor@millbrook.example").exists()
    assert client.get(reverse("account_home")).status_code == 302  # not signed in


def test_the_id_token_is_really_signed_by_the_provider_s_published_key(idp):
    sign_in_through(idp, Client(), "lead@millbrook.example", mfa=True)
    token = idp.issued[-1]  # what the portal was given

    keys = requests.get(f"{idp.issuer}/jwks", timeout=10).json()["keys"]
    public = jwt.algorithms.RSAAlgorithm.from_jwk(keys[0])
    decoded = jwt.decode(token, public, algorithms=["RS256"], audience="portal")

    assert decoded["email"] == "lead@millbrook.example"
    assert decoded["iss"] == idp.issuer and "mfa" in decoded["amr"]
    assert User.objects.get(email="lead@millbrook.example").groups.get().name == roles.TEAM_LEAD


def test_a_code_is_good_once(idp):
    idp.auto_sign_in = "caseworker@millbrook.example"
    client = Client()
    to_provider = client.post(LOGIN)
    back = urlsplit(
        requests.get(to_provider["Location"], allow_redirects=False, timeout=10).headers["Location"]
    )
    code = parse_qs(back.query)["code"][0]
    client.get(f"{back.path}?{back.query}")

    again = requests.post(
        f"{idp.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": "portal",
            "client_secret": "s3cret",
            "redirect_uri": "http://testserver/account/council/login/callback/",
        },
        timeout=10,
    )
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_an_identity_provider_outage_is_a_clear_page_not_a_500(idp):
    idp.failure_rate = 1.0
    client = Client()

    response = sign_in_through(idp, client, "caseworker@millbrook.example", mfa=True)

    assert response.status_code == 401
    assert not User.objects.filter(email="caseworker@millbrook.example").exists()


def test_cancelling_at_the_provider_says_so(idp):
    client = Client()
    to_provider = client.post(LOGIN)
    answer = requests.get(to_provider["Location"] + "&cancel=1", allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("socialaccount_login_cancelled")


def roles_named(*names):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=names)

"""Behind the proxy docker-compose expects, rate limits are per client.

Every request arrives from the proxy's address (the test client's REMOTE_ADDR,
127.0.0.1); the proxy appends the address it saw to X-Forwarded-For. With
TRUSTED_PROXY_COUNT=1 the portal takes the client from that last entry, so strangers
do not use up each other's (or a resident's) sign-in allowance, and an entry a
client wrote into the header itself cannot choose whose allowance it uses.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"
RESIDENT_IP = "203.0.113.5"
ATTACKER_IP = "198.51.100.7"


@pytest.fixture(scope="module")
def proxy_settings_from_env():
    """The portal's settings as a deployment with TRUSTED_PROXY_COUNT=1 in its environment
    loads them (settings read the environment once, at start-up)."""
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n, None) for n in "
        "('TRUSTED_PROXY_COUNT', 'ALLAUTH_TRUSTED_PROXY_COUNT')}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "TRUSTED_PROXY_COUNT": "1"}
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.fixture
def behind_one_proxy(settings, proxy_settings_from_env):
    for name, value in proxy_settings_from_env.items():
        if value is not None:
            setattr(settings, name, value)


def test_trusted_proxy_count_from_the_environment_sets_where_the_client_address_is_read(
    proxy_settings_from_env,
):
    assert proxy_settings_from_env == {"TRUSTED_PROXY_COUNT": 1, "ALLAUTH_TRUSTED_PROXY_COUNT": 1}


def sign_in(client, email, password, *, forwarded_for):
    return client.post(
        LOGIN, {"login": email, "password": password}, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_ten_strangers_failing_to_sign_in_do_not_lock_out_a_resident(
    client, citizen, behind_one_proxy
):
    for n in range(10):
        sign_in(client, f"nobody{n}@example.org", "wrong password", forwarded_for=f"192.0.2.{n}")
    response = sign_in(client, citizen.email, PASSWORD, forwarded_for=RESIDENT_IP)
    assert response.status_code == 302
    assert response["Location"] == "/account/"


def test_thirty_sign_ins_a_minute_site_wide_do_not_stop_the_next_resident(
    client, citizen, behind_one_proxy
):
    for n in range(30):
        sign_in(client, f"nobody{n}@example.org", "wrong password", forwarded_for=f"192.0.2.{n}")
        client.cookies.clear()
    response = sign_in(client, citizen.email, PASSWORD, forwarded_for=RESIDENT_IP)
    assert response.status_code == 302


def test_one_client_is_still_limited_and_a_spoofed_entry_cannot_pick_another_address(
    client, citizen, behind_one_proxy
):
    # The attacker writes the resident's address into the header; the proxy appends theirs.
    for n in range(10):
        sign_in(
            client,
            f"nobody{n}@example.org",
            "wrong password",
            forwarded_for=f"{RESIDENT_IP}, {ATTACKER_IP}",
        )
    # Changing the spoofed entry does not give the attacker a fresh allowance...
    response = sign_in(client, citizen.email, PASSWORD, forwarded_for=f"192.0.2.200, {ATTACKER_IP}")
    assert response.status_code in (400, 429)
    assert "_auth_user_id" not in client.session
    # ...and the resident whose address was written in is not locked out.
    response = sign_in(client, citizen.email, PASSWORD, forwarded_for=RESIDENT_IP)
    assert response.status_code == 302

"""The header and footer every page shares are rendered once per worker and kept
(``{% keep %}`` in templates/base.html): what they show must still follow who is signed
in, where they are and the council's settings, and each response keeps its own CSRF token."""

import re

import pytest
from django.test import Client

from portal.templatetags import govuk
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def navigation(html: str) -> str:
    return html[html.index('<nav aria-label="Account"') : html.index("</nav>")]


def current_item(html: str) -> str | None:
    found = re.search(r'aria-current="page"><strong[^>]*>([^<]+)<', navigation(html))
    return found.group(1) if found else None


def test_the_kept_header_follows_who_is_signed_in_and_where_they_are(citizen, caseworker):
    anonymous = Client().get("/").content.decode()
    resident = signed_in(citizen)
    at_home = resident.get("/account/").content.decode()
    at_preferences = resident.get("/account/preferences/").content.decode()
    at_start = resident.get("/").content.decode()
    staff = signed_in(caseworker).get("/account/").content.decode()

    assert govuk._kept  # the header and footer were kept, not rendered each time
    assert "Sign in" in navigation(anonymous) and "Sign out" not in navigation(anonymous)
    assert "Sign out" in navigation(at_home) and "Staff" not in navigation(at_home)
    assert current_item(at_home) == "Your account"
    assert current_item(at_preferences) == "Your account"  # a page below it
    assert current_item(at_start) is None
    assert "Staff" in navigation(staff)


def test_each_page_has_its_own_working_csrf_token_in_the_kept_sign_out_form(citizen):
    resident = signed_in(citizen)
    resident.handler.enforce_csrf_checks = True
    first = TOKEN.findall(resident.get("/account/").content.decode())
    second = TOKEN.findall(resident.get("/account/").content.decode())
    assert first and second and first != second  # masked afresh for every response
    assert govuk._CSRF_MARK not in "".join(first + second)

    response = resident.post("/account/logout/", {"csrfmiddlewaretoken": second[0]})

    assert response.status_code == 302
    assert "_auth_user_id" not in resident.session


def test_a_change_of_the_councils_settings_shows_on_the_next_page(client, settings):
    assert "help@millbrook.example" not in client.get("/").content.decode()
    settings.COUNCIL_CONTACT_EMAIL = "help@millbrook.example"
    footer = client.get("/").content.decode().split('<footer class="govuk-footer">')[1]
    assert 'href="mailto:help@millbrook.example"' in footer

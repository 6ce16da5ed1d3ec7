"""The demo's council tax accounts: Sam links his with the details the demo prints."""

import re

import pytest
from django.urls import reverse

from accounts.models import Address, User
from integrations.simulated_backoffice import BackOffice, start
from portal import demo
from services.counciltax.demo import SAM_ACCOUNT
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_sam_links_the_demo_account_with_what_the_demo_prints(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    result = demo.demo_council_load()
    line = next(line for line in result.services if line.startswith("Council tax"))
    found = re.search(r"account (\d{8}) with postcode (\S+ \S+) and first instalment £(\S+)", line)
    assert found and found[1] == SAM_ACCOUNT
    accounts = int(re.search(r"Council tax: (\d+) accounts", line)[1])
    assert accounts == Address.objects.filter(town="Millbrook").count() > 1000

    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    try:
        running.office.revenues.file = settings.REVENUES_DEMO_FILE
        settings.REVENUES_URL = running.url
        sam = signed_in(User.objects.get(email="sam@example.org"), verified=True)
        response = sam.post(
            reverse("counciltax:link"),
            {"account_number": found[1], "postcode": found[2], "first_instalment": found[3]},
        )
        assert response.status_code == 302
        page = sam.get(reverse("counciltax:account")).content.decode()
    finally:
        running.stop()
    assert "1 Mill Lane, Millbrook" in page
    assert "Sam Taylor" in page

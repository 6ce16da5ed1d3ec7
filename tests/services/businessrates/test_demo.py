"""The demo's revenues and benefits data: Jo links the bakery's business rates account with
the details the demo prints, and Sam sees his Housing Benefit."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from integrations.simulated_backoffice import BackOffice, start
from linking.models import ServiceLink
from portal import demo
from services.businessrates.demo import BAKERY_ACCOUNT
from services.counciltax.demo import SAM_ACCOUNT
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_jo_links_the_bakery_and_sam_sees_his_housing_benefit(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    result = demo.demo_council_load()
    line = next(line for line in result.services if line.startswith("Business rates"))
    found = re.search(r"account (\d{8}) with postcode (\S+ \S+) and first instalment £(\S+)", line)
    assert found and found[1] == BAKERY_ACCOUNT
    # What README's demo table tells a newcomer to type, whatever the day.
    assert (found[2], found[3]) == ("MB1 2AA", "611.59")

    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    try:
        running.office.revenues.file = settings.REVENUES_DEMO_FILE
        settings.REVENUES_URL = running.url
        jo = signed_in(User.objects.get(email="jo@millbrook-bakery.example"), verified=True)
        linked = jo.post(
            reverse("businessrates:link"),
            {"account_number": found[1], "postcode": found[2], "first_instalment": found[3]},
        )
        assert linked.status_code == 302
        rates = jo.get(reverse("businessrates:account")).content.decode()
        sam_user = User.objects.get(email="sam@example.org")
        ServiceLink.objects.create(
            user=sam_user, service="council-tax", account_ref=SAM_ACCOUNT, linked_at=timezone.now()
        )
        benefits = signed_in(sam_user, verified=True).get(reverse("counciltax:benefits"))
    finally:
        running.stop()
    assert "Millbrook Bakery" in rates
    assert "Small business rate relief" in rates
    assert "Your landlord, Millbrook Homes" in benefits.content.decode()

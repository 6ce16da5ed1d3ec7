"""The demo's tenancies: Sam links his with the details the demo prints, sees his rent, and
can report a repair with an appointment; the tenancy requests are built forms."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from casework.bookings.models import BookingCalendar
from casework.models import RequestType
from integrations.simulated_backoffice import BackOffice, start
from portal import demo
from services.housing.demo import SAM_TENANCY, TENANCY_FORMS
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_sam_links_the_demo_tenancy_with_what_the_demo_prints(settings):
    result = demo.demo_council_load()
    pattern = r"tenancy (HT-\d{6}) with postcode (\S+ \S+) and weekly rent £(\S+)"
    found = next(filter(None, (re.search(pattern, line) for line in result.services)), None)
    assert found and found[1] == SAM_TENANCY
    assert RequestType.objects.get(slug="housing-repair").connector == "housing"
    assert BookingCalendar.objects.get(request_type__slug="housing-repair").half_days
    for spec in TENANCY_FORMS:
        assert RequestType.objects.get(slug=spec["slug"]).built_form.versions.exists()

    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    try:
        running.office.housing.file = settings.HOUSING_DEMO_FILE
        settings.HOUSING_URL = running.url
        sam = signed_in(User.objects.get(email="sam@example.org"), verified=True)
        response = sam.post(
            reverse("housing:link"),
            {"reference": found[1], "postcode": found[2], "weekly_rent": found[3]},
        )
        assert response.status_code == 302
        page = sam.get(reverse("housing:account")).content.decode()
    finally:
        running.stop()
    assert "1 Mill Lane, Millbrook" in page
    assert "You owe £209" in page
    assert "Report a repair" in page

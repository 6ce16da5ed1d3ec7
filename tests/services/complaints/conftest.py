"""Complaints and compliments: their request types as `make run` makes them, and a way to
make a complaint through its pages."""

import pytest

from casework.models import Case, RequestType, Team
from casework.request_types import request_types_sync

START = "/complaints/"


@pytest.fixture
def request_types(db):
    request_types_sync()
    return {rt.slug: rt for rt in RequestType.objects.filter(service="complaints")}


@pytest.fixture
def complaints_manager(db, caseworker):
    """A caseworker in the complaints team who manages it (may see the reports)."""
    team = Team.objects.get_or_create(slug="complaints", defaults={"name": "Complaints"})[0]
    team.members.add(caseworker)
    team.manager = caseworker
    team.save()
    return caseworker


@pytest.fixture
def complaints_officer(db, caseworker):
    """A caseworker in the complaints team: the one who answers its stages (agents may only
    reply and add notes)."""
    team = Team.objects.get_or_create(slug="complaints", defaults={"name": "Complaints"})[0]
    team.members.add(caseworker)
    return caseworker


def complain(client, *, about="waste", summary="Bin not collected three times") -> Case:
    """Make a complaint through its pages, as a resident would; returns the case."""
    base = f"{START}complaint/"
    steps = [
        ("", {"about": about, "summary": summary}),
        ("what/", {"what_happened": "The crew missed our street on three Mondays."}),
        ("put-right/", {"put_right": "Collect the bins and say sorry."}),
        ("contact/", {"contact_by": "email"}),
    ]
    for path, data in steps:
        page = client.post(base + path, data)
        assert page.status_code == 302, page.content.decode()[:2000]
    check = client.get(base + "check/")
    assert check.status_code == 200
    import re

    version = re.search(r'name="version" value="([^"]+)"', check.content.decode()).group(1)
    sent = client.post(base + "check/", {"version": version})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    return Case.objects.filter(request_type__slug="complaint").latest("pk")

"""General enquiries: its registered request types, made the way `make run` makes them."""

import re

import pytest

from casework.models import RequestType
from casework.request_types import request_types_sync


@pytest.fixture
def request_types(db):
    request_types_sync()
    return {rt.slug: rt for rt in RequestType.objects.filter(service="general")}


@pytest.fixture
def question_type(request_types):
    return request_types["general-enquiry"]


@pytest.fixture
def pest_control(request_types):
    return request_types["pest-control-treatment"]


def version_on(page) -> str:
    """The hidden answer version the check page sends back."""
    match = re.search(r'name="version" value="([^"]+)"', page.content.decode())
    assert match, "no version on the check page"
    return match.group(1)


def answer(client, request_type, *, files=(), **fields):
    data = {"summary": "Overgrown hedge", "details": "It blocks the pavement.", **fields}
    if files:
        data["files"] = list(files)
    return client.post(f"/services/general/{request_type.slug}/", data)

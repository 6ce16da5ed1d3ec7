"""The members' area as its own people see it: the member, their support officer, and
another member's support officer (the rest of the roles are in the access matrix,
tests/test_access_matrix.py, where every one of them gets 403 here)."""

import pytest
from django.urls import reverse

from accounts import roles
from tests import urlmap
from tests.conftest import signed_in
from tests.services.members.members_data import member_make, staff

pytestmark = pytest.mark.django_db

ROUTES = [route for route in urlmap.routes() if route.name in urlmap.MEMBERS_ONLY]
# What the member (or their own support officer) gets on a GET.
FOR_THE_MEMBER = {
    "members:enquiry_message": 405,  # POST only
    "members:letter_pdf": 405,
    "members:enquiry_step": 302,  # nothing answered yet: to the first step
    "members:enquiry_check": 302,
}
# Pages about one enquiry: 404 for another member's people (as for "no such enquiry").
ABOUT_ONE_ENQUIRY = {
    "members:enquiry",
    "members:letter",
    "members:letter_sent",
    "members:letter_pdf",
    "members:enquiry_sent",
}


def test_every_members_page_is_tried_here():
    assert {route.name for route in ROUTES} == urlmap.MEMBERS_ONLY


@pytest.fixture
def member():
    return member_make()


@pytest.fixture
def member_user(member):
    return member.user


@pytest.fixture
def own_support_officer(member):
    officer = staff(roles.MEMBER_SUPPORT)
    member.support_officers.add(officer)
    return officer


def _get(route, user, *, owner):
    client = signed_in(user, verified=True)
    path, provided = urlmap.prepare(route, client=client, visitor=owner, owner=owner)
    return client, path, client.get(path)


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("who", ["member_user", "own_support_officer"])
def test_the_member_and_their_support_officer_may_use_every_page(route, who, request, member):
    user = request.getfixturevalue(who)

    _client, path, response = _get(route, user, owner=user)

    want = FOR_THE_MEMBER.get(route.name, 200)
    assert response.status_code == want, f"GET {path} as {who}"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_another_members_support_officer_finds_nothing_of_theirs(route, member):
    other_officer = staff(roles.MEMBER_SUPPORT)
    member_make(staff(roles.COUNCILLOR), title="Councillor Jo Other", officers=[other_officer])
    client = signed_in(other_officer, verified=True)
    path, provided = urlmap.prepare(route, client=client, visitor=member.user, owner=member.user)

    response = client.post(path) if route.name == "members:enquiry_message" else client.get(path)

    if route.name in ABOUT_ONE_ENQUIRY or route.name == "members:enquiry_message":
        assert response.status_code == 404, f"{path}"
        assert provided.obj.__class__.objects.filter(pk=provided.obj.pk).exists()
    else:
        assert response.status_code == FOR_THE_MEMBER.get(route.name, 200)
        if route.name == "members:home":
            assert "Margaret Ellis" not in response.content.decode()


def test_the_staff_home_links_members_people_to_their_area(member, agent):
    page = signed_in(member.user, verified=True).get(reverse("staff_home"))
    assert reverse("members:home") in page.content.decode()
    assert (
        reverse("members:home")
        not in signed_in(agent, verified=True).get(reverse("staff_home")).content.decode()
    )

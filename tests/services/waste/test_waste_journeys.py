"""The three waste journeys at an address on the journey engine (containers, assisted
collection, missed bin): save and come back later, and tampering refused cleanly."""

import pytest
from django.urls import reverse

from casework.models import Case, Draft
from casework.request_types import request_types_sync
from services.waste.models import Stream
from tests.conftest import signed_in
from tests.services.waste.orders import containers, home

pytestmark = pytest.mark.django_db

ABOUT = {"who": "me", "reason": "age", "how_long": "permanent"}


@pytest.fixture
def address(db):
    request_types_sync()
    containers()
    return home(Stream.REFUSE, Stream.RECYCLING, line1="1 Mill Lane")


@pytest.fixture
def client(citizen, address):
    return signed_in(citizen)


def url(name, address, **kwargs):
    return reverse(f"waste:{name}", kwargs={"uprn": address.uprn, **kwargs})


def step(feature, name, address):
    return url(f"{feature}_step", address, step_name=name)


def _version(page) -> str:
    return page.context["form"]["version"].value()


@pytest.mark.parametrize(
    ("entry", "data", "next_step"),
    [
        ("containers_choose", {"container": "recycling-box"}, ("containers", "details")),
        ("assisted_about", ABOUT, ("assisted", "household")),
    ],
)
def test_save_and_come_back_later_resumes_where_it_stopped(
    client, citizen, address, entry, data, next_step
):
    assert client.post(url(entry, address), data)["Location"] == step(*next_step, address)
    saved = client.post(step(*next_step, address), {"action": "save"})
    assert saved["Location"] == reverse("drafts:list")

    draft = Draft.objects.get(user=citizen)
    listed = client.get(reverse("drafts:list")).content.decode()
    assert reverse("drafts:continue", args=[draft.pk]) in listed

    resumed = client.get(reverse("drafts:continue", args=[draft.pk]))
    assert resumed.status_code == 302
    assert resumed["Location"] == step(*next_step, address)
    # Another person cannot continue it.
    assert (
        signed_in_other(address).get(reverse("drafts:continue", args=[draft.pk])).status_code == 404
    )


def signed_in_other(address):
    from tests.factories import UserFactory

    return signed_in(UserFactory(email="other@example.org"))


def test_save_on_the_missed_bin_question_keeps_it_for_later(client, citizen, address):
    saved = client.post(url("missed_bin", address), {"stream": "recycling", "action": "save"})
    assert saved["Location"] == reverse("drafts:list")
    draft = Draft.objects.get(user=citizen)
    assert draft.answers["steps"]["bin"] == {"stream": ["recycling"]}
    assert client.get(reverse("drafts:continue", args=[draft.pk]))["Location"] == url(
        "missed_check", address
    )


@pytest.mark.parametrize(
    ("later", "first"),
    [
        (("containers", "details"), "containers_choose"),
        (("assisted", "bins"), "assisted_about"),
    ],
)
def test_jumping_ahead_by_url_lands_on_the_first_question(client, address, later, first):
    assert client.get(step(*later, address))["Location"] == url(first, address)
    assert client.post(step(*later, address), {"where": "x"})["Location"] == url(first, address)
    feature = later[0]
    assert client.get(url(f"{feature}_check", address))["Location"] == url(first, address)
    assert client.post(url(f"{feature}_check", address), {"version": "x"})["Location"] == url(
        first, address
    )
    assert not Case.objects.exists()


def test_a_step_posted_twice_keeps_one_draft_with_the_last_answer(client, citizen, address):
    client.post(url("containers_choose", address), {"container": "recycling-box"})
    again = client.post(url("containers_choose", address), {"container": "food-caddy"})
    assert again.status_code == 400  # no food collections here: not offered
    client.post(url("containers_choose", address), {"container": "rubbish-bin-240"})
    draft = Draft.objects.get(user=citizen)
    assert draft.answers["steps"]["container"] == {"container": ["rubbish-bin-240"]}


def test_a_sent_draft_cannot_be_sent_again_or_continued(client, citizen, address):
    client.post(url("assisted_about", address), ABOUT)
    client.post(step("assisted", "household", address), {"can_help": "no"})
    client.post(step("assisted", "bins", address), {"where": "By the gate"})
    draft = Draft.objects.get(user=citizen)
    version = _version(client.get(url("assisted_check", address)))
    sent = client.post(url("assisted_check", address), {"version": version})
    assert sent.status_code == 302

    elsewhere = signed_in(citizen)  # another tab or device, without this session's memory
    again = elsewhere.post(url("assisted_check", address), {"version": version})
    assert again.status_code == 302 and again["Location"] == url("assisted_about", address)
    assert client.get(reverse("drafts:continue", args=[draft.pk])).status_code == 404
    assert Case.objects.count() == 1


def test_another_persons_answers_are_never_theirs(client, citizen, address):
    client.post(url("missed_bin", address), {"stream": "recycling"})
    other = signed_in_other(address)
    assert other.get(url("missed_check", address))["Location"] == url("missed_bin", address)
    assert other.post(url("missed_check", address), {"version": "x"}).status_code == 302
    assert not Case.objects.exists()


def test_answers_for_one_address_are_not_carried_to_another(client, citizen, address):
    client.post(url("assisted_about", address), {**ABOUT, "who": "someone_else", "name": "Pat"})
    other = home(Stream.REFUSE, line1="3 Mill Lane")

    page = client.get(url("assisted_about", other))

    assert page.status_code == 200 and "Pat" not in page.content.decode()
    assert client.get(url("assisted_check", other))["Location"] == url("assisted_about", other)


def test_bad_input_is_a_400_never_a_500(client, address):
    assert client.post(url("missed_bin", address), {"stream": "x" * 5000}).status_code == 400
    assert client.post(url("assisted_about", address), {"who": ["me", "x"]}).status_code == 400
    assert client.get(step("containers", "not-a-step", address)).status_code == 404
    assert client.get("/waste/bins/999999999/").status_code == 404

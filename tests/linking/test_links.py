"""Linking with proof, as any sensitive service uses it: counted tries, a lock that ends."""

import pytest

from linking import actions
from linking.models import ServiceLink
from linking.selectors import service_link_locked_until, service_links_list

pytestmark = pytest.mark.django_db


def attempt(user, proven=False, service="rent"):
    return actions.service_link_attempt(user=user, service=service, account_ref="R1", proven=proven)


def test_wrong_tries_count_down_and_the_fourth_locks(citizen):
    assert [attempt(citizen).tries_left for _ in range(3)] == [3, 2, 1]

    locked = attempt(citizen)

    assert locked.locked_until is not None
    assert service_link_locked_until(user=citizen, service="rent") == locked.locked_until
    assert not attempt(citizen, proven=True).linked, "no link while locked, however right"


def test_the_lock_runs_out_and_the_count_starts_afresh(citizen, clock):
    for _ in range(4):
        attempt(citizen)
    clock.advance(hours=actions.LOCK_HOURS, minutes=1)

    assert service_link_locked_until(user=citizen, service="rent") is None
    assert attempt(citizen).tries_left == 3


def test_a_lock_on_one_service_leaves_others_alone(citizen):
    for _ in range(4):
        attempt(citizen)

    assert attempt(citizen, proven=True, service="council-tax").linked
    assert [link.service for link in service_links_list(user=citizen)] == ["council-tax"]


def test_the_right_details_clear_the_count(citizen):
    attempt(citizen)
    attempt(citizen)
    assert attempt(citizen, proven=True).linked
    assert actions.service_link_remove(user=citizen, service="rent")
    assert attempt(citizen).tries_left == 3


def test_two_people_proving_one_account_at_once_link_it_to_one_of_them(
    citizen, another_citizen, monkeypatch
):
    """The check for someone else's link locks no row when there is none yet, so two people
    proving the same account at the same moment both pass it. The database then refuses
    the second link, and the second person is told the account is linked elsewhere."""
    assert attempt(another_citizen, proven=True).linked  # first, a moment before
    # As the second request saw it: its check ran before the first link was written.
    monkeypatch.setattr(ServiceLink.objects, "select_for_update", ServiceLink.objects.none)
    second = attempt(citizen, proven=True)
    assert second.taken and not second.linked
    assert [link.user for link in ServiceLink.objects.filter(account_ref="R1")] == [
        another_citizen
    ]
    assert service_links_list(user=citizen) == []

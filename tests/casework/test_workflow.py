"""The transition table, checked move by move: every (from, to, actor) triple."""

import itertools

import pytest

from casework import workflow
from casework.workflow import Actor, Status

S, A = Status, Actor

# What the council promises, written out independently of the table.
RESIDENT_MAY = {
    (S.AWAITING_PAYMENT, S.WITHDRAWN),  # give up before paying
    (S.SUBMITTED, S.WITHDRAWN),
    (S.SENDING, S.WITHDRAWN),
    (S.SEND_FAILED, S.WITHDRAWN),
    (S.RECEIVED, S.WITHDRAWN),
    (S.IN_PROGRESS, S.WITHDRAWN),
    (S.AWAITING_CUSTOMER, S.WITHDRAWN),
    (S.RESOLVED, S.IN_PROGRESS),  # reopen, within the period (checked by the action)
}
SYSTEM_ONLY_TARGETS = {S.SENDING, S.SEND_FAILED}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
def test_resident_moves_are_exactly_withdraw_and_reopen(current, target):
    assert workflow.allowed(current, target, A.RESIDENT) == ((current, target) in RESIDENT_MAY)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
def test_delivery_states_are_set_only_by_the_system(current, target):
    if target in SYSTEM_ONLY_TARGETS and not (current == S.SEND_FAILED and target == S.SENDING):
        assert not workflow.allowed(current, target, A.STAFF)
        assert not workflow.allowed(current, target, A.RESIDENT)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("actor", list(Actor))
def test_no_status_moves_to_itself(status, actor):
    assert not workflow.allowed(status, status, actor)


@pytest.mark.parametrize("actor", list(Actor))
@pytest.mark.parametrize("target", list(Status))
def test_withdrawn_is_final(actor, target):
    assert not workflow.allowed(S.WITHDRAWN, target, actor)


@pytest.mark.parametrize("finished", [S.CLOSED, S.REJECTED, S.DUPLICATE])
def test_only_staff_reopen_cases_closed_without_being_done(finished):
    assert workflow.allowed(finished, S.IN_PROGRESS, A.STAFF)
    assert not workflow.allowed(finished, S.IN_PROGRESS, A.RESIDENT)


@pytest.mark.parametrize("finished", sorted(workflow.FINISHED))
@pytest.mark.parametrize("target", sorted(workflow.FINISHED))
def test_a_finished_case_never_jumps_to_another_outcome(finished, target):
    for actor in Actor:
        assert not workflow.allowed(finished, target, actor)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status, Status)))
@pytest.mark.parametrize("actor", [A.STAFF, A.RESIDENT])
def test_only_the_provider_s_confirmation_makes_a_request_paid(current, target, actor):
    """Out of "waiting for payment" a person may only withdraw: paying is the system's move."""
    if current == S.AWAITING_PAYMENT and target != S.WITHDRAWN:
        assert not workflow.allowed(current, target, actor)
    if target == S.AWAITING_PAYMENT:
        for anyone in Actor:
            assert not workflow.allowed(current, target, anyone)


def test_a_paid_request_goes_ahead_as_submitted():
    assert workflow.targets(S.AWAITING_PAYMENT, A.SYSTEM) == [S.SUBMITTED, S.WITHDRAWN]


def test_unpaid_requests_are_open_but_not_work():
    assert S.AWAITING_PAYMENT in workflow.OPEN
    assert S.AWAITING_PAYMENT not in workflow.WORK
    assert workflow.OPEN - {S.AWAITING_PAYMENT} == workflow.WORK


@pytest.mark.parametrize("current", sorted(workflow.WORK - {S.SENDING}))
def test_staff_can_finish_any_open_case_with_each_outcome(current):
    for outcome in (S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE, S.WITHDRAWN):
        if current == S.AWAITING_CUSTOMER or current != S.SENDING:
            assert workflow.allowed(current, outcome, A.STAFF), (current, outcome)


def test_refusal_names_both_statuses_in_plain_words():
    with pytest.raises(
        workflow.TransitionRefused, match="‘Withdrawn’ cannot be changed to ‘In progress’"
    ):
        workflow.check(S.WITHDRAWN, S.IN_PROGRESS, A.STAFF)


def test_every_status_is_open_or_finished():
    assert set(Status) == workflow.OPEN | workflow.FINISHED
    assert not workflow.OPEN & workflow.FINISHED


def test_references_are_read_back_however_they_are_typed():
    from casework.references import ALPHABET, new_reference, normalise_reference

    reference = new_reference()
    assert set(reference.replace("-", "")) <= set(ALPHABET)
    assert normalise_reference(reference.lower().replace("-", " ")) == reference
    assert normalise_reference("K7P3-9XQU") == "K7P3-9XQV"
    assert normalise_reference("K7P3-9XQ0") == ""  # 0 is never in a reference
    assert normalise_reference("short") == ""

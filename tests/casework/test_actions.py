"""C1-C7, C9, C11: the one way to change a case, seen from what people notice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from casework import actions
from casework.models import Case, CaseEvent, Follower
from casework.workflow import Status, TransitionRefused
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(request_type, citizen):
    return actions.case_submit(
        request_type=request_type,
        resident=citizen,
        answers={"where": "park"},
        summary="Bench broken",
    )


def deliver_all():
    """What the worker does after commit (tests never run Celery eagerly)."""
    return outbox_sweep()


def public_timeline(case):
    return list(case.events.filter(public=True).values_list("kind", "status_after"))


def test_submit_gives_a_reference_a_target_date_and_tells_the_resident(case, citizen, freezer=None):
    assert len(case.reference) == 9 and case.reference[4] == "-"
    assert case.status == Status.SUBMITTED
    assert case.due_date is not None and case.due_date > timezone.localdate()
    assert public_timeline(case) == [("submitted", "submitted")]

    deliver_all()
    to_resident = [m for m in mail.outbox if m.to == [citizen.email]]
    assert len(to_resident) == 1
    assert case.reference in to_resident[0].body
    assert "We aim to finish it by" in to_resident[0].body
    # The team's shared inbox hears of the new case too.
    assert any(m.to == [case.team.email] for m in mail.outbox)
    # And the resident's timeline says we e-mailed them.
    sent = case.events.get(kind=CaseEvent.Kind.MESSAGE_SENT, public=True)
    assert sent.data["channel"] == "email"


def test_delivering_twice_sends_once(case):
    messages = list(Message.objects.all())
    from integrations.outbox.worker import message_deliver

    for message in messages:
        message_deliver(message_id=message.pk)
        message_deliver(message_id=message.pk)
    assert len(mail.outbox) == len(messages)


def test_staff_status_change_is_on_the_timeline_and_sent(case, agent, citizen):
    actions.case_acknowledge(case=case, actor=agent)
    actions.case_change_status(
        case=case, status=Status.IN_PROGRESS, actor=agent, message="Crew booked"
    )
    deliver_all()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    event = case.events.filter(kind="status").last()
    assert (event.actor, event.status_before, event.status_after) == (
        agent,
        "received",
        "in_progress",
    )
    assert any("Crew booked" in m.body for m in mail.outbox if m.to == [citizen.email])


def test_forbidden_move_is_refused_with_a_clear_message(case, agent):
    actions.case_withdraw(case=case, actor=case.resident)
    with pytest.raises(TransitionRefused, match="cannot be changed"):
        actions.case_change_status(case=case, status=Status.IN_PROGRESS, actor=agent)
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN


def test_residents_cannot_set_statuses(case, citizen):
    with pytest.raises(TransitionRefused):
        actions.case_change_status(case=case, status=Status.IN_PROGRESS, actor=citizen)


def test_closing_needs_a_reason_and_is_not_called_done(case, agent):
    with pytest.raises(ValueError):
        actions.case_close(case=case, actor=agent, reason="  ")
    actions.case_close(case=case, actor=agent, reason="The bench belongs to the parish council")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.get_status_display() == "Closed"
    assert case.outcome_reason == "The bench belongs to the parish council"


def test_asking_the_resident_stops_the_clock_and_their_reply_restarts_it(case, agent, citizen):
    due = case.due_date
    actions.case_request_information(case=case, actor=agent, message="Which bench?")
    case.refresh_from_db()
    assert case.clock_stopped_on == timezone.localdate()
    # Pretend three working days pass while waiting.
    Case.objects.filter(pk=case.pk).update(clock_stopped_on=datetime.date(2026, 3, 9))
    with _today(datetime.date(2026, 3, 12)):
        actions.case_reply(case=case, actor=citizen, message="The one by the pond")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.clock_stopped_on is None
    assert case.due_date > due


class _today:
    def __init__(self, day):
        self.day = day

    def __enter__(self):
        self.original = actions._today
        actions._today = lambda: self.day

    def __exit__(self, *exc):
        actions._today = self.original


def test_resident_reopens_a_done_request_within_the_period(case, agent, citizen):
    actions.case_resolve(case=case, actor=agent, message="Repaired")
    actions.case_reopen(case=case, actor=citizen, message="It is broken again")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.finished_at is None


def test_resident_cannot_reopen_after_the_period(case, agent, citizen):
    actions.case_resolve(case=case, actor=agent, message="Repaired")
    Case.objects.filter(pk=case.pk).update(finished_at=timezone.now() - datetime.timedelta(days=21))
    case.refresh_from_db()
    with pytest.raises(TransitionRefused, match="no longer be reopened"):
        actions.case_reopen(case=case, actor=citizen, message="Again")


def test_another_resident_cannot_reopen_my_case(case, agent, another_citizen):
    actions.case_resolve(case=case, actor=agent, message="Repaired")
    with pytest.raises(TransitionRefused):
        actions.case_reopen(case=case, actor=another_citizen, message="!")


def test_duplicate_moves_followers_to_the_original(request_type, citizen, another_citizen, agent):
    original = actions.case_submit(
        request_type=request_type, resident=another_citizen, answers={}, summary="A"
    )
    copy = actions.case_submit(request_type=request_type, resident=citizen, answers={}, summary="B")
    third = UserFactory()
    actions.case_follow(case=copy, user=third)
    actions.case_mark_duplicate(case=copy, original=original, actor=agent)
    copy.refresh_from_db()
    assert copy.status == Status.DUPLICATE
    assert original.reference in copy.outcome_reason
    assert set(Follower.objects.filter(case=original).values_list("user", flat=True)) == {
        citizen.pk,
        third.pk,
    }


def test_followers_hear_of_status_changes(case, agent):
    follower = UserFactory(email="neighbour@example.org")
    actions.case_follow(case=case, user=follower)
    deliver_all()
    mail.outbox.clear()
    actions.case_resolve(case=case, actor=agent, message="Repaired")
    deliver_all()
    assert any(m.to == ["neighbour@example.org"] for m in mail.outbox)


def test_followers_get_the_status_but_not_words_written_to_the_resident(case, agent, citizen):
    from casework.selectors import case_public_timeline

    follower = UserFactory(email="neighbour@example.org")
    actions.case_follow(case=case, user=follower)
    actions.case_acknowledge(case=case, actor=agent)
    deliver_all()
    mail.outbox.clear()
    actions.case_request_information(
        case=case, actor=agent, message="Sam, which side of the road is it on?"
    )
    actions.case_change_status(
        case=case, status=Status.IN_PROGRESS, actor=agent, message="Thanks Sam, booked for Friday."
    )
    deliver_all()

    to_follower = [m for m in mail.outbox if m.to == ["neighbour@example.org"]]
    assert len(to_follower) == 1  # told it is in progress; not asked the resident's question
    assert "Sam" not in to_follower[0].body
    to_resident = [m for m in mail.outbox if m.to == [citizen.email]]
    assert any("which side of the road" in m.body for m in to_resident)
    follower_view = case_public_timeline(case=case, for_owner=False)
    assert all("Sam" not in entry.message for entry in follower_view)
    assert any("Sam" in entry.message for entry in case_public_timeline(case=case))


def test_preferences_are_respected(case, agent, citizen):
    citizen.notify_case_updates = False
    citizen.save()
    deliver_all()
    mail.outbox.clear()
    actions.case_acknowledge(case=case, actor=agent)
    deliver_all()
    assert not [m for m in mail.outbox if m.to == [citizen.email]]
    # The outcome is always told.
    actions.case_resolve(case=case, actor=agent, message="Repaired")
    deliver_all()
    assert [m for m in mail.outbox if m.to == [citizen.email]]


def test_text_message_residents_get_texts(request_type, citizen):
    from integrations.notify import sms

    citizen.preferred_channel = "sms"
    citizen.phone = "+447911123456"
    citizen.save()
    case = actions.case_submit(request_type=request_type, resident=citizen, answers={}, summary="x")
    deliver_all()
    assert [t for t in sms.outbox if t.to == "+447911123456" and case.reference in t.body]


def test_case_for_someone_without_an_account_uses_their_contact_details(request_type, councillor):
    case = actions.case_submit(
        request_type=request_type,
        answers={},
        summary="Raised at surgery",
        contact_name="Pat Jones",
        contact_email="pat@example.org",
        channel="councillor",
        actor=councillor,
    )
    deliver_all()
    assert case.created_by == councillor
    assert any(m.to == ["pat@example.org"] for m in mail.outbox)


def test_internal_notes_are_never_public(case, agent):
    actions.case_add_note(case=case, actor=agent, message="Resident is known to us")
    assert not case.events.filter(kind="note", public=True).exists()


def test_overdue_cases_escalate_once_per_level(case):
    team = case.team
    team.lead = UserFactory(email="lead@millbrook.example", is_staff=True)
    team.manager = UserFactory(email="manager@millbrook.example", is_staff=True)
    team.save()
    late = case.due_date + datetime.timedelta(days=1)
    assert actions.cases_escalate_overdue(today=late) == 1
    assert actions.cases_escalate_overdue(today=late) == 0
    case.refresh_from_db()
    assert case.escalation_level == 1 and case.overdue
    much_later = case.due_date + datetime.timedelta(days=14)
    assert actions.cases_escalate_overdue(today=much_later) == 1
    deliver_all()
    assert {"lead@millbrook.example", "manager@millbrook.example"} <= {m.to[0] for m in mail.outbox}
    assert case.events.filter(kind="escalated").count() == 2


def test_stopped_clock_cases_do_not_escalate(case, agent):
    actions.case_request_information(case=case, actor=agent, message="?")
    assert actions.cases_escalate_overdue(today=case.due_date + datetime.timedelta(days=30)) == 0


def test_rating_when_finished(case, agent, citizen):
    with pytest.raises(TransitionRefused):
        actions.case_rate(case=case, user=citizen, rating=5)
    actions.case_resolve(case=case, actor=agent, message="Done")
    actions.case_rate(case=case, user=citizen, rating=4, comment="Quick")
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == (4, "Quick")


def test_timeline_events_cannot_be_rewritten(case):
    event = case.events.first()
    event.message = "changed"
    with pytest.raises(ValueError):
        event.save()


def test_acting_for_is_recorded(request_type, citizen, agent):
    case = actions.case_submit(
        request_type=request_type,
        resident=citizen,
        answers={},
        summary="By phone",
        channel="phone",
        actor=agent,
        acting_for=citizen,
    )
    event = case.events.get(kind="submitted")
    assert (event.actor, event.acting_for, event.channel) == (agent, citizen, "phone")
    assert case.created_by == agent


def test_team_routing_comes_from_the_request_type(citizen):
    team = TeamFactory(slug="parks")
    request_type = RequestTypeFactory(team=team)
    case = actions.case_submit(request_type=request_type, resident=citizen, answers={}, summary="x")
    assert case.team == team

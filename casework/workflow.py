"""The case workflow: every status, and who may move a case from one to another.

An explicit table, tested exhaustively (tests/casework/test_workflow.py). Request
types add their own citizen-facing wording; they never add transitions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # System only: a request with a fee, made but not yet paid for. Nothing is done until
    # the payment provider confirms payment (never on the resident's word or a redirect).
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
    SUBMITTED = "submitted", _("Submitted")
    SENDING = "sending", _("Sending")  # system only: on its way to the back office
    SEND_FAILED = "send_failed", _("Not yet sent")  # system only: delivery needs attention
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CUSTOMER = "awaiting_customer", _("Waiting for your reply")
    RESOLVED = "resolved", _("Done")
    CLOSED = "closed", _("Closed")  # finished without being done, always with a reason
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not accepted")
    DUPLICATE = "duplicate", _("Already reported")


# The labels above speak to the resident ("Waiting for your reply"); these speak to anyone
# (public report pages, the Open311 server): standard words, never a member of staff's text.
PUBLIC_LABELS = {
    Status.SUBMITTED: _("Reported"),
    Status.SENDING: _("Reported"),
    Status.SEND_FAILED: _("Reported"),
    Status.RECEIVED: _("Received"),
    Status.IN_PROGRESS: _("In progress"),
    Status.AWAITING_CUSTOMER: _("Waiting for information"),
    Status.RESOLVED: _("Fixed"),
    Status.CLOSED: _("Closed"),
    Status.REJECTED: _("Not accepted"),
    Status.DUPLICATE: _("Already reported"),
}


class Actor(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("System")


S, A = Status, Actor

OPEN = frozenset(
    {
        S.AWAITING_PAYMENT,
        S.SUBMITTED,
        S.SENDING,
        S.SEND_FAILED,
        S.RECEIVED,
        S.IN_PROGRESS,
        S.AWAITING_CUSTOMER,
    }
)
# Open cases the council has work to do on (queues, escalation): not those still unpaid.
WORK = OPEN - {S.AWAITING_PAYMENT}
FINISHED = frozenset({S.RESOLVED, S.CLOSED, S.WITHDRAWN, S.REJECTED, S.DUPLICATE})
# Statuses a finished case can be reopened from, and by whom (residents only
# within the request type's reopening period, checked by the action).
REOPENABLE = {
    S.RESOLVED: {A.RESIDENT, A.STAFF},
    S.CLOSED: {A.STAFF},
    S.REJECTED: {A.STAFF},
    S.DUPLICATE: {A.STAFF},
}

_WORK = {S.RECEIVED, S.IN_PROGRESS, S.AWAITING_CUSTOMER}
_OUTCOMES = {S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE}

# TRANSITIONS[from][to] = who may make that move.
TRANSITIONS: dict[Status, dict[Status, frozenset[Actor]]] = {
    S.AWAITING_PAYMENT: {
        # Only the provider's confirmation (the system) makes a request paid.
        S.SUBMITTED: frozenset({A.SYSTEM}),
        # Not paid in time (system), or given up on.
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF, A.SYSTEM}),
    },
    S.SUBMITTED: {
        S.SENDING: frozenset({A.SYSTEM}),
        S.RECEIVED: frozenset({A.STAFF, A.SYSTEM}),
        S.IN_PROGRESS: frozenset({A.STAFF}),
        S.AWAITING_CUSTOMER: frozenset({A.STAFF}),
        **{to: frozenset({A.STAFF}) for to in _OUTCOMES},
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF}),
    },
    S.SENDING: {
        S.RECEIVED: frozenset({A.SYSTEM}),
        S.SEND_FAILED: frozenset({A.SYSTEM}),
        S.IN_PROGRESS: frozenset({A.SYSTEM}),
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF}),
    },
    S.SEND_FAILED: {
        S.SENDING: frozenset({A.SYSTEM, A.STAFF}),
        S.RECEIVED: frozenset({A.STAFF, A.SYSTEM}),
        S.IN_PROGRESS: frozenset({A.STAFF}),
        **{to: frozenset({A.STAFF}) for to in _OUTCOMES},
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF}),
    },
    S.RECEIVED: {
        S.IN_PROGRESS: frozenset({A.STAFF, A.SYSTEM}),
        S.AWAITING_CUSTOMER: frozenset({A.STAFF, A.SYSTEM}),
        **{to: frozenset({A.STAFF, A.SYSTEM}) for to in _OUTCOMES},
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF}),
    },
    S.IN_PROGRESS: {
        S.RECEIVED: frozenset({A.STAFF}),
        S.AWAITING_CUSTOMER: frozenset({A.STAFF, A.SYSTEM}),
        **{to: frozenset({A.STAFF, A.SYSTEM}) for to in _OUTCOMES},
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF}),
    },
    S.AWAITING_CUSTOMER: {
        # The resident's reply starts the clock again (made by the system on their behalf).
        S.IN_PROGRESS: frozenset({A.STAFF, A.SYSTEM}),
        S.RECEIVED: frozenset({A.STAFF}),
        **{to: frozenset({A.STAFF, A.SYSTEM}) for to in _OUTCOMES},
        S.WITHDRAWN: frozenset({A.RESIDENT, A.STAFF}),
    },
    **{
        finished: {S.IN_PROGRESS: frozenset(REOPENABLE.get(finished, set()))}
        for finished in FINISHED
        if finished in REOPENABLE
    },
    S.WITHDRAWN: {},
}


class TransitionRefused(Exception):
    """A move the workflow does not allow; the message is shown to the person who tried."""


def allowed(current: str, target: str, actor: str) -> bool:
    return actor in TRANSITIONS.get(Status(current), {}).get(Status(target), frozenset())


def check(current: str, target: str, actor: str) -> None:
    if not allowed(current, target, actor):
        raise TransitionRefused(
            _("A request that is ‘%(current)s’ cannot be changed to ‘%(target)s’.")
            % {"current": Status(current).label, "target": Status(target).label}
        )


def targets(current: str, actor: str) -> list[Status]:
    """Statuses ``actor`` may move a case to from ``current``, in workflow order."""
    moves = TRANSITIONS.get(Status(current), {})
    return [status for status in Status if actor in moves.get(status, frozenset())]


def is_open(status: str) -> bool:
    return Status(status) in OPEN

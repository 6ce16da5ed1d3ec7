"""Reads for the resident's side of casework: lists, the case page, the timeline.

Access is decided in casework.access; these functions take a user or a case
that has already been through it. Each list costs a fixed number of queries,
however many cases there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from casework import complaints, workflow
from casework.models import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Complaint,
    ComplaintStage,
    Follower,
)
from casework.references import normalise_reference
from casework.workflow import Status
from core import clock

Kind = CaseEvent.Kind

OPEN_STATE = "open"
CLOSED_STATE = "closed"
STATES = (OPEN_STATE, CLOSED_STATE)

# A colour per status (GOV.UK tag modifiers); in progress keeps the default blue.
TAG_CLASSES = {
    Status.SUBMITTED: "govuk-tag--grey",
    Status.SENDING: "govuk-tag--grey",
    Status.SEND_FAILED: "govuk-tag--grey",
    Status.RECEIVED: "govuk-tag--turquoise",
    Status.IN_PROGRESS: "",
    Status.AWAITING_CUSTOMER: "govuk-tag--yellow",
    Status.RESOLVED: "govuk-tag--green",
    Status.CLOSED: "govuk-tag--grey",
    Status.WITHDRAWN: "govuk-tag--grey",
    Status.REJECTED: "govuk-tag--orange",
    Status.DUPLICATE: "govuk-tag--purple",
}

# Timeline events a resident never sees, whatever their ``public`` flag says.
_NEVER_SHOWN = {
    Kind.NOTE,
    Kind.ASSIGNED,
    Kind.ESCALATED,
    Kind.FOLLOWED,
    Kind.RATED,
    Kind.APPOINTMENT,  # the resident is shown the day itself, and told of it by the service
}
# Integration states: how the case reaches the back office is not news to a resident.
_QUIET_STATUSES = {Status.SENDING, Status.SEND_FAILED}


def _today() -> datetime.date:
    return clock.today()


def is_late(case: Case, *, today: datetime.date | None = None) -> bool:
    """Open and past its target date (the clock does not run while we wait for the resident)."""
    if case.status not in workflow.OPEN:
        return False
    if case.overdue:
        return True
    if case.clock_stopped_on is not None or case.due_date is None:
        return False
    return case.due_date < (today or _today())


@dataclass(frozen=True)
class CaseRow:
    """A case as a line of a list: what the template needs, worked out once."""

    case: Case
    late: bool
    following: bool = False  # someone else's report the resident follows

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES.get(self.case.status, "")

    @property
    def status_label(self) -> str:
        """The resident's wording for their own request; the public wording for one followed."""
        if self.following:
            return str(workflow.PUBLIC_LABELS.get(self.case.status, self.case.get_status_display()))
        if self.case.status == Status.SUBMITTED and self.case.fee_pence:
            return gettext("Paid")  # a request with a fee is submitted only once it is paid for
        return self.case.get_status_display()

    @property
    def is_open(self) -> bool:
        return self.case.status in workflow.OPEN

    @property
    def waiting_for_resident(self) -> bool:
        return self.case.status == Status.AWAITING_CUSTOMER and not self.following


def case_rows(cases, *, today: datetime.date | None = None, user=None) -> list[CaseRow]:
    """Rows of a list; with ``user``, the cases they follow rather than own are marked so."""
    today = today or _today()
    return [
        CaseRow(
            case=case,
            late=is_late(case, today=today),
            following=user is not None and case.resident_id != user.pk,
        )
        for case in cases
    ]


def _mine_or_followed(user) -> Q:
    """The resident's own requests, and reports of others they follow (as access allows).

    The few followed ids are read first (one indexed query), so that for most
    residents, who follow nothing, the list is the plain "their own" query along
    its index, not an OR the database cannot use an index for.
    """
    followed = list(
        Follower.objects.filter(user=user, case__request_type__followable=True).values_list(
            "case_id", flat=True
        )
    )
    mine = Q(resident=user)
    return mine | Q(pk__in=followed) if followed else mine


def _residents_cases(user) -> QuerySet[Case]:
    return (
        Case.objects.filter(_mine_or_followed(user))
        .select_related("request_type")
        .order_by("-created_at", "-id")
    )


def case_list_for_resident(*, user, state: str = OPEN_STATE, query: str = "") -> QuerySet[Case]:
    """The resident's own requests and those they follow, newest first: open or finished ones.

    With a ``query`` the list is the one case with that reference (however it was
    typed: lower case, spaces, no dash), open or finished, or nothing.
    """
    cases = _residents_cases(user)
    if query:
        reference = normalise_reference(query)
        if not reference:
            return cases.none()
        return cases.filter(reference=reference)
    statuses = workflow.FINISHED if state == CLOSED_STATE else workflow.OPEN
    return cases.filter(status__in=statuses)


def recent_cases_for_resident(*, user, limit: int = 5) -> list[CaseRow]:
    """The resident's latest requests (and reports they follow) for their home page (one query)."""
    return case_rows(_residents_cases(user)[:limit], user=user)


def case_counts_for_resident(*, user) -> dict[str, int]:
    """How many open and finished requests the resident has or follows (one query)."""
    counts = Case.objects.filter(_mine_or_followed(user)).aggregate(
        open=Count("pk", filter=Q(status__in=workflow.OPEN)),
        closed=Count("pk", filter=Q(status__in=workflow.FINISHED)),
    )
    return {OPEN_STATE: counts["open"], CLOSED_STATE: counts["closed"]}


# --- The case page ---------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the resident's timeline, in plain words (chosen by the template)."""

    event: CaseEvent
    what: str  # a key the template turns into words, e.g. "reply_from_you"
    attachments: list[Attachment] = field(default_factory=list)
    # Staff write status messages to the person who asked ("Priyanka, which side of the
    # road?"): followers see that the status changed, not the words.
    for_owner: bool = True

    @property
    def when(self) -> datetime.datetime:
        return self.event.created_at

    @property
    def message(self) -> str:
        return self.event.message if self.for_owner else ""

    @property
    def done_for_you(self) -> str:
        """ "Done for you by our contact centre by phone": an agent acted for the person
        whose request it is (never shown to followers)."""
        event = self.event
        if not self.for_owner or not event.acting_for_id:
            return ""
        if event.acting_for_id != event.case.resident_id:
            return ""
        if event.channel == Channel.PHONE:
            return gettext("Done for you by our contact centre by phone")
        if event.channel == Channel.FACE_TO_FACE:
            return gettext("Done for you by our contact centre, face to face")
        return gettext("Done for you by our contact centre")


def _what(event: CaseEvent) -> str | None:
    """Which plain-words line an event becomes, or None when a resident does not see it."""
    if not event.public or event.kind in _NEVER_SHOWN:
        return None
    if event.kind == Kind.SUBMITTED:
        return "submitted"
    if event.kind == Kind.STATUS:
        status = event.status_after
        if status in _QUIET_STATUSES:
            return None
        if status == Status.IN_PROGRESS and event.data.get("reopened"):
            return "reopened"
        if event.data.get("complaint_stage"):
            if status == Status.IN_PROGRESS:
                return "complaint_escalated"
            if status == Status.RESOLVED:
                return "complaint_final" if event.data.get("final") else "complaint_answered"
        if status == Status.IN_PROGRESS and event.data.get("reason") == "customer replied":
            return "restarted"
        if status in Status.values:
            return f"status_{status}"
        return None
    if event.kind == Kind.REPLY:
        return "reply_from_you" if event.data.get("from") == "resident" else "reply_from_us"
    if event.kind == Kind.MESSAGE_SENT:
        return "sent_sms" if event.data.get("channel") == "sms" else "sent_email"
    if event.kind == Kind.DUPLICATE:
        return None
    if event.kind == Kind.COMPLAINT_STAGE:
        return "complaint_stage"
    if event.kind == Kind.DELIVERY:
        return "update" if event.message else None
    return None


def case_public_attachments(*, case: Case) -> list[Attachment]:
    """The photos and documents the resident may see and download (one query)."""
    return list(case.attachments.filter(public=True).order_by("created_at", "id"))


# What a follower (not the person who made the request) sees: the progress, as
# notifications tell them, but not the conversation with the resident.
_FOR_FOLLOWERS = {"submitted", "reopened", "restarted", "update"}


def case_public_timeline(
    *, case: Case, attachments: list[Attachment] | None = None, for_owner: bool = True
):
    """The resident's timeline, oldest first: never internal notes, assignments or escalations.

    With ``for_owner=False`` (a follower looking), only the progress: status
    changes and their messages, which followers are sent anyway; not the replies,
    the messages we sent the resident, or their files.
    Two queries (events, and public attachments unless given), however long it is.
    """
    if not for_owner:
        attachments = []
    elif attachments is None:
        attachments = case_public_attachments(case=case)
    by_event: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.event_id is not None:
            by_event.setdefault(attachment.event_id, []).append(attachment)
    events = (
        case.events.filter(public=True).exclude(kind__in=_NEVER_SHOWN).order_by("created_at", "id")
    )
    entries = []
    for event in events:
        what = _what(event)
        if what is not None and not for_owner:
            what = what if what in _FOR_FOLLOWERS or what.startswith("status_") else None
        if what is not None:
            entries.append(TimelineEntry(event, what, by_event.get(event.pk, []), for_owner))
    return entries


def case_waiting_question(*, timeline: list[TimelineEntry]) -> str:
    """What we last asked the resident, when a case waits for them."""
    for entry in reversed(timeline):
        if entry.what == "status_awaiting_customer":
            return entry.message
    return ""


def case_answers(*, case: Case) -> list[tuple[str, str]]:
    """The answers given when the request was made, as (question, answer) pairs."""
    rows = []
    for key, value in (case.answers or {}).items():
        if value in (None, "", [], {}):
            continue
        question = str(key)
        if " " not in question and (question.islower() or "_" in question or "-" in question):
            # A machine key ("blue_badge"), not a one-word label an admin wrote ("MOT").
            question = question.replace("_", " ").replace("-", " ").strip()
            question = question[:1].upper() + question[1:]
        if isinstance(value, bool):
            answer = gettext("Yes") if value else gettext("No")
        elif isinstance(value, list | tuple):
            answer = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            answer = ", ".join(str(item) for item in value.values() if item not in (None, ""))
        else:
            answer = str(value)
        rows.append((question, answer))
    return rows


def attachment_get(*, case: Case, attachment_id: int) -> Attachment:
    """A public attachment of ``case`` (already through access): 404 otherwise."""
    try:
        return case.attachments.get(pk=attachment_id, public=True)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class ComplaintView:
    """A complaint and its stages, for the resident's and the staff case pages."""

    complaint: Complaint
    stage_list: list[ComplaintStage]
    ombudsman: complaints.OmbudsmanInfo

    @property
    def open_stage(self) -> ComplaintStage | None:
        return next((stage for stage in self.stage_list if stage.answered_at is None), None)

    @property
    def current(self) -> ComplaintStage | None:
        return self.stage_list[-1] if self.stage_list else None

    @property
    def final_answer(self) -> ComplaintStage | None:
        """The stage 2 answer: the council's last word, which points to the Ombudsman."""
        current = self.current
        if current and current.answered_at and current.number >= complaints.FINAL_STAGE:
            return current
        return None

    @property
    def escalation_deadline(self) -> datetime.date | None:
        current = self.current
        if current and current.answered_at and current.number < complaints.FINAL_STAGE:
            return complaints.escalation_deadline(timezone.localdate(current.answered_at))
        return None

    @property
    def may_escalate(self) -> bool:
        deadline = self.escalation_deadline
        return deadline is not None and clock.today() <= deadline

    @property
    def root_cause_label(self) -> str:
        current = self.current
        return str(complaints.ROOT_CAUSE_LABELS.get(current.root_cause, "")) if current else ""


def complaint_with_stages(*, case: Case) -> ComplaintView | None:
    """The case's complaint with its stages (two queries; one when it is not a complaint)."""
    complaint = Complaint.objects.filter(case_id=case.pk).first()
    if complaint is None:
        return None
    return ComplaintView(
        complaint=complaint,
        stage_list=list(complaint.stages.order_by("number")),
        ombudsman=complaints.ombudsman_info(complaint.ombudsman),
    )

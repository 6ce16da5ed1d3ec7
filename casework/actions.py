"""The one way to change a case (ARCHITECTURE: One way to change a case).

Every function here runs in one transaction: it checks the move against the
workflow, writes the case, appends an immutable timeline event, and writes
outbox rows for what must happen next (notifications, back-office delivery).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from accounts.home import home_snapshot_forget
from accounts.wards import ward_id_for_place
from casework import acting, attachments, complaints, delivery, notifications, sla, workflow
from casework.models import (
    Case,
    CaseEvent,
    Channel,
    Complaint,
    ComplaintStage,
    Follower,
    MemberEnquiry,
    RequestType,
)
from casework.money import format_pence
from casework.workflow import Actor, Status, TransitionRefused
from core import clock
from integrations.connectors import is_connector_kind
from integrations.outbox.actions import message_retry
from integrations.outbox.models import Message

Kind = CaseEvent.Kind


def actor_kind(case: Case, user) -> Actor:
    if user is None:
        return Actor.SYSTEM
    if user.is_staff:
        return Actor.STAFF
    return Actor.RESIDENT


def _today() -> datetime.date:
    return clock.today()


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("request_type").get(pk=case.pk)


def _event(
    case: Case,
    *,
    kind: str,
    actor=None,
    acting_for=None,
    channel: str = Channel.WEB,
    public: bool = True,
    before: str = "",
    after: str = "",
    message: str = "",
    data: dict | None = None,
    notify: bool = True,
) -> CaseEvent:
    actor, acting_for, channel = acting.recorded(
        resident_id=case.resident_id, actor=actor, acting_for=acting_for, channel=channel
    )
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        acting_for=acting_for,
        channel=channel,
        public=public,
        status_before=before,
        status_after=after,
        message=message,
        data=data or {},
    )
    if notify:
        notifications.notify_for_event(event)
    _forget_homes(case)
    return event


def _forget_homes(case: Case) -> None:
    """Every change to a case is an event: the home pages listing it are out of date."""
    followers = Follower.objects.filter(case=case).values_list("user_id", flat=True)
    home_snapshot_forget(user_ids=[case.resident_id, *followers])


def _move(
    case: Case,
    target: Status,
    *,
    actor,
    acting_for=None,
    channel=Channel.WEB,
    message: str = "",
    public: bool = True,
    data: dict | None = None,
) -> CaseEvent:
    """Change status through the workflow table, keeping the SLA clock honest."""
    before = case.status
    workflow.check(before, target, actor_kind(case, actor))
    today = _today()
    rt = case.request_type
    if before == Status.AWAITING_CUSTOMER and case.clock_stopped_on and case.due_date:
        case.due_date = sla.extend(
            due=case.due_date,
            paused_from=case.clock_stopped_on,
            paused_to=today,
            working_days=rt.sla_working_days,
        )
        case.clock_stopped_on = None
        case.overdue = case.due_date < today
    if target == Status.AWAITING_CUSTOMER and rt.clock_stops_when_awaiting_customer:
        case.clock_stopped_on = today
    case.status = target
    if target in workflow.FINISHED:
        case.finished_at = clock.now()
        case.overdue = False
    elif before in workflow.FINISHED:
        case.finished_at = None
    case.save()
    return _event(
        case,
        kind=Kind.STATUS,
        actor=actor,
        acting_for=acting_for,
        channel=channel,
        public=public,
        before=before,
        after=target,
        message=message,
        data=data,
    )


@transaction.atomic
def case_submit(
    *,
    request_type: RequestType,
    answers: dict,
    summary: str,
    resident=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    address=None,
    latitude: float | None = None,
    longitude: float | None = None,
    location_text: str = "",
    channel: str = Channel.WEB,
    actor=None,
    acting_for=None,
    fee_pence: int | None = None,
    uploads=(),
    back_office_data: dict | None = None,
    sla_days: int | None = None,
    notify: bool = True,
) -> Case:
    """A new request becomes a case with a reference, a target date and a first event.

    ``uploads`` (``casework.attachments.PreparedUpload``, already checked) are stored
    on the case with that first event, before it leaves for its back office, so
    that the back office gets them too.

    A fee (``fee_pence``, or else the request type's) makes the case wait for payment:
    nothing is sent and no one is told until the provider confirms it
    (``case_record_payment``). Services with prices of their own (bulky items,
    bins) pass the amount. ``sla_days``: a target of the request's own in working days
    instead of the request type's (a councillor's enquiry, MEMBER_ENQUIRY_RESPONSE_DAYS).
    ``notify=False``: nobody is told of it here (the caller tells them once it has added
    what decides who hears: a councillor's enquiry).

    ``back_office_data``: what the back office needs beyond the answers the resident sees
    (an account number, bank details for a mandate). It is not kept on the case: it
    travels only in the outbox message that delivers the case (``case["data"]``), so a
    request type with a connector and no fee must be given it here.
    """
    today = _today()
    # An agent sending a journey for the person they are helping: theirs, by phone.
    actor, acting_for, channel = acting.recorded(
        resident_id=getattr(resident, "pk", None),
        actor=actor or resident,
        acting_for=acting_for,
        channel=channel,
    )
    fee = request_type.fee_pence if fee_pence is None else fee_pence
    unpaid = bool(fee)
    case = Case.objects.create(
        status=Status.AWAITING_PAYMENT if unpaid else Status.SUBMITTED,
        fee_pence=fee or None,
        request_type=request_type,
        resident=resident,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        channel=channel,
        created_by=actor or resident,
        answers=answers,
        summary=summary,
        address=address,
        latitude=latitude,
        longitude=longitude,
        location_text=location_text,
        ward_id=ward_id_for_place(address=address, latitude=latitude, longitude=longitude),
        team=request_type.team,
    )
    _set_target_dates(case, start=today, days=sla_days)
    case.save(update_fields=["due_date", "statutory_due_date"])
    submitted = _event(
        case,
        kind=Kind.SUBMITTED,
        actor=actor or resident,
        acting_for=acting_for,
        channel=channel,
        after=case.status,
        data={"due_date": case.due_date.isoformat()},
        notify=notify and not unpaid,
    )
    for upload in uploads:
        attachments.attachment_add(
            case=case, event=submitted, upload=upload, uploaded_by=actor or resident
        )
    if request_type.connector and not unpaid:
        _send_to_back_office(case, channel=channel, data=back_office_data)
    return case


def _set_target_dates(case: Case, *, start: datetime.date, days: int | None = None) -> None:
    rt = case.request_type
    if days is not None:
        case.due_date = sla.add_working_days(start, days)
    else:
        case.due_date = sla.due_date(
            start=start, days=rt.sla_days, working_days=rt.sla_working_days
        )
    case.statutory_due_date = (
        sla.add_working_days(start, rt.statutory_days) if rt.statutory_days else None
    )


def _send_to_back_office(case: Case, *, channel: str, data: dict | None = None) -> None:
    """In the submitting transaction: on its way (SENDING) and an outbox message to deliver it."""
    _move(case, Status.SENDING, actor=None, channel=channel, public=False)
    problems = delivery.delivery_problems(case.request_type)
    if problems:
        error = "Connector settings are not usable: " + " ".join(problems)
        _move(
            case,
            Status.SEND_FAILED,
            actor=None,
            channel=channel,
            public=False,
            message=error,
            data={"error": error},
        )
        return
    delivery.enqueue_delivery(case=case, data=data)


@transaction.atomic
def case_change_location(
    *,
    case: Case,
    actor,
    address=None,
    latitude: float | None = None,
    longitude: float | None = None,
    location_text: str = "",
) -> Case:
    """Move a case to another place (staff correcting where a problem is): its ward is
    worked out again, and the move is on the timeline for staff. Nothing happens when
    the place is the same."""
    case = _lock(case)
    before = (case.address_id, case.latitude, case.longitude, case.location_text)
    after = (address.pk if address else None, latitude, longitude, location_text)
    if before == after:
        return case
    old_ward_id = case.ward_id
    case.address, case.latitude, case.longitude = address, latitude, longitude
    case.location_text = location_text
    case.ward_id = ward_id_for_place(address=address, latitude=latitude, longitude=longitude)
    case.save(
        update_fields=["address", "latitude", "longitude", "location_text", "ward", "updated_at"]
    )
    _event(
        case,
        kind=Kind.NOTE,
        actor=actor,
        public=False,
        message=_("Location changed to %(place)s.")
        % {"place": location_text or (address.single_line if address else _("a map point"))},
        data={"ward_before": old_ward_id, "ward_after": case.ward_id},
        notify=False,
    )
    return case


def case_wards_fill(*, batch_size: int = 500) -> int:
    """Give a ward to every case that has a place and none yet (cases made before wards
    were kept, or before boundaries were loaded). Returns how many now have one."""
    filled = 0
    last_pk = 0
    while True:
        batch = list(
            Case.objects.filter(ward__isnull=True, pk__gt=last_pk)
            .filter(Q(address__isnull=False) | Q(latitude__isnull=False, longitude__isnull=False))
            .select_related("address")
            .only(
                "pk",
                "latitude",
                "longitude",
                "address__ward",
                "address__latitude",
                "address__longitude",
            )
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return filled
        last_pk = batch[-1].pk
        for case in batch:
            ward_id = ward_id_for_place(
                address=case.address, latitude=case.latitude, longitude=case.longitude
            )
            if ward_id is not None:
                # update(), not save(): a case's updated_at is what residents see change.
                filled += Case.objects.filter(pk=case.pk, ward__isnull=True).update(ward_id=ward_id)


@transaction.atomic
def case_acknowledge(*, case: Case, actor=None, message: str = "") -> Case:
    case = _lock(case)
    _move(case, Status.RECEIVED, actor=actor, message=message)
    return case


@transaction.atomic
def case_assign(*, case: Case, actor, assignee=None, team=None) -> Case:
    case = _lock(case)
    before = {"assignee": case.assignee_id, "team": case.team_id}
    if team is not None:
        case.team = team
    case.assignee = assignee
    case.save(update_fields=["team", "assignee", "updated_at"])
    _event(
        case,
        kind=Kind.ASSIGNED,
        actor=actor,
        public=False,
        data={"before": before, "after": {"assignee": case.assignee_id, "team": case.team_id}},
    )
    return case


@transaction.atomic
def case_change_status(
    *,
    case: Case,
    status: str,
    actor,
    message: str = "",
    acting_for=None,
    channel: str = Channel.WEB,
) -> Case:
    """A status change with a public message. Outcomes have their own actions."""
    target = Status(status)
    if target in (
        Status.RESOLVED,
        Status.CLOSED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.DUPLICATE,
    ):
        raise TransitionRefused(_("Use the outcome’s own action so a reason is recorded."))
    case = _lock(case)
    _move(case, target, actor=actor, acting_for=acting_for, channel=channel, message=message)
    return case


def member_enquiry_of(case: Case) -> MemberEnquiry | None:
    """The councillor's enquiry a case is, or None for every other case."""
    try:
        return case.member_enquiry
    except MemberEnquiry.DoesNotExist:
        return None


REPLY_TO = ("member", "constituent", "officer")


@transaction.atomic
def case_reply(
    *,
    case: Case,
    actor,
    message: str,
    acting_for=None,
    channel: str = Channel.WEB,
    to: str = "",
) -> CaseEvent:
    """A public message on the case. A resident's reply restarts a stopped clock.

    On a councillor's enquiry (C11) staff say whom a reply is ``to``: "member" (the
    default: the councillor, not the public, so the constituent does not see it),
    "constituent" (only when the member chose that replies go to them directly) or
    "officer" (the member or their support officer writing to the officers).
    """
    if not message.strip():
        raise ValueError("empty reply")
    case = _lock(case)
    kind = actor_kind(case, actor)
    if kind == Actor.RESIDENT and case.status not in workflow.OPEN:
        raise TransitionRefused(
            _(
                "This request is finished, so you cannot reply to it. Reopen it or make a new request."
            )
        )
    data = {"from": kind.value}
    public = True
    enquiry = member_enquiry_of(case) if kind == Actor.STAFF else None
    if enquiry is not None:
        to = to if to in REPLY_TO else "member"
        if to == "constituent" and enquiry.reply_to != MemberEnquiry.ReplyTo.CONSTITUENT:
            raise TransitionRefused(
                _("The councillor asked for replies to go to them, not to the constituent.")
            )
        data["to"] = to
        public = to == "constituent"
    event = _event(
        case,
        kind=Kind.REPLY,
        actor=actor,
        acting_for=acting_for,
        channel=channel,
        public=public,
        message=message.strip(),
        data=data,
    )
    if kind == Actor.RESIDENT and case.status == Status.AWAITING_CUSTOMER:
        _move(
            case,
            Status.IN_PROGRESS,
            actor=None,
            acting_for=actor,
            channel=channel,
            message="",
            data={"reason": "customer replied"},
        )
    case.save(update_fields=["updated_at"])
    return event


@transaction.atomic
def case_add_note(*, case: Case, actor, message: str) -> CaseEvent:
    if not message.strip():
        raise ValueError("empty note")
    return _event(
        case, kind=Kind.NOTE, actor=actor, public=False, message=message.strip(), notify=False
    )


@transaction.atomic
def case_set_appointment(*, case: Case, on: datetime.date | None, actor) -> Case:
    """The day the council will come (None: no longer booked), noted on the timeline for staff.

    The resident sees the day on their requests instead of a target date; telling them
    of it (a confirmation with what to put out, and when) is the service's.
    """
    case = _lock(case)
    before = case.appointment_on
    if before == on:
        return case
    case.appointment_on = on
    case.save(update_fields=["appointment_on", "updated_at"])
    _event(
        case,
        kind=Kind.APPOINTMENT,
        actor=actor,
        public=False,
        notify=False,
        message=(
            _("Booked for %(day)s.") % {"day": dateformat.format(on, "l j F Y")}
            if on
            else _("No longer booked for a day.")
        ),
        data={
            "appointment_before": before.isoformat() if before else None,
            "appointment_after": on.isoformat() if on else None,
        },
    )
    return case


@transaction.atomic
def case_request_information(*, case: Case, actor, message: str) -> Case:
    """Ask the resident for something; the SLA clock stops until they answer."""
    if not message.strip():
        raise ValueError("say what is needed")
    case = _lock(case)
    _move(case, Status.AWAITING_CUSTOMER, actor=actor, message=message)
    return case


def _refuse_unanswered_complaint(case: Case) -> None:
    """A complaint stage is finished only by its answer, with a root cause and whether it
    was upheld (``case_complaint_answer``), never by a plain "done" or "close"."""
    if _open_stage(case) is not None:
        raise TransitionRefused(
            _(
                "Answer the complaint with its root cause and whether it was upheld "
                "(‘Answer the complaint’) to finish this stage."
            )
        )


@transaction.atomic
def case_resolve(*, case: Case, actor, message: str) -> Case:
    """Done: the council did what was asked."""
    case = _lock(case)
    _refuse_unanswered_complaint(case)
    _move(case, Status.RESOLVED, actor=actor, message=message)
    return case


def _finish_with_reason(case: Case, status: Status, *, actor, reason: str) -> Case:
    if not reason.strip():
        raise ValueError("a reason is required")
    case = _lock(case)
    if status == Status.CLOSED:
        _refuse_unanswered_complaint(case)
    case.outcome_reason = reason.strip()
    _move(case, status, actor=actor, message=case.outcome_reason)
    return case


@transaction.atomic
def case_close(*, case: Case, actor, reason: str) -> Case:
    """Finished without being done, always with a reason the resident can read."""
    return _finish_with_reason(case, Status.CLOSED, actor=actor, reason=reason)


@transaction.atomic
def case_reject(*, case: Case, actor, reason: str) -> Case:
    """Not accepted (out of area, not a council matter), with the reason."""
    return _finish_with_reason(case, Status.REJECTED, actor=actor, reason=reason)


def can_reopen(case: Case, user) -> bool:
    kind = actor_kind(case, user)
    if kind not in workflow.REOPENABLE.get(Status(case.status), set()):
        return False
    if kind == Actor.RESIDENT:
        if case.resident_id != user.pk or case.finished_at is None:
            return False
        if Complaint.objects.filter(case_id=case.pk).exists():
            return False  # a complaint goes on to stage 2 instead (case_complaint_escalate)
        window = datetime.timedelta(days=case.request_type.reopen_days)
        return clock.now() - case.finished_at <= window
    return True


@transaction.atomic
def case_reopen(
    *, case: Case, actor, message: str, acting_for=None, channel: str = Channel.WEB
) -> Case:
    case = _lock(case)
    if not can_reopen(case, actor):
        raise TransitionRefused(
            _("This request can no longer be reopened. Please make a new request.")
        )
    case.outcome_reason = ""
    _move(
        case,
        Status.IN_PROGRESS,
        actor=actor,
        acting_for=acting_for,
        channel=channel,
        message=message,
        data={"reopened": True},
    )
    return case


@transaction.atomic
def case_withdraw(
    *, case: Case, actor, reason: str = "", acting_for=None, channel: str = Channel.WEB
) -> Case:
    case = _lock(case)
    _move(
        case, Status.WITHDRAWN, actor=actor, acting_for=acting_for, channel=channel, message=reason
    )
    return case


@transaction.atomic
def case_mark_duplicate(*, case: Case, original: Case, actor) -> Case:
    """The same problem is already reported: followers move over to the original."""
    if original.pk == case.pk or original.duplicate_of_id == case.pk:
        raise TransitionRefused(_("A request cannot be a duplicate of itself."))
    case = _lock(case)
    case.duplicate_of = original
    case.outcome_reason = _("This was already reported as %(reference)s.") % {
        "reference": original.reference
    }
    _move(
        case,
        Status.DUPLICATE,
        actor=actor,
        message=case.outcome_reason,
        data={"original": original.reference},
    )
    movers = [case.resident_id] if case.resident_id else []
    movers += list(case.followers.values_list("user_id", flat=True))
    for user_id in movers:
        if user_id != original.resident_id:
            Follower.objects.get_or_create(case=original, user_id=user_id)
    _event(
        original,
        kind=Kind.DUPLICATE,
        actor=actor,
        public=False,
        notify=False,
        data={"duplicate": case.reference},
    )
    return case


@transaction.atomic
def case_follow(*, case: Case, user) -> bool:
    if not case.request_type.followable:
        raise TransitionRefused(_("This kind of request cannot be followed."))
    if case.resident_id == user.pk:
        return False
    _follower, created = Follower.objects.get_or_create(case=case, user=user)
    if created:
        _event(case, kind=Kind.FOLLOWED, actor=user, public=False, notify=False)
    return created


@transaction.atomic
def case_unfollow(*, case: Case, user) -> None:
    Follower.objects.filter(case=case, user=user).delete()
    home_snapshot_forget(user_ids=[user.pk])


@transaction.atomic
def case_escalate(
    *, case: Case, level: int, actor=None, reason: str = "", today: datetime.date | None = None
) -> Case:
    """Raise a case to the team lead (1) or manager (2); each level happens once."""
    case = _lock(case)
    if case.escalation_level >= level:
        return case
    case.escalation_level = level
    case.overdue = case.due_date is not None and case.due_date < (today or _today())
    case.save(update_fields=["escalation_level", "overdue", "updated_at"])
    _event(
        case, kind=Kind.ESCALATED, actor=actor, public=False, message=reason, data={"level": level}
    )
    return case


MANAGER_AFTER_WORKING_DAYS = 5


# --- Councillors' enquiries (M1-M4) ---------------------------------------------------------


@transaction.atomic
def case_submit_member_enquiry(
    *,
    request_type: RequestType,
    member,
    actor,
    answers: dict,
    summary: str,
    consent_text: str,
    resident=None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    address=None,
    constituent_address: str = "",
    reply_to: str = MemberEnquiry.ReplyTo.MEMBER,
    hear_back: str = "",
    uploads=(),
) -> Case:
    """A councillor's enquiry for a constituent (who may have no account): a case on the
    channel "councillor" with the council's reply target for members, raised by the
    member or by their support officer acting for them (both recorded), and the
    constituent's consent kept with it."""
    case = case_submit(
        request_type=request_type,
        answers=answers,
        summary=summary,
        resident=resident,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        address=address,
        location_text="" if address else constituent_address[:300],
        channel=Channel.COUNCILLOR,
        actor=actor,
        acting_for=member if member.pk != actor.pk else None,
        uploads=uploads,
        sla_days=settings.MEMBER_ENQUIRY_RESPONSE_DAYS,
        notify=False,
    )
    case.member_enquiry = MemberEnquiry.objects.create(
        case=case,
        member=member,
        raised_by=actor,
        reply_to=reply_to,
        hear_back=hear_back,
        constituent_address=constituent_address,
        consent_at=clock.now(),
        consent_text=consent_text,
    )
    # Told now that the enquiry says how the constituent wants to hear back.
    notifications.notify_for_event(case.events.get(kind=Kind.SUBMITTED))
    return case


@transaction.atomic
def case_warn_reply_due(*, case: Case, today: datetime.date | None = None) -> bool:
    """The officer is told, once, that a councillor's reply is due soon (M2)."""
    case = _lock(case)
    enquiry = MemberEnquiry.objects.select_for_update().get(case=case)
    if enquiry.warned_on is not None or case.status not in workflow.WORK:
        return False
    enquiry.warned_on = today or _today()
    enquiry.save(update_fields=["warned_on"])
    _event(
        case,
        kind=Kind.DUE_SOON,
        public=False,
        message=_("A councillor is waiting for a reply. It is due by %(due)s.")
        % {"due": dateformat.format(case.due_date, "j F Y")},
        data={"due_date": case.due_date.isoformat()},
    )
    return True


def member_enquiries_warn_due(*, today: datetime.date | None = None) -> int:
    """The daily job: open member enquiries due within MEMBER_ENQUIRY_WARN_DAYS working
    days warn their officer (the assignee, else the team's inbox)."""
    today = today or _today()
    horizon = sla.add_working_days(today, settings.MEMBER_ENQUIRY_WARN_DAYS)
    due = Case.objects.filter(
        member_enquiry__isnull=False,
        member_enquiry__warned_on__isnull=True,
        status__in=workflow.WORK,
        clock_stopped_on__isnull=True,
        due_date__gte=today,
        due_date__lte=horizon,
    ).only("pk")
    return sum(case_warn_reply_due(case=case, today=today) for case in due.iterator())


@transaction.atomic
def case_record_letter(
    *, case: Case, actor, acting_for=None, delivery: str, title: str, letter_id: int
) -> CaseEvent:
    """A letter to the constituent (from a template, M3) went out: by e-mail, or made
    for post. On the timeline for staff and the member; the letter is its own message."""
    case = _lock(case)
    message = (
        _("Letter ‘%(title)s’ e-mailed to the constituent.")
        if delivery == "email"
        else _("Letter ‘%(title)s’ made for post to the constituent.")
    ) % {"title": title}
    event = _event(
        case,
        kind=Kind.LETTER,
        actor=actor,
        acting_for=acting_for,
        channel=Channel.COUNCILLOR,
        public=False,
        notify=False,
        message=message,
        data={"delivery": delivery, "letter": letter_id},
    )
    case.save(update_fields=["updated_at"])
    return event


def cases_escalate_overdue(*, today: datetime.date | None = None) -> int:
    """The periodic job: overdue open cases go to the team lead, and later to the manager."""
    today = today or _today()
    escalated = 0
    overdue = Case.objects.filter(
        status__in=workflow.WORK,
        due_date__lt=today,
        clock_stopped_on__isnull=True,
        escalation_level__lt=2,
    ).only("pk", "due_date", "escalation_level")
    for case in overdue.iterator():
        late_by = sla.working_days_between(case.due_date, today)
        level = 2 if late_by > MANAGER_AFTER_WORKING_DAYS else 1
        if level > case.escalation_level:
            case_escalate(case=case, level=level, reason=_("Past its target date"), today=today)
            escalated += 1
    return escalated


@transaction.atomic
def case_rate(*, case: Case, user, rating: int, comment: str = "") -> Case:
    """Satisfaction (C9): the resident rates a finished case, once (they may change it)."""
    if not 1 <= rating <= 5:
        raise ValueError("rating is 1 to 5")
    case = _lock(case)
    if case.resident_id != user.pk or case.status not in workflow.FINISHED:
        raise TransitionRefused(_("You can rate a request once it is finished."))
    case.rating = rating
    case.rating_comment = comment.strip()
    case.save(update_fields=["rating", "rating_comment", "updated_at"])
    _event(case, kind=Kind.RATED, actor=user, public=False, notify=False, data={"rating": rating})
    return case


# --- Complaints with stages (C8; rules in casework.complaints) ---------------------------


def _open_stage(case: Case) -> ComplaintStage | None:
    """The complaint stage waiting for its answer, if the case is a complaint with one."""
    return (
        ComplaintStage.objects.filter(complaint__case_id=case.pk, answered_at__isnull=True)
        .select_related("complaint")
        .first()
    )


def _stage_clock(case: Case, *, number: int, opened_on: datetime.date) -> datetime.date:
    """A stage's statutory clock on the case: its target and its legal limit."""
    due = complaints.stage_due_date(number=number, opened_on=opened_on)
    case.due_date = due
    case.statutory_due_date = due
    case.overdue = False
    case.escalation_level = 0
    return due


@transaction.atomic
def case_complaint_open(*, case: Case, ombudsman: str = "lgsco") -> Complaint:
    """A new complaint case starts stage 1, with its clock from today. ``ombudsman``:
    "housing" for complaints about the council as landlord, else "lgsco"."""
    case = _lock(case)
    today = _today()
    complaint, created = Complaint.objects.get_or_create(
        case=case, defaults={"ombudsman": ombudsman, "stage": 1}
    )
    if not created:
        return complaint
    due = _stage_clock(case, number=1, opened_on=today)
    case.save(update_fields=["due_date", "statutory_due_date", "overdue", "escalation_level"])
    ComplaintStage.objects.create(complaint=complaint, number=1, opened_on=today, due_date=due)
    return complaint


@transaction.atomic
def case_complaint_answer(
    *, case: Case, actor, message: str, root_cause: str, upheld: str
) -> ComplaintStage:
    """Staff answer the open complaint stage: the answer (the resident reads it), its root
    cause and whether it was upheld, all required. The case is done; at stage 1 the
    resident may then ask for stage 2 (``case_complaint_escalate``)."""
    if not message.strip():
        raise ValueError("an answer is required")
    if root_cause not in complaints.ROOT_CAUSE_LABELS:
        raise TransitionRefused(_("Select the root cause of the complaint."))
    if upheld not in ComplaintStage.Upheld.values:
        raise TransitionRefused(_("Select whether the complaint was upheld."))
    case = _lock(case)
    stage = _open_stage(case)
    if stage is None:
        raise TransitionRefused(_("This complaint has no stage waiting for an answer."))
    stage.answer = message.strip()
    stage.root_cause = root_cause
    stage.upheld = upheld
    stage.answered_at = clock.now()
    stage.answered_by = actor
    stage.save()
    case.outcome_reason = ""
    _move(
        case,
        Status.RESOLVED,
        actor=actor,
        message=stage.answer,
        data={
            "complaint_stage": stage.number,
            "final": stage.number >= complaints.FINAL_STAGE,
            "root_cause": root_cause,
            "upheld": upheld,
        },
    )
    return stage


def complaint_escalation_refusal(case: Case, user, *, today: datetime.date | None = None):
    """Why ``user`` may not ask for stage 2 of ``case`` now (None when they may)."""
    complaint = Complaint.objects.filter(case_id=case.pk).first()
    if complaint is None or case.resident_id != getattr(user, "pk", None):
        return _("Only a complaint can go on to stage 2.")
    stage = complaint.stages.filter(number=complaint.stage).first()
    answered_on = timezone.localdate(stage.answered_at) if stage and stage.answered_at else None
    if complaint.stage >= complaints.FINAL_STAGE:
        return _("You have had our final answer to this complaint.")
    if answered_on is None:
        return _("We have not answered your complaint yet.")
    if not complaints.may_escalate(
        stage=complaint.stage, answered_on=answered_on, today=today or _today()
    ):
        deadline = complaints.escalation_deadline(answered_on)
        return _(
            "You could ask for a review until %(date)s. That time has passed, so this "
            "complaint cannot go on to stage 2. If you are still unhappy, your complaint’s "
            "page tells you how to contact the Ombudsman."
        ) % {"date": dateformat.format(deadline, "j F Y")}
    return None


@transaction.atomic
def case_complaint_escalate(
    *, case: Case, actor, reason: str, acting_for=None, channel: str = Channel.WEB
) -> ComplaintStage:
    """The resident is unhappy with the stage 1 answer: stage 2 opens with their reason and
    its own clock, and the case goes back to the team. Only within the escalation window."""
    if not reason.strip():
        raise ValueError("a reason is required")
    case = _lock(case)
    refusal = complaint_escalation_refusal(case, acting_for or actor)
    if refusal:
        raise TransitionRefused(refusal)
    complaint = Complaint.objects.select_for_update().get(case=case)
    today = _today()
    complaint.stage += 1
    complaint.save(update_fields=["stage"])
    due = _stage_clock(case, number=complaint.stage, opened_on=today)
    stage = ComplaintStage.objects.create(
        complaint=complaint,
        number=complaint.stage,
        opened_on=today,
        due_date=due,
        reason=reason.strip(),
    )
    _move(
        case,
        Status.IN_PROGRESS,
        actor=actor,
        acting_for=acting_for,
        channel=channel,
        message=reason.strip(),
        data={"complaint_stage": stage.number, "due_date": due.isoformat()},
    )
    _event(
        case,
        kind=Kind.COMPLAINT_STAGE,
        actor=actor,
        acting_for=acting_for,
        channel=channel,
        notify=False,
        message=_("Your complaint is now at stage %(stage)s. We will reply by %(date)s.")
        % {"stage": stage.number, "date": dateformat.format(due, "l j F Y")},
        data={"complaint_stage": stage.number, "due_date": due.isoformat()},
    )
    return stage


@transaction.atomic
def case_complaint_record_ombudsman(
    *,
    case: Case,
    actor,
    referred_on: datetime.date,
    reference: str = "",
    outcome: str = "",
    decided_on: datetime.date | None = None,
) -> Complaint:
    """Staff record that the resident took the complaint to the Ombudsman, and later its
    outcome. An internal note on the timeline, before and after."""
    if outcome and outcome not in Complaint.Outcome.values:
        raise TransitionRefused(_("Select the Ombudsman's decision from the list."))
    if outcome and decided_on is None:
        raise TransitionRefused(_("Enter the date of the Ombudsman's decision."))
    if decided_on is not None and decided_on < referred_on:
        raise TransitionRefused(_("The decision date must be on or after the referral date."))
    case = _lock(case)
    complaint = Complaint.objects.select_for_update().filter(case=case).first()
    if complaint is None:
        raise TransitionRefused(_("Only a complaint can be referred to the Ombudsman."))
    before = {
        "referred_on": complaint.referred_on.isoformat() if complaint.referred_on else None,
        "outcome": complaint.ombudsman_outcome,
    }
    complaint.referred_on = referred_on
    complaint.ombudsman_reference = reference.strip()[:60]
    complaint.ombudsman_outcome = outcome
    complaint.ombudsman_decided_on = decided_on if outcome else None
    complaint.save()
    name = complaints.ombudsman_info(complaint.ombudsman).name
    message = _("Referred to the %(name)s on %(date)s.") % {
        "name": name,
        "date": dateformat.format(referred_on, "j F Y"),
    }
    if outcome:
        message += " " + _("Their decision: %(outcome)s.") % {
            "outcome": Complaint.Outcome(outcome).label
        }
    _event(
        case,
        kind=Kind.OMBUDSMAN,
        actor=actor,
        public=False,
        notify=False,
        message=message,
        data={
            "before": before,
            "after": {"referred_on": referred_on.isoformat(), "outcome": outcome},
        },
    )
    case.save(update_fields=["updated_at"])
    return complaint


@transaction.atomic
def case_record_message_sent(*, case_id: int, audience: str, channel: str, event_id: int) -> None:
    """Listener for the outbox: a message left the portal, so the timeline says so."""
    case = Case.objects.get(pk=case_id)
    _event(
        case,
        kind=Kind.MESSAGE_SENT,
        public=audience == "resident",
        notify=False,
        data={"audience": audience, "channel": channel, "about_event": event_id},
    )


def _back_office_note(
    case: Case,
    *,
    message: str = "",
    data: dict | None = None,
    public: bool = False,
    channel: str = Channel.API,
) -> CaseEvent:
    """A timeline entry from the back office that changes no status and tells no one."""
    return _event(
        case,
        kind=Kind.DELIVERY,
        channel=channel,
        public=public,
        notify=False,
        message=message,
        data=data,
    )


@transaction.atomic
def case_record_delivery(*, case_id: int, external_reference: str, settings: dict) -> Case:
    """Outbox listener: the back office has the case. Residents are told who received it."""
    case = _lock(Case(pk=case_id))
    case.external_reference = external_reference[:100]
    data = {"external_reference": case.external_reference}
    if case.status in (Status.SENDING, Status.SEND_FAILED):
        name = delivery.received_by(case, settings)
        _move(
            case,
            Status.RECEIVED,
            actor=None,
            channel=Channel.API,
            message=_("Received by %(name)s.") % {"name": name},
            data=data,
        )
    else:
        # The back office's own status update overtook its answer, or the case moved on.
        case.save(update_fields=["external_reference", "updated_at"])
        _back_office_note(case, data=data)
    return case


@transaction.atomic
def case_record_delivery_failed(*, case_id: int, error: str) -> Case:
    """Outbox listener: delivery gave up. Staff see why; the resident sees nothing new."""
    case = _lock(Case(pk=case_id))
    error = error[:500]
    if case.status == Status.SENDING:
        _move(
            case,
            Status.SEND_FAILED,
            actor=None,
            channel=Channel.API,
            public=False,
            message=error,
            data={"error": error},
        )
    else:
        _back_office_note(case, message=error, data={"error": error})
    return case


_OUTCOMES_WITH_REASON = (Status.CLOSED, Status.REJECTED)


@transaction.atomic
def case_record_back_office_update(
    *,
    case_id: int,
    status: str = "",
    message: str = "",
    public: bool = True,
    update_id: str = "",
    channel: str = Channel.API,
) -> Case:
    """A back office reports progress (webhook, polling or e-mail): a status, a message, or both.

    The system makes the move, so the workflow decides what a back office may do.
    Closing or rejecting needs the message as the reason, which the resident
    always sees. ``update_id`` (the back office's id for the update) makes a
    repeat of the same update change nothing. Raises TransitionRefused for a move
    it refuses.
    """
    case = _lock(Case(pk=case_id))
    update_id = update_id[:200]
    if update_id and case.events.filter(data__update_id=update_id).exists():
        return case
    message = message.strip()
    data = {"update_id": update_id} if update_id else {}
    target = Status(status) if status else None
    if target is not None and target != case.status:
        if target in _OUTCOMES_WITH_REASON:
            if not message:
                raise TransitionRefused(_("A reason is required to close or reject a request."))
            case.outcome_reason = message
            public = True
        _move(
            case,
            target,
            actor=None,
            channel=channel,
            message=message if public else "",
            data={"source": "back office", **data},
        )
        if message and not public:
            _back_office_note(case, message=message, data=data, channel=channel)
    elif message:
        _back_office_note(case, message=message, public=public, data=data, channel=channel)
        case.save(update_fields=["updated_at"])
    return case


def back_office_update_apply(*, connector_name: str, update, channel: str = "api"):
    """Apply a ``BackOfficeUpdate`` (polled or e-mailed) to the case it names.

    Returns the case, or None when no case of this connector has that reference.
    Raises TransitionRefused when the workflow refuses the move. A repeat of an
    update with the same ``update_id`` changes nothing.
    """
    candidates = delivery.cases_for_back_office_reference(connector_name, update.reference)
    if not candidates:
        return None
    return case_record_back_office_update(
        case_id=candidates[0].pk,
        status=update.status,
        message=update.message,
        public=update.public,
        update_id=update.update_id,
        channel=channel,
    )


@transaction.atomic
def case_delivery_retry(*, message_ids: list[int], actor) -> int:
    """Staff: send stuck deliveries again; their cases go back to "sending", noted internally.

    Returns how many messages were retried. Only messages in "needs attention" are.
    """
    stuck = list(
        Message.objects.select_for_update()
        .filter(pk__in=message_ids, state=Message.State.NEEDS_ATTENTION)
        .values_list("pk", "kind", "payload")
    )
    count = message_retry(message_ids=[pk for pk, _kind, _payload in stuck])
    name = actor.get_full_name() or actor.email
    case_ids = sorted(
        {
            payload.get("case_id")
            for _pk, kind, payload in stuck
            if is_connector_kind(kind) and isinstance(payload.get("case_id"), int)
        }
    )
    for case_id in case_ids:
        try:
            case = _lock(Case(pk=case_id))
        except Case.DoesNotExist:
            continue
        if case.status != Status.SEND_FAILED:
            continue
        _move(
            case,
            Status.SENDING,
            actor=actor,
            channel=Channel.WEB,
            public=False,
            message=_("Delivery to the back office retried by %(name)s.") % {"name": name},
            data={"retried_by": actor.pk},
        )
    return count


# --- Payments (a request type with a fee) ------------------------------------------------------


@transaction.atomic
def case_record_payment(
    *, case_id: int, outcome: str, amount_pence: int, payment_id: str, detail: str = ""
) -> Case:
    """The payment provider has confirmed what happened to a payment for this case.

    Called only from the payment listener, after the provider was asked server
    side. ``outcome``: "paid", "failed", "cancelled", "refunded" or "refund_failed"
    (a refund the provider later could not make: for staff, not the resident). Paid: the
    request goes ahead from today (target dates count from payment) and on to its
    back office. A payment that arrives after the request was withdrawn is recorded
    for staff to refund; it never brings the request back.
    """
    case = _lock(Case(pk=case_id))
    money = format_pence(amount_pence)
    data = {"payment_id": payment_id, "outcome": outcome, "amount_pence": amount_pence}
    if outcome == "paid" and case.status == Status.AWAITING_PAYMENT:
        _set_target_dates(case, start=_today())
        _move(
            case,
            Status.SUBMITTED,
            actor=None,
            message=_("Payment of %(money)s received.") % {"money": money},
            data=data,
        )
        if case.request_type.connector:
            _send_to_back_office(case, channel=Channel.WEB)
        return case
    # Money that needs giving back: for staff (needs_refund), never acted on by itself.
    owed = {
        "paid": _(
            "Payment of %(money)s received after this request was %(status)s. It needs refunding."
        ),
        "refund_failed": _(
            "The payment provider could not make the refund of %(money)s. It needs refunding again."
        ),
    }
    if outcome in owed:
        message = owed[outcome] % {"money": money, "status": Status(case.status).label.lower()}
        _event(
            case,
            kind=Kind.PAYMENT,
            channel=Channel.API,
            public=False,
            notify=False,
            message=message,
            data={**data, "needs_refund": True},
        )
        return case
    message = {
        "failed": _("Your payment of %(money)s did not go through. You can try again."),
        "cancelled": _("You cancelled your payment of %(money)s. You can try again."),
        "refunded": _("%(money)s refunded."),
    }.get(outcome, _("Payment of %(money)s: %(outcome)s.")) % {"money": money, "outcome": outcome}
    if detail and outcome == "refunded":
        message = f"{message} {detail}"
    _event(
        case,
        kind=Kind.PAYMENT,
        channel=Channel.API,
        public=True,
        notify=False,
        message=message,
        data=data,
    )
    case.save(update_fields=["updated_at"])
    return case


def cases_expire_unpaid(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: requests not paid for within the allowed days are withdrawn."""
    days = settings.CASE_UNPAID_EXPIRY_DAYS
    cutoff = (now or clock.now()) - datetime.timedelta(days=days)
    expired = 0
    stale = Case.objects.filter(status=Status.AWAITING_PAYMENT, created_at__lt=cutoff)
    for pk in stale.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = _lock(Case(pk=pk))
            if case.status != Status.AWAITING_PAYMENT:
                continue
            _move(
                case,
                Status.WITHDRAWN,
                actor=None,
                message=_("Withdrawn because it was not paid for within %(days)s days.")
                % {"days": days},
                data={"unpaid": True},
            )
            expired += 1
    return expired

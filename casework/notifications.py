"""Who is told what when a case changes (C2 "closing the loop", A5 preferences).

Rules map a timeline event to recipients and channels; each message is an
outbox row, written in the same transaction as the event, so nothing is sent
for a change that rolled back and nothing is lost for one that committed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from accounts import roles
from casework import workflow
from integrations.outbox.actions import message_enqueue

# Statuses a resident is told about even with progress updates turned off:
# they need to act, or it is the end of the request.
_ALWAYS_TOLD = {
    workflow.Status.AWAITING_CUSTOMER,
    workflow.Status.RESOLVED,
    workflow.Status.CLOSED,
    workflow.Status.REJECTED,
    workflow.Status.DUPLICATE,
}


@dataclass(frozen=True)
class Recipient:
    audience: str  # resident, follower, team, assignee, councillor, escalation
    channel: str  # email or sms
    address: str
    user_id: int | None = None


def _person(user, audience: str) -> Recipient | None:
    if user is None or not user.is_active:
        return None
    if user.preferred_channel == "sms" and user.phone:
        return Recipient(audience, "sms", str(user.phone), user.pk)
    return Recipient(audience, "email", user.email, user.pk)


def _resident(case) -> Recipient | None:
    if case.resident_id:
        return _person(case.resident, "resident")
    if case.contact_email:
        return Recipient("resident", "email", case.contact_email)
    if case.contact_phone:
        return Recipient("resident", "sms", case.contact_phone)
    return None


def recipients_for(event) -> list[Recipient]:
    from casework.models import CaseEvent

    case = event.case
    kind = event.kind
    found: list[Recipient | None] = []
    if kind == CaseEvent.Kind.SUBMITTED:
        found.append(_resident(case))
        if case.team_id and case.team.email:
            found.append(Recipient("team", "email", case.team.email))
    elif kind == CaseEvent.Kind.STATUS and event.public:
        resident = _resident(case)
        wants_updates = case.resident is None or case.resident.notify_case_updates
        if resident and (wants_updates or event.status_after in _ALWAYS_TOLD):
            found.append(resident)
        # Followers hear of progress, not of questions put to the person who asked.
        if event.status_after != workflow.Status.AWAITING_CUSTOMER:
            for follower in case.followers.select_related("user"):
                if follower.user.notify_case_updates:
                    found.append(_person(follower.user, "follower"))
        found.append(_councillor(case))
    elif kind == CaseEvent.Kind.REPLY:
        if event.data.get("from") == workflow.Actor.RESIDENT:
            if case.assignee_id:
                found.append(_person(case.assignee, "assignee"))
            elif case.team_id and case.team.email:
                found.append(Recipient("team", "email", case.team.email))
        else:
            found.append(_resident(case))
            found.append(_councillor(case))
    elif kind == CaseEvent.Kind.ESCALATED and case.team_id:
        level = event.data.get("level", 1)
        person = case.team.manager if level >= 2 else case.team.lead
        found.append(_person(person, "escalation"))
    unique: dict[tuple[str, str], Recipient] = {}
    for recipient in found:
        if recipient is not None and recipient.address:
            unique.setdefault((recipient.channel, recipient.address), recipient)
    return list(unique.values())


def _councillor(case) -> Recipient | None:
    creator = case.created_by
    if creator is None or creator.pk == case.resident_id or not creator.is_staff:
        return None
    if not creator.groups.filter(name__in=[roles.COUNCILLOR, roles.MEMBER_SUPPORT]).exists():
        return None
    return _person(creator, "councillor")


def _text_key(event) -> str:
    return event.status_after if event.kind == "status" else event.kind


DEFAULT_TEXTS = {
    "submitted": _("We have received your request. We aim to finish it by {due}."),
    "received": _("Your request has been passed to the team who will deal with it."),
    "in_progress": _("We are working on your request."),
    "awaiting_customer": _(
        "We need more information from you before we can go on. Please reply on your request’s page."
    ),
    "resolved": _("Your request is done."),
    "closed": _("Your request is closed."),
    "rejected": _("We could not accept your request."),
    "duplicate": _(
        "This problem was already reported. We will keep you updated on the original report."
    ),
    "withdrawn": _("Your request has been withdrawn."),
    "reply": _("There is a new message about your request."),
    "escalated": _("A request is past its target date and has been escalated to you."),
}


def compose(event, recipient: Recipient) -> tuple[str, str]:
    case = event.case
    rt = case.request_type
    key = _text_key(event)
    text = rt.notification_texts.get(key) or DEFAULT_TEXTS.get(key, DEFAULT_TEXTS["in_progress"])
    due = case.due_date.strftime("%-d %B %Y") if case.due_date else ""
    text = text.replace("{due}", due)
    subject = f"{rt.name}: {case.reference}"
    link = f"{settings.PORTAL_BASE_URL}/requests/{case.reference}/"
    if recipient.audience in ("team", "assignee", "escalation", "councillor"):
        link = f"{settings.PORTAL_BASE_URL}/staff/cases/{case.reference}/"
    lines = [text]
    # Staff words are written to the person who asked; followers get the status only.
    if event.message and event.public and recipient.audience != "follower":
        lines += ["", event.message]
    lines += ["", _("Reference: %(ref)s") % {"ref": case.reference}, link]
    body = "\n".join(lines)
    if recipient.channel == "sms":
        body = f"{text} {_('Ref')} {case.reference}. {link}"
    return subject, body


def notify_for_event(event) -> int:
    sent = 0
    for recipient in recipients_for(event):
        subject, body = compose(event, recipient)
        message_enqueue(
            kind=f"notify.{recipient.channel}",
            payload={
                "to": recipient.address,
                "subject": subject,
                "body": body,
                "case_id": event.case_id,
                "event_id": event.pk,
                "audience": recipient.audience,
            },
            idempotency_key=f"event-{event.pk}-{recipient.channel}-{recipient.address}"[:100],
        )
        sent += 1
    return sent


def on_message_result(message, result) -> None:
    """Outbox listener: record on the timeline that a message about a case was sent."""
    from casework.actions import case_record_message_sent
    from integrations.outbox.models import Message

    case_id = message.payload.get("case_id")
    if case_id and message.state == Message.State.DELIVERED:
        case_record_message_sent(
            case_id=case_id,
            audience=message.payload.get("audience", ""),
            channel=message.kind.removeprefix("notify."),
            event_id=message.payload.get("event_id"),
        )

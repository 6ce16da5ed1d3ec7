"""Who is told what when a case changes (C2 "closing the loop", A5 preferences).

Rules map a timeline event to recipients and channels; each message is an
outbox row, written in the same transaction as the event, so nothing is sent
for a change that rolled back and nothing is lost for one that committed.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from string import Formatter
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import roles
from casework import workflow
from casework.models import CaseEvent, MemberEnquiry
from integrations.outbox.actions import message_enqueue

log = logging.getLogger(__name__)

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
    enquiry = _member_enquiry(case)
    if enquiry is not None and enquiry.hear_back in ("councillor", "post"):
        return None  # they hear through their councillor, or by letter
    if enquiry is not None and enquiry.hear_back == "phone" and case.contact_phone:
        return Recipient("resident", "sms", case.contact_phone)
    if case.resident_id:
        return _person(case.resident, "resident")
    if case.contact_email:
        return Recipient("resident", "email", case.contact_email)
    if case.contact_phone:
        return Recipient("resident", "sms", case.contact_phone)
    return None


def recipients_for(event) -> list[Recipient]:
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
        to = event.data.get("to")
        if event.data.get("from") == workflow.Actor.RESIDENT or to == "officer":
            found.append(_officer(case))
        else:
            if to != "member":  # a reply to the councillor is not for the public
                found.append(_resident(case))
            found.append(_councillor(case))
    elif kind == CaseEvent.Kind.ESCALATED:
        level = event.data.get("level", 1)
        if case.team_id:
            person = case.team.manager if level >= 2 else case.team.lead
            found.append(_person(person, "escalation"))
        enquiry = _member_enquiry(case)
        if enquiry is not None:  # the member is told their reply date was missed (M2)
            found.append(_person(enquiry.member, "councillor"))
    elif kind == CaseEvent.Kind.DUE_SOON:
        found.append(_officer(case))
    unique: dict[tuple[str, str], Recipient] = {}
    for recipient in found:
        if recipient is not None and recipient.address:
            unique.setdefault((recipient.channel, recipient.address), recipient)
    return list(unique.values())


def _officer(case) -> Recipient | None:
    """Whoever works the case: its assignee, else its team's inbox."""
    if case.assignee_id:
        return _person(case.assignee, "assignee")
    if case.team_id and case.team.email:
        return Recipient("team", "email", case.team.email)
    return None


def _member_enquiry(case):
    try:
        return case.member_enquiry
    except MemberEnquiry.DoesNotExist:
        return None


def _councillor(case) -> Recipient | None:
    enquiry = _member_enquiry(case)
    if enquiry is not None:
        return _person(enquiry.member, "councillor")
    creator = case.created_by
    if creator is None or creator.pk == case.resident_id or not creator.is_staff:
        return None
    if not creator.groups.filter(name__in=[roles.COUNCILLOR, roles.MEMBER_SUPPORT]).exists():
        return None
    return _person(creator, "councillor")


def _text_key(event) -> str:
    return event.status_after if event.kind == "status" else event.kind


# The events a request type may have its own words for, as an administrator reads them.
EVENTS = {
    "submitted": _lazy("When the request is made (to the resident and the team’s inbox)"),
    "received": _lazy("When the request is received"),
    "in_progress": _lazy("When work on it starts"),
    "awaiting_customer": _lazy("When we need more from the resident"),
    "resolved": _lazy("When it is resolved"),
    "closed": _lazy("When it is closed without being done"),
    "rejected": _lazy("When it is not accepted"),
    "duplicate": _lazy("When it was already reported"),
    "withdrawn": _lazy("When it is withdrawn"),
    "reply": _lazy("When there is a new message about it"),
    "escalated": _lazy("When it is past its target date (to the team’s lead or manager)"),
    "due_soon": _lazy("When a councillor’s reply is due soon (to the officer)"),
}

DEFAULT_TEXTS = {
    "submitted": _lazy("We have received your request. We aim to finish it by {due}."),
    "received": _lazy("Your request has been passed to the team who will deal with it."),
    "in_progress": _lazy("We are working on your request."),
    "awaiting_customer": _lazy(
        "We need more information from you before we can go on. Please reply on your request’s page."
    ),
    "resolved": _lazy("Your request is done."),
    "closed": _lazy("Your request is closed."),
    "rejected": _lazy("We could not accept your request."),
    "duplicate": _lazy(
        "This problem was already reported. We will keep you updated on the original report."
    ),
    "withdrawn": _lazy("Your request has been withdrawn."),
    "reply": _lazy("There is a new message about your request."),
    "escalated": _lazy("A request is past its target date and has been escalated to you."),
    "due_soon": _lazy("A councillor is waiting for a reply to {reference}. It is due by {due}."),
}

# What a councillor is told about their enquiries (M2, C11): about "your enquiry", never
# the words written to the resident or to the team's lead.
MEMBER_TEXTS = {
    "reply": _lazy("An officer has replied to your enquiry ({reference})."),
    "escalated": _lazy(
        "Your enquiry ({reference}) has missed its reply date of {due}. "
        "It has been escalated to the team’s managers."
    ),
    "resolved": _lazy("Your enquiry ({reference}) is done."),
}
MEMBER_DEFAULT = _lazy("There is news about your enquiry ({reference}).")

# What someone who follows another person's report is told: public words about the
# problem, never the words written to the person who reported it ("your request").
FOLLOWER_TEXTS = {
    "received": _lazy(
        "A problem you follow ({request}) has been passed to the team who will deal with it."
    ),
    "in_progress": _lazy("Work has started on a problem you follow ({request})."),
    "resolved": _lazy(
        "A problem you follow ({request}) has been dealt with. Its page says what was done."
    ),
    "closed": _lazy("A problem you follow ({request}) has been closed. Its page says why."),
    "rejected": _lazy("A problem you follow ({request}) was not accepted. Its page says why."),
    "duplicate": _lazy(
        "A problem you follow ({request}) was already reported. "
        "We will keep you updated on the original report."
    ),
    "withdrawn": _lazy(
        "A problem you follow ({request}) was withdrawn by the person who reported it."
    ),
}
FOLLOWER_DEFAULT = _lazy("There is news about a problem you follow ({request}).")

# Texts are sent by SMS too: a few short sentences, not a letter.
MAX_TEXT_LENGTH = 600


def _due(case) -> str:
    return formats.date_format(case.due_date, "j F Y") if case.due_date else ""


@dataclass(frozen=True)
class Placeholder:
    meaning: str
    value: Callable[[Any], str]  # from the case; every case has a value (never raw braces)


# What an administrator may write in braces, and what compose() puts there: one list for both.
PLACEHOLDERS = {
    "reference": Placeholder(
        _lazy("the request’s reference, for example AB12-CD34"), lambda case: case.reference
    ),
    "request": Placeholder(
        _lazy("what was asked for: the request type’s name, for example “Report a pothole”"),
        lambda case: case.request_type.name,
    ),
    "due": Placeholder(_lazy("the date we aim to finish it by, for example 14 March 2027"), _due),
    "council": Placeholder(_lazy("the council’s name"), lambda case: settings.COUNCIL_NAME),
}


def _pieces(text: str):
    """(words, placeholder as written or None) for each piece of ``text``.

    string.Formatter only splits the text: nothing is looked up or formatted, so
    "{due.__class__}" is just a placeholder nobody can fill. A lone brace raises ValueError.
    """
    for words, name, spec, conversion in Formatter().parse(text):
        written = None
        if name is not None:
            conversion = f"!{conversion}" if conversion else ""
            written = "{" + name + conversion + (f":{spec}" if spec else "") + "}"
        yield words, written


def text_problems(text: str, *, label) -> list[str]:
    """What stops ``text`` from being sent as written, in an administrator's words."""
    problems = []
    usable = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    try:
        for _words, written in _pieces(text):
            if written is not None and written[1:-1] not in PLACEHOLDERS:
                problems.append(
                    _(
                        "‘%(label)s’ uses %(placeholder)s, which is not one we can fill in. "
                        "You can use: %(usable)s."
                    )
                    % {"label": label, "placeholder": written, "usable": usable}
                )
    except ValueError:
        problems.append(
            _(
                "‘%(label)s’ has a { or } that is not part of a placeholder. Write a "
                "placeholder as its name in braces, like {reference}; to show a brace "
                "itself, write it twice: {{ or }}."
            )
            % {"label": label}
        )
    return problems


def fill_in(text: str, case) -> str:
    """``text`` with its placeholders filled in from ``case``; ValueError if one cannot be."""
    out = []
    for words, written in _pieces(text):
        out.append(words)
        if written is not None:
            placeholder = PLACEHOLDERS.get(written[1:-1])
            if placeholder is None:
                raise ValueError(f"no placeholder {written}")
            out.append(str(placeholder.value(case)))
    return "".join(out)


def _text(case, key: str) -> str:
    """The request type's own words for this event, else ours; never a raw placeholder."""
    default = DEFAULT_TEXTS.get(key, DEFAULT_TEXTS["in_progress"])
    own = case.request_type.notification_texts.get(key)
    if own:
        try:
            return fill_in(str(own), case)
        except ValueError:
            # Stored before texts were checked, or set through the data: ours instead.
            log.warning(
                'Request type %s: its "%s" text has a placeholder we cannot fill in '
                "(see its admin page); the default text was sent instead",
                case.request_type.slug,
                key,
            )
    try:
        return fill_in(str(default), case)
    except ValueError:  # a translation broke a placeholder: the words as we wrote them
        log.error('The translation of the default "%s" text has a bad placeholder', key)
        with translation.override(None):
            return fill_in(str(default), case)


def _follower_text(case, key: str) -> str:
    return fill_in(str(FOLLOWER_TEXTS.get(key, FOLLOWER_DEFAULT)), case)


def compose(event, recipient: Recipient) -> tuple[str, str]:
    case = event.case
    rt = case.request_type
    key = _text_key(event)
    if recipient.audience == "follower":
        text = _follower_text(case, key)
    elif recipient.audience == "councillor" and _member_enquiry(case) is not None:
        text = fill_in(str(MEMBER_TEXTS.get(key, MEMBER_DEFAULT)), case)
    else:
        text = _text(case, key)
    subject = f"{rt.name}: {case.reference}"
    link = f"{settings.PORTAL_BASE_URL}/requests/{case.reference}/"
    if recipient.audience in ("team", "assignee", "escalation", "councillor"):
        link = f"{settings.PORTAL_BASE_URL}/staff/cases/{case.reference}/"
    if recipient.audience == "councillor" and _member_enquiry(case) is not None:
        link = f"{settings.PORTAL_BASE_URL}/staff/members/enquiries/{case.reference}/"
    lines = [text]
    # Staff words are written to the person who asked; followers get the status only.
    # Words for the councillor or the officers (C11) reach them, never anyone else.
    private_words = event.data.get("to") in ("member", "officer") and recipient.audience in (
        "councillor",
        "assignee",
        "team",
    )
    if event.message and (event.public or private_words) and recipient.audience != "follower":
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

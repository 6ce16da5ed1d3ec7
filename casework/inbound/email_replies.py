"""Replies to the e-mail connector's messages, matched back to their case.

Two ways in, one function: ``manage.py receive_email`` (a Postfix pipe) and
``POST /integrations/email/inbound`` (a mail relay) both call
``email_reply_receive``. With a first line ``Status: …`` the case moves and the
rest of the reply is the resident's update; without, the reply is a note for
staff, which the resident does not see.

Who may write to a case: the case is named by the signed Reply-To token, or by
the "[Ref …]" in the subject. The sender must be one of the request type's
``to`` or ``cc`` addresses (they were sent the case). With a valid token, a
colleague at the same domain may also reply: team inboxes are shared, and people
answer from their own mailbox; the token, which only the team was sent, is what
cannot be forged. Without a token, only the team addresses themselves. (From
lines can be forged; make the receiving MTA check DMARC.)

Logs carry the case reference and the outcome, never addresses or text.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from casework.actions import back_office_update_apply
from casework.models import Case, Channel
from casework.references import normalise_reference
from casework.workflow import TransitionRefused
from integrations.email_connector import NAME, inbound
from integrations.email_connector.mapping import addresses

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    APPLIED = "applied"
    REPEATED = "repeated"  # the same reply again: nothing changed
    IGNORED = "ignored"  # an out-of-office or a bounce
    NO_CASE = "no_case"  # names no case, or one this sender may not write to
    REFUSED = "refused"  # the workflow refuses the status change
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class ReplyOutcome:
    outcome: Outcome
    reference: str = ""
    status: str = ""  # the case's status after the reply
    detail: str = ""  # why, in words safe to send back to the sender (no personal data)


def sender_allowed(*, sender: str, connector_settings: dict, signed: bool) -> bool:
    team = {
        address.lower()
        for address in addresses(connector_settings.get("to"))
        + addresses(connector_settings.get("cc"))
    }
    if sender in team:
        return True
    domains = {address.rpartition("@")[2] for address in team}
    return signed and sender.rpartition("@")[2] in domains


def _case_for(reply: inbound.Reply) -> Case | None:
    reference = normalise_reference(reply.reference)
    if not reference:
        return None
    case = (
        Case.objects.select_related("request_type")
        .filter(request_type__connector=NAME, reference=reference)
        .first()
    )
    if case is None or not sender_allowed(
        sender=reply.sender,
        connector_settings=case.request_type.connector_settings or {},
        signed=reply.signed,
    ):
        return None
    return case


def email_reply_receive(*, raw: bytes) -> ReplyOutcome:
    """Read one raw e-mail and apply it to the case it answers, if it may."""
    try:
        reply = inbound.parse(raw, mailbox=settings.EMAIL_REPLY_ADDRESS)
    except inbound.UnreadableReply as exc:
        log.warning("email reply: unreadable")
        return ReplyOutcome(Outcome.UNREADABLE, detail=str(exc))
    if reply.automatic:
        log.info("email reply: automatic reply ignored (%s)", reply.reference or "no reference")
        return ReplyOutcome(Outcome.IGNORED, reference=reply.reference)
    case = _case_for(reply)
    if case is None:
        log.warning("email reply: no case matches (%s)", reply.reference or "no reference")
        return ReplyOutcome(Outcome.NO_CASE, detail="No request matches this reply.")
    if case.events.filter(data__update_id=reply.message_id).exists():
        log.info("email reply: %s repeated, nothing changed", case.reference)
        return ReplyOutcome(Outcome.REPEATED, reference=case.reference, status=case.status)
    try:
        case = back_office_update_apply(
            connector_name=NAME, update=reply.update(), channel=Channel.EMAIL
        )
    except TransitionRefused as exc:
        log.warning("email reply: %s refused for %s", reply.status, case.reference)
        return ReplyOutcome(Outcome.REFUSED, reference=case.reference, detail=str(exc))
    log.info("email reply: %s applied (%s)", case.reference, reply.status or "note")
    return ReplyOutcome(Outcome.APPLIED, reference=case.reference, status=case.status)

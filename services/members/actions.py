"""Writes of the members' area. Every change to a case is one casework action."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import address_get
from casework import actions as case_actions
from casework.access import acting_for
from casework.journeys import JourneyContext, Walk
from casework.journeys.actions import pending_uploads
from casework.models import Case, RequestType
from integrations.outbox.actions import message_enqueue
from services.members.forms import CONSENT_TEXT, NOT_LISTED
from services.members.letters import letter_html, letter_parts
from services.members.models import Letter, LetterTemplate
from services.members.selectors import constituent_email


class LetterRefused(Exception):
    """A letter that cannot go as asked; the message says why, for the member."""


def enquiry_submit(*, ctx: JourneyContext, walk: Walk, member: User) -> Case:
    """The case for a member's enquiry, from the journey's answers."""
    values = walk.values
    category = RequestType.objects.get(slug=values["category"], service="members", active=True)
    person = values["person"]
    resident = None
    kwargs: dict = {}
    if person == NOT_LISTED:
        found = values["address"]
        address = address_get(uprn=found["uprn"]) if found.get("uprn") else None
        kwargs = {
            "contact_name": values["name"],
            "contact_email": values.get("email") or "",
            "contact_phone": values.get("phone") or "",
            "address": address,
            "constituent_address": found["address"],
        }
    else:
        resident = User.objects.select_related("address").get(pk=int(person), is_staff=False)
        kwargs = {
            "contact_name": resident.get_full_name(),
            "address": resident.address if resident.address_id else None,
            "constituent_address": ", ".join(resident.address_lines)
            if resident.has_address
            else "",
        }
    answers = {"details": values["details"], "category": category.name}
    return case_actions.case_submit_member_enquiry(
        request_type=category,
        member=member,
        actor=ctx.actor,
        answers=answers,
        summary=values["summary"],
        resident=resident,
        reply_to=values["reply_to"],
        hear_back=values["hear_back"],
        consent_text=str(CONSENT_TEXT),
        uploads=pending_uploads(user=ctx.actor, answers=ctx.answers),
        **kwargs,
    )


def enquiry_message(*, case: Case, user, message: str):
    """The member (or their support officer, for them) writes to the officers."""
    return case_actions.case_reply(
        case=case,
        actor=user,
        acting_for=acting_for(user, case),
        message=message,
        channel="councillor",
        to="officer",
    )


@transaction.atomic
def letter_send(*, case: Case, template: LetterTemplate, delivery: str, user) -> Letter:
    """A letter from ``template`` to the constituent: e-mailed through the outbox, or
    kept for post (printed from its page). Either way it is on the timeline. Refused
    without a ``delivery``, and by e-mail when we have no address for the constituent."""
    if not delivery:
        raise LetterRefused(_("Select how the letter should go"))
    to = constituent_email(case) if delivery == Letter.Delivery.EMAIL else ""
    if delivery == Letter.Delivery.EMAIL and not to:
        raise LetterRefused(_("We have no email address for the constituent. Send it by post."))
    parts = letter_parts(case, template)
    letter = Letter.objects.create(
        case=case,
        template=template,
        title=parts["title"],
        html=letter_html(parts),
        text=parts["text"],
        delivery=delivery,
        sent_to=to,
        sent_by=user,
    )
    event = case_actions.case_record_letter(
        case=case,
        actor=user,
        acting_for=acting_for(user, case),
        delivery=delivery,
        title=letter.title,
        letter_id=letter.pk,
    )
    if to:
        message_enqueue(
            kind="notify.email",
            payload={
                "to": to,
                "subject": letter.title,
                "body": letter.text,
                "case_id": case.pk,
                "event_id": event.pk,
                "audience": "resident",
            },
            idempotency_key=f"letter-{letter.pk}",
        )
    return letter

"""What a resident may do on a request's page, and why not (the resident's side of
``casework/staff/menu.py``).

``resident_menu`` decides, for the person whose request page it is, which of its forms
and links show: reply, withdraw, reopen, rate, pay. ``withdraw_refusal`` and
``reopen_refusal`` say why not in the person's words; the confirmation pages that
withdraw and reopen ask them too, so the page never offers what the action refuses.
Whether the person may see the case at all is ``casework.access``; the move itself is
``casework.actions``, which refuses anything the workflow does not allow whatever a
page offered.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from casework import access, actions, payments, workflow
from casework.workflow import Status, TransitionRefused


def withdraw_refusal(case, user) -> str | None:
    """Why ``user`` cannot withdraw ``case`` now, or None when they can."""
    try:
        workflow.check(case.status, Status.WITHDRAWN, actions.actor_kind(case, user))
    except TransitionRefused as refused:
        return str(refused)
    return None


def reopen_refusal(case, user) -> str | None:
    """Why ``user`` cannot reopen ``case`` now, or None when they can."""
    if actions.can_reopen(case, user):
        return None
    return _("This request can no longer be reopened. Please make a new request.")


@dataclass(frozen=True)
class ResidentMenu:
    owner: bool  # the person who made the request (else someone following it)
    is_open: bool
    assisted_view: bool  # an agent helping the owner: the page as they see it, no forms
    can_reply: bool
    can_withdraw: bool
    can_reopen: bool
    can_rate: bool
    needs_payment: bool  # shown to an agent too: they take the payment by phone
    following: bool  # a follower of someone else's followable report


def resident_menu(case, user, *, assisting: bool) -> ResidentMenu:
    """What the request page offers ``user`` (the person an agent is helping, if one is)."""
    owner = access.is_owner(user, case)
    is_open = case.status in workflow.OPEN
    acts = owner and not assisting  # an agent helping the person sees it without forms
    return ResidentMenu(
        owner=owner,
        is_open=is_open,
        assisted_view=owner and assisting,
        can_reply=acts and is_open and case.status != Status.AWAITING_PAYMENT,
        can_withdraw=acts and withdraw_refusal(case, user) is None,
        can_reopen=acts and reopen_refusal(case, user) is None,
        can_rate=acts and not is_open and case.rating is None,
        needs_payment=owner and payments.case_needs_payment(case),
        following=not owner and case.request_type.followable,
    )

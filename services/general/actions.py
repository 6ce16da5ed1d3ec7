"""Making a General enquiries request: the case, from the journey's answers.

The journey engine (``casework.journeys``) keeps the answers and files between the
steps and claims the draft once; this is what sending makes of them.
"""

from __future__ import annotations

from casework import actions as case_actions
from casework.journeys import JourneyContext, Walk
from casework.journeys.actions import pending_uploads
from casework.models import Case, Channel

LOCATION_MAX = 300  # Case.location_text


def _manual_address(user) -> str:
    """An address typed in by hand (not in the gazetteer) travels as the case's location."""
    if user.address_id or not user.has_address:
        return ""
    return ", ".join(user.address_lines)[:LOCATION_MAX]


def enquiry_submit(*, ctx: JourneyContext, walk: Walk) -> Case:
    """The case for a sent enquiry: its summary, details, the request type's own
    questions answered (by their labels) and the photos and documents."""
    user = ctx.citizen
    own = {row["label"]: row["value"] for row in walk.labelled() if row["key"] not in _OURS}
    return case_actions.case_submit(
        request_type=ctx.request_type,
        answers={"details": walk.values["details"], **own},
        summary=walk.values["summary"],
        resident=user,
        address=user.address if user.address_id else None,
        location_text=_manual_address(user),
        channel=Channel.WEB,
        actor=ctx.actor,
        acting_for=user if user != ctx.actor else None,
        uploads=pending_uploads(user=user, answers=ctx.answers),
    )


_OURS = {"summary", "details"}

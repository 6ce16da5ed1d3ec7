"""Making a complaint or a compliment: the case, from the journey's answers.

The journey engine keeps the answers between the steps and claims the draft once; this is
what sending makes of them. Every change to the case is a casework action.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework.journeys import JourneyContext, Walk
from casework.models import Case, Channel
from services.complaints import selectors


def _submit(*, ctx: JourneyContext, walk: Walk, summary: str) -> Case:
    user = ctx.citizen
    values = walk.values
    answers = {row["label"]: row["value"] for row in walk.labelled() if row["key"] != "summary"}
    answers[str(_("Which service is it about?"))] = selectors.about_label(values["about"])
    return case_actions.case_submit(
        request_type=ctx.request_type,
        answers=answers,
        summary=summary,
        resident=user,
        address=user.address if user.address_id else None,
        channel=Channel.WEB,
        actor=ctx.actor,
        acting_for=user if user != ctx.actor else None,
    )


def complaint_submit(*, ctx: JourneyContext, walk: Walk) -> Case:
    """A complaint: the case, then its stage 1 with its clock (the Ombudsman by service)."""
    case = _submit(ctx=ctx, walk=walk, summary=walk.values["summary"])
    case_actions.case_complaint_open(
        case=case, ombudsman=selectors.ombudsman_for(walk.values["about"])
    )
    case.refresh_from_db()
    return case


def compliment_submit(*, ctx: JourneyContext, walk: Walk) -> Case:
    """A compliment: passed to the team it is about, and thanked, at once."""
    case = _submit(ctx=ctx, walk=walk, summary=walk.values["summary"])
    team = selectors.team_for(walk.values["about"])
    if team is not None and team.pk != case.team_id:
        case_actions.case_assign(case=case, actor=None, team=team, assignee=None)
    case_actions.case_acknowledge(case=case)
    case_actions.case_resolve(
        case=case,
        actor=None,
        message=_(
            "Thank you for your compliment. We have passed it on to %(team)s, and to the "
            "people you told us about."
        )
        % {"team": team.name if team else _("the team")},
    )
    case.refresh_from_db()
    return case

"""Reads of the journey engine: the person's draft of a journey, and where they are."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from casework.journeys import owners
from casework.journeys.registry import journey_get
from casework.journeys.state import Answers, Walk, unbound, walk
from casework.journeys.steps import JourneyContext
from casework.models import Case, Draft

if TYPE_CHECKING:
    from casework.journeys.definition import Journey


def journey_context(
    journey: Journey,
    *,
    user,
    url_kwargs: dict,
    owner=None,
    request=None,
    citizen=None,
    channel: str = "web",
) -> JourneyContext:
    """The request type named by the URL (404 otherwise), and ``user``'s live draft of it.

    URL arguments beyond those naming the request type (the address a waste journey is
    for, say) stay in ``ctx.url_kwargs``: every page of the journey keeps them, and the
    draft remembers them to resume at the same address. A draft saved at other URL
    arguments (another address) is not carried over: answering here replaces it.

    ``owner`` (``owners.Owner``): whose draft it is, a visitor's on journeys open to
    them; by default ``user``'s. Only the owner's draft is ever found
    (``owners.draft_for_owner``).

    ``citizen``: whom the request is for when not ``user`` (the person an agent is
    helping, by ``channel``): the draft and the case are theirs, ``user`` the actor.
    """
    request_type = journey.request_type(**url_kwargs)
    citizen = citizen if citizen is not None else user
    owner = owner if owner is not None else owners.owner_for_user(citizen)
    ctx = JourneyContext(
        journey=journey,
        request_type=request_type,
        actor=user,
        citizen=citizen,
        url_kwargs={**url_kwargs, **journey.url_kwargs(request_type)},
        owner=owner,
        request=request,
        channel=channel,
    )
    if owner.user is not None or owner.visitor_key:
        ctx.draft = owners.draft_for_owner(owner, request_type=request_type)
    journey.check_access(ctx)
    data = journey.upgrade(ctx.draft.answers) if ctx.draft is not None else {}
    if isinstance(data, dict) and (
        data.get("journey", journey.slug) != journey.slug or _saved_elsewhere(data, ctx)
    ):
        data = {}  # another journey's draft of this request type: saving here replaces it
    ctx.answers = Answers.from_json(data)
    return ctx


def _saved_elsewhere(data: dict, ctx: JourneyContext) -> bool:
    """Whether the draft was saved at other URL arguments than these (another address)."""
    saved = data.get("url_kwargs")
    if not isinstance(saved, dict):
        return False
    here = json.loads(json.dumps(ctx.url_kwargs, default=str))
    return {str(k): v for k, v in saved.items()} != here


def journey_walk(ctx: JourneyContext) -> Walk:
    return walk(ctx.journey, ctx, ctx.answers, ctx.journey.steps_for(ctx))


def step_form(ctx: JourneyContext, step, values=None):
    """``step``'s form to show: the answers kept, or the profile's, as initial values
    (``values``: the answers of the steps before it)."""
    return unbound(ctx.journey, step, ctx, ctx.answers, values)


def draft_version(draft: Draft | None, *, shown: str = "") -> str:
    """Names these answers as they are now, and what else the page ``shown`` (a price):
    the check page sends exactly what it showed."""
    if draft is None:
        return ""
    version = f"{draft.pk}:{draft.updated_at.isoformat()}"
    if shown:
        version += ":" + hashlib.sha256(shown.encode()).hexdigest()[:16]
    return version


def case_sent_from_draft(*, ctx: JourneyContext, draft: Draft) -> Case | None:
    """The request another click already made from ``draft`` (which is gone now).

    A person has one draft of a request type at a time, so the newest case of that
    type they made since the draft was started is the one it became.
    """
    found = ctx.journey.case_sent_from_draft(ctx=ctx, draft=draft)
    if found is not None:
        return found
    if not ctx.citizen.is_authenticated:  # a visitor's: the session remembers it
        sent = owners.visitor_sent(getattr(ctx.request, "session", None))
        return Case.objects.filter(
            reference__in=sent[:1], resident__isnull=True, request_type=ctx.request_type
        ).first()
    return (
        Case.objects.filter(
            resident=ctx.citizen, request_type=ctx.request_type, created_at__gte=draft.created_at
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def draft_resume_url(*, user, draft: Draft, owner=None) -> str | None:
    """Where ``user`` picks up ``draft`` of a registered journey (None: no journey has it).
    404 when the URL it was saved at no longer names anything (an address gone)."""
    answers = draft.answers if isinstance(draft.answers, dict) else {}
    journey = journey_get(answers.get("journey"))
    if journey is None:
        return None
    saved = answers.get("url_kwargs")
    saved = {str(k): v for k, v in saved.items()} if isinstance(saved, dict) else {}
    url_kwargs = {**saved, **journey.url_kwargs(draft.request_type)}
    ctx = journey_context(journey, user=user, url_kwargs=url_kwargs, owner=owner)
    if ctx.draft is None or ctx.draft.pk != draft.pk:
        return None
    return journey_resume_url(ctx, journey_walk(ctx))


def journey_resume_url(ctx: JourneyContext, walk: Walk) -> str:
    """Where a person picks up their answers: the first step not answered, else check."""
    if walk.first_unanswered is not None:
        return ctx.journey.step_url(ctx, walk.first_unanswered.name)
    return ctx.journey.url("check", ctx)

"""Reads of the journey engine: the person's draft of a journey, and where they are."""

from __future__ import annotations

from django.utils import timezone

from casework.journeys.definition import Journey, JourneyContext
from casework.journeys.state import Answers, Walk, unbound, walk
from casework.models import Case, Draft


def journey_context(journey: Journey, *, user, url_kwargs: dict) -> JourneyContext:
    """The request type named by the URL (404 otherwise), and ``user``'s live draft of it."""
    request_type = journey.request_type(**url_kwargs)
    ctx = JourneyContext(
        journey=journey,
        request_type=request_type,
        actor=user,
        citizen=user,
        url_kwargs=journey.url_kwargs(request_type),
    )
    if user.is_authenticated:
        ctx.draft = (
            Draft.objects.filter(
                user=user, request_type=request_type, expires_at__gt=timezone.now()
            )
            .order_by("-updated_at", "-pk")
            .first()
        )
    data = journey.upgrade(ctx.draft.answers) if ctx.draft is not None else {}
    ctx.answers = Answers.from_json(data)
    return ctx


def journey_walk(ctx: JourneyContext) -> Walk:
    return walk(ctx.journey, ctx, ctx.answers, ctx.journey.steps(ctx.request_type))


def step_form(ctx: JourneyContext, step, values=None):
    """``step``'s form to show: the answers kept, or the profile's, as initial values
    (``values``: the answers of the steps before it)."""
    return unbound(ctx.journey, step, ctx, ctx.answers, values)


def draft_version(draft: Draft | None) -> str:
    """Names these answers as they are now: the check page sends exactly what it showed."""
    return f"{draft.pk}:{draft.updated_at.isoformat()}" if draft is not None else ""


def case_sent_from_draft(*, ctx: JourneyContext, draft: Draft) -> Case | None:
    """The request another click already made from ``draft`` (which is gone now).

    A person has one draft of a request type at a time, so the newest case of that
    type they made since the draft was started is the one it became.
    """
    return (
        Case.objects.filter(
            resident=ctx.citizen, request_type=ctx.request_type, created_at__gte=draft.created_at
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def journey_resume_url(ctx: JourneyContext, walk: Walk) -> str:
    """Where a person picks up their answers: the first step not answered, else check."""
    if walk.first_unanswered is not None:
        return ctx.journey.step_url(ctx, walk.first_unanswered.name)
    return ctx.journey.url("check", ctx)


def draft_resume_url(journey: Journey, *, user, draft_id) -> str:
    """Where ``user`` continues their saved draft ``draft_id`` of ``journey`` (404 unless
    it is theirs and live): for a service's start page's ``?draft=<id>``."""
    from casework import drafts

    draft = drafts.draft_for_user(user, draft_id)
    url_kwargs = journey.url_kwargs(draft.request_type)
    ctx = journey_context(journey, user=user, url_kwargs=url_kwargs)
    return journey_resume_url(ctx, journey_walk(ctx))

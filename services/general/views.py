"""General enquiries: the start page, and saved requests continued. The question
pages, check your answers, sending, paying and the confirmation are the journey
engine's (``services.general.journey``, ``casework.journeys``)."""

from django.shortcuts import redirect, render

from accounts.access import login_url
from casework import drafts
from casework.journeys import selectors as journey_selectors
from services.general import selectors
from services.general.journey import JOURNEY


def start(request):
    """The service's start page (public). ``?draft=<id>`` continues a saved request."""
    if "draft" in request.GET:
        if not request.user.is_authenticated:
            return redirect(login_url(request.get_full_path()))
        return _continue_draft(request, request.GET["draft"])
    return render(
        request,
        "journeys/service_start.html",
        {
            "service": selectors.service(),
            "request_types": selectors.request_type_list(),
            "type_url_name": "general:question",
        },
    )


def _continue_draft(request, draft_id):
    draft = drafts.draft_for_user(request.user, draft_id)  # 404 unless theirs and live
    ctx = journey_selectors.journey_context(
        JOURNEY, user=request.user, url_kwargs={"type_slug": draft.request_type.slug}
    )
    return redirect(journey_selectors.journey_resume_url(ctx, journey_selectors.journey_walk(ctx)))

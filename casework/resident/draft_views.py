"""Your saved requests (C3): the list, and deleting one. Services continue them."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import signed_in_required
from casework import drafts
from casework.journeys import owners
from casework.journeys.selectors import draft_resume_url
from casework.resident.forms import VisitorSaveForm
from core.rendering import render_form


@signed_in_required
def draft_list(request):
    saved = [
        (draft, drafts.draft_continue_url(draft)) for draft in drafts.draft_list(user=request.user)
    ]
    return render(
        request,
        "casework/drafts/list.html",
        {"saved": saved, "keep_days": settings.DRAFT_KEEP_DAYS},
    )


@signed_in_required
@require_http_methods(["GET", "POST"])
def draft_delete(request, draft_id: int):
    """GET asks "are you sure?"; POST deletes."""
    draft = drafts.draft_for_user(request.user, draft_id)
    if request.method == "POST":
        drafts.draft_discard(user=request.user, draft_id=draft.pk)
        messages.success(
            request,
            _("Your saved request ‘%(name)s’ has been deleted") % {"name": draft.request_type.name},
        )
        return redirect("drafts:list")
    return render(request, "casework/drafts/delete.html", {"draft": draft})


@signed_in_required
def draft_continue(request, draft_id: int):
    """Back into a saved request of a journey, where it stopped (404 unless theirs and live)."""
    url = draft_resume_url(user=request.user, draft=drafts.draft_for_user(request.user, draft_id))
    if url is None:
        raise Http404
    return redirect(url)


@require_http_methods(["GET", "POST"])
def visitor_draft_save(request, draft_id: int):
    """A visitor's "Save and come back later": an e-mail address for a link to it."""
    draft = owners.draft_for_owner_or_404(owners.owner_of(request), draft_id)
    form = VisitorSaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not owners.draft_links_exhausted(draft):
        owners.draft_link_send(draft=draft, email=form.cleaned_data["email"])
        return render(
            request,
            "casework/drafts/visitor_sent.html",
            {"draft": draft, "email": form.cleaned_data["email"]},
        )
    if form.is_bound and not form.errors:
        form.add_error("email", _("You have asked for a link too many times. Try again in an hour"))
    return render_form(request, "casework/drafts/visitor_save.html", {"draft": draft, "form": form})


@never_cache
def draft_resume(request, secret: str):
    """An e-mailed link: the saved answers become this browser's (or this person's), once."""
    owner = owners.owner_of(request, create=True)
    draft = owners.draft_link_follow(secret=secret, owner=owner)
    url = draft_resume_url(user=request.user, draft=draft, owner=owner) if draft else None
    if url is None:
        return render(request, "casework/drafts/link_used.html", status=404)
    return redirect(url)

"""A document's status page and its download: both through ``document_for_viewer``.

Tier 2: the documents made so far are financial or personal records (bills, statements,
letters with a PIN), and a kind's own rule decides who of the signed-in may have one."""

from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control

from accounts.decorators import tier2_required
from documents import actions, selectors
from documents.models import Document

REFRESH_SECONDS = 3


@tier2_required
def status(request, document_id: int):
    """ "Being made" (the page refreshes itself, no JavaScript needed), ready (download it)
    or failed / stuck (try again: POST). Whose it is is asked before anything else."""
    document, kind = selectors.document_for_viewer(user=request.user, document_id=document_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        actions.document_retry(document=document)
        return redirect("documents:status", document_id=document.pk)
    stuck = actions.document_is_stuck(document)
    context = {
        "document": document,
        "label": kind.label,
        "back_url": kind.back_url(document),
        "stuck": stuck,
        "refresh": document.state == Document.State.PENDING and not stuck,
        "refresh_seconds": REFRESH_SECONDS,
    }
    response = render(request, "documents/status.html", context)
    patch_cache_control(response, no_store=True)
    return response


@tier2_required
def download(request, document_id: int):
    document, _kind = selectors.document_for_viewer(user=request.user, document_id=document_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if document.state != Document.State.READY or not document.file:
        return redirect("documents:status", document_id=document.pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename or f"{document.kind}.pdf",
        content_type="application/pdf",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response

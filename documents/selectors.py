"""Reads: the one access function for documents."""

from django.http import Http404

from documents.models import Document
from documents.registry import DocumentKind, kinds


def document_for_viewer(*, user, document_id: int) -> tuple[Document, DocumentKind]:
    """The document and its kind when ``user`` may have it (the kind's rule: by default its
    owner only); Http404 both for "does not exist" and "not yours"."""
    document = Document.objects.filter(pk=document_id).first()
    kind = kinds.get(document.kind) if document is not None else None
    if (
        document is None
        or kind is None
        or not user.is_authenticated
        or not kind.may_view(user, document)
    ):
        raise Http404
    return document, kind


def documents_list(*, kind: str, state: str | None = None):
    documents = Document.objects.filter(kind=kind).select_related("owner").order_by("created_at")
    return documents.filter(state=state) if state else documents

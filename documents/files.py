"""A document's file: made by the worker (``document_render``, queued by
``actions.document_request``), and deleted with the document, one at a time or by the
daily purge. ``documents.tasks`` runs these; this module imports neither the tasks nor
the actions that queue them.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from core import clock
from documents.models import Document
from documents.registry import kinds

log = logging.getLogger(__name__)


def pdf_from_html(html: str) -> bytes:
    """An A4 PDF (WeasyPrint), tagged for screen readers (PDF/UA-1)."""
    from weasyprint import HTML  # deferred: heavy, only where PDFs are made

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def document_render(*, document_id: int) -> Document | None:
    """Make a pending document's PDF (the worker). A failure is recorded (FAILED) for the
    status page to say so; the reason is logged for staff."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.state != Document.State.PENDING:
        return document
    kind = kinds.get(document.kind)
    try:
        if kind is None:
            raise LookupError(f"no document kind {document.kind!r}")
        rendered = kind.render(document)
        content = pdf_from_html(rendered.html)
        stem = slugify(rendered.filename.removesuffix(".pdf"))[:80] or document.kind
        document.file.save(f"{stem}-{document.pk}.pdf", ContentFile(content), save=False)
    except Exception:
        log.exception("documents: document %s (%s) could not be made", document_id, document.kind)
        Document.objects.filter(pk=document.pk, state=Document.State.PENDING).update(
            state=Document.State.FAILED
        )
        document.state = Document.State.FAILED
        return document
    document.state = Document.State.READY
    document.title = rendered.title[:200]
    document.filename = f"{stem}.pdf"
    document.ready_at = clock.now()
    Document.objects.filter(pk=document.pk).update(
        state=document.state,
        title=document.title,
        filename=document.filename,
        file=document.file.name,
        ready_at=document.ready_at,
    )
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """Gone, with its file (a PIN letter once posted)."""
    name = document.file.name if document.file else ""
    storage = document.file.storage
    document.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))


def documents_purge(*, now: datetime.datetime | None = None) -> int:
    """The daily job: documents older than their kind's ``keep_days`` go, with their files."""
    now = now or clock.now()
    gone = 0
    for slug in Document.objects.values_list("kind", flat=True).distinct():
        kind = kinds.get(slug)
        days = kind.keep_days if kind is not None else 7
        old = Document.objects.filter(kind=slug, created_at__lt=now - datetime.timedelta(days=days))
        for document in old.iterator():
            document_delete(document=document)
            gone += 1
    return gone

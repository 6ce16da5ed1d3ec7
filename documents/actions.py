"""Writes: ask for a document, make it (the worker), try again.

``document_request`` is idempotent: the same owner, kind and params find the same
Document, queued to be made once the transaction commits. ``document_render`` is what
the worker runs; it is safe to repeat (anything not pending is left alone).
"""

import datetime
import hashlib
import json
import logging
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from core import clock
from documents.models import Document
from documents.registry import kinds

log = logging.getLogger(__name__)

# A render not finished after this long is taken as lost (a worker died, the broker was
# down): the status page offers to try again.
STUCK_AFTER = datetime.timedelta(minutes=5)


def params_key(params: dict) -> str:
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def document_is_stuck(document: Document, *, now: datetime.datetime | None = None) -> bool:
    now = now or clock.now()
    return document.state == Document.State.PENDING and now - document.created_at > STUCK_AFTER


def _queue_render(document_id: int) -> None:
    from documents.tasks import document_render_task

    try:
        document_render_task.delay(document_id)
    except Exception:  # noqa: BLE001 - broker down: the status page offers to try again
        log.warning("documents: could not queue document %s", document_id, exc_info=True)


def document_request(*, owner, kind: str, params: dict) -> Document:
    """The owner's document of ``kind`` for ``params``, made in the background if new.

    Asking again (a double click, two tabs) gives the same Document; a failed one stays
    failed until someone chooses to try again (``document_retry``)."""
    if kinds.get(kind) is None:
        raise ValueError(f"no document kind {kind!r}")
    params = json.loads(json.dumps(params, cls=DjangoJSONEncoder))  # as it will be stored
    key = params_key(params)
    try:
        with transaction.atomic():
            document, created = Document.objects.select_for_update().get_or_create(
                owner=owner,
                kind=kind,
                key=key,
                defaults={"params": params, "created_at": clock.now()},
            )
            if created:
                transaction.on_commit(partial(_queue_render, document.pk))
    except IntegrityError:  # made by a request at the same moment
        document = Document.objects.get(owner=owner, kind=kind, key=key)
    return document


@transaction.atomic
def document_retry(*, document: Document) -> Document:
    """Back to pending and queued again, after a failure or a render that never finished."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.state == Document.State.FAILED or document_is_stuck(document):
        document.state = Document.State.PENDING
        document.created_at = clock.now()
        document.save(update_fields=["state", "created_at"])
        transaction.on_commit(partial(_queue_render, document.pk))
    return document


def pdf_from_html(html: str) -> bytes:
    """An A4 PDF (WeasyPrint), tagged for screen readers (PDF/UA-1)."""
    from weasyprint import HTML  # heavy: only where PDFs are made

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


def html_for_pdf(template: str, context: dict) -> str:
    """A document's HTML from a template extending ``documents/pdf_base.html``, with the
    council's name and contact details."""
    from django.template.loader import render_to_string

    return render_to_string(
        template,
        {
            "council_name": settings.COUNCIL_NAME,
            "portal_name": settings.PORTAL_NAME,
            "portal_url": settings.PORTAL_BASE_URL,
            "contact_email": settings.COUNCIL_CONTACT_EMAIL,
            "contact_phone": settings.COUNCIL_CONTACT_PHONE,
            **context,
        },
    )


def documents_on_account_closed(user) -> None:
    """Closing an account (A9): the person's documents are copies; they go, files too."""
    for document in Document.objects.filter(owner=user):
        document_delete(document=document)


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

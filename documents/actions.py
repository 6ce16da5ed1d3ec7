"""Writes: ask for a document, try again, and what closing an account does to them.

``document_request`` is idempotent: the same owner, kind and params find the same
Document, queued to be made once the transaction commits (``tasks.document_render_task``).
What the worker then does, and deleting a document with its file, is in
``documents.files``.
"""

import datetime
import hashlib
import json
import logging
from functools import partial

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from core import clock
from documents import tasks
from documents.files import document_delete
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
    try:
        tasks.document_render_task.delay(document_id)
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


def html_for_pdf(template: str, context: dict) -> str:
    """A document's HTML from a template extending ``documents/pdf_base.html``, with the
    council's name and contact details."""
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

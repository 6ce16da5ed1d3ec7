"""The access matrix's entries for documents: made PDFs and their downloads.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider

NOT_HTML = {
    "documents:download",
}


NOT_CRAWLED = {
    "documents:download": "a PDF download (tests/e2e/test_council_tax.py downloads one)",
}


def _own_document(user, session) -> Provided:
    """A bill PDF of ``user``'s, made (the file stored, as the worker stores it)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.models import Document

    document = Document.objects.create(
        owner=user,
        kind="council-tax-bill",
        key=f"bill-{user.pk}",
        params={},
        state=Document.State.READY,
        title="Council tax bill 2026-27",
        filename="council-tax-bill-2026-27.pdf",
        created_at=timezone.now(),
    )
    document.file.save("council-tax-bill.pdf", ContentFile(b"%PDF-1.7 a bill"))
    return Provided({"document_id": document.pk}, document)


PROVIDERS: dict[str, Provider] = {
    "documents:status": Provider(_own_document, owned=True),
    "documents:download": Provider(_own_document, owned=True),
}

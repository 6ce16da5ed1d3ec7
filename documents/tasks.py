from celery import shared_task

from documents.files import document_render, documents_purge


@shared_task(ignore_result=True)
def document_render_task(document_id: int) -> None:
    """Queued when someone asks for a document that is not made yet."""
    document_render(document_id=document_id)


@shared_task(ignore_result=True)
def purge_documents_task() -> None:
    """Daily: documents past their kind's keeping time go, with their files."""
    documents_purge()

from celery import shared_task

from services.general import actions


@shared_task(ignore_result=True)
def purge_pending_files_task() -> None:
    """Daily: files waiting to be sent whose saved request has gone (expired, deleted)."""
    actions.pending_files_purge()

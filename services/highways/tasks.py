from celery import shared_task

from services.highways.actions import report


@shared_task(ignore_result=True)
def purge_pending_photos_task() -> None:
    """Daily: photos chosen for street reports that were never sent."""
    report.pending_photos_purge()

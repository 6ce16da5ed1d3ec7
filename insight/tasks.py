from celery import shared_task

from insight.actions import summaries_refresh


@shared_task(ignore_result=True)
def refresh_summaries_task() -> None:
    summaries_refresh()

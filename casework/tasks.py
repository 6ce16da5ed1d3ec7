from celery import shared_task

from casework import actions, drafts


@shared_task(ignore_result=True)
def escalate_overdue_cases_task() -> None:
    actions.cases_escalate_overdue()


@shared_task(ignore_result=True)
def send_draft_reminders_task() -> None:
    drafts.drafts_send_reminders()


@shared_task(ignore_result=True)
def expire_drafts_task() -> None:
    drafts.drafts_expire()

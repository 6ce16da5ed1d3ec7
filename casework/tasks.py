from celery import shared_task

from casework import actions


@shared_task(ignore_result=True)
def escalate_overdue_cases_task() -> None:
    actions.cases_escalate_overdue()

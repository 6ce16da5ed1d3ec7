from celery import shared_task

from casework import actions, attachments, drafts
from casework.inbound.polling import back_office_poll_all
from casework.journeys.actions import pending_files_purge


@shared_task(ignore_result=True)
def escalate_overdue_cases_task() -> None:
    actions.cases_escalate_overdue()


@shared_task(ignore_result=True)
def send_draft_reminders_task() -> None:
    drafts.drafts_send_reminders()


@shared_task(ignore_result=True)
def expire_unpaid_cases_task() -> None:
    actions.cases_expire_unpaid()


@shared_task(ignore_result=True)
def expire_drafts_task() -> None:
    drafts.drafts_expire()


@shared_task(ignore_result=True)
def poll_back_offices_task() -> None:
    back_office_poll_all()


@shared_task(ignore_result=True)
def purge_journey_pending_files_task() -> None:
    """Daily: files waiting to be sent whose saved request has gone (expired, deleted)."""
    pending_files_purge()


@shared_task(ignore_result=True)
def sweep_stored_files_task() -> None:
    """Daily: files stored for requests whose transaction rolled back."""
    attachments.attachments_sweep()


@shared_task(ignore_result=True)
def warn_member_enquiries_due_task() -> None:
    """Daily: officers warned before a councillor's reply is due."""
    actions.member_enquiries_warn_due()

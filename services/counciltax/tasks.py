from celery import shared_task

from services.counciltax.reminders import council_tax_reminders_send


@shared_task(ignore_result=True)
def send_council_tax_reminders_task() -> None:
    """Daily, 10:00: reminders of council tax instalments due within a few days."""
    council_tax_reminders_send()

"""The housing service's periodic work. Thin: each task calls one action."""

from celery import shared_task

from services.housing.actions import repairs_diary_sync
from services.housing.reminders import rent_reminders_send


@shared_task(ignore_result=True)
def repairs_diary_sync_task() -> None:
    """Every 15 minutes: the repairs diary follows the contractor's availability."""
    repairs_diary_sync()


@shared_task(ignore_result=True)
def send_rent_reminders_task() -> None:
    """Every evening: reminders of rent due tomorrow, for the tenants who asked for them."""
    rent_reminders_send()

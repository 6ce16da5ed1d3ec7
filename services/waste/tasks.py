"""The waste service's background and periodic work. Thin: each task calls one action."""

from celery import shared_task

from services.waste.actions import bulky, calendar_pdf, garden, reminders


@shared_task(ignore_result=True)
def send_bin_reminders_task() -> None:
    """18:00 Europe/London (CELERY_BEAT_SCHEDULE): tomorrow's collections, one message each."""
    reminders.reminders_send()


# --- Bulky collections (services/waste/actions/bulky.py; its refund task, queued by the
# bookings' actions, is in services/waste/actions/bulky_refunds.py) ---


@shared_task(ignore_result=True)
def bulky_tidy_task() -> None:
    """Every 15 minutes: release days held by unpaid bookings, follow outcomes made on the
    case pages, retry refunds still owed."""
    bulky.bulky_bookings_tidy()


@shared_task(ignore_result=True)
def bulky_reminders_task() -> None:
    """Daily: reminders 3 days and 1 day before each bulky collection, once each."""
    bulky.bulky_reminders_send()


# --- Garden waste subscriptions (services/waste/actions/garden.py) ---


@shared_task(ignore_result=True)
def garden_daily_task() -> None:
    """Daily, 09:15: ended subscriptions marked, renewal reminders sent (once each)."""
    garden.garden_daily()


# --- Bin days: the printable calendar (services/waste/actions/calendar_pdf.py) ---


@shared_task(ignore_result=True)
def calendar_pdf_render_task(pdf_id: int) -> None:
    """Queued when a resident asks for a printable calendar that is not made yet."""
    calendar_pdf.calendar_pdf_render(pdf_id=pdf_id)

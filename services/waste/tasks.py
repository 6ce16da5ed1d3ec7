"""The waste service's background and periodic work. Thin: each task calls one action."""

from celery import shared_task

from services.waste.actions import reminders


@shared_task(ignore_result=True)
def send_bin_reminders_task() -> None:
    """18:00 Europe/London (CELERY_BEAT_SCHEDULE): tomorrow's collections, one message each."""
    reminders.reminders_send()


# --- Bulky collections (services/waste/actions/bulky.py) ---


@shared_task(ignore_result=True)
def bulky_tidy_task() -> None:
    """Every 15 minutes: release days held by unpaid bookings, follow outcomes made on the
    case pages, retry refunds still owed."""
    from services.waste.actions import bulky

    bulky.bulky_bookings_tidy()


@shared_task(ignore_result=True)
def bulky_reminders_task() -> None:
    """Daily: reminders 3 days and 1 day before each bulky collection, once each."""
    from services.waste.actions import bulky

    bulky.bulky_reminders_send()


@shared_task(ignore_result=True)
def bulky_refund_task(booking_id: int) -> None:
    """Right after a cancellation or a smaller booking: give back what is owed."""
    from services.waste.actions import bulky

    bulky.bulky_refund(booking_id=booking_id)


# --- Garden waste subscriptions (services/waste/actions/garden.py) ---


@shared_task(ignore_result=True)
def garden_daily_task() -> None:
    """Daily, 09:15: ended subscriptions marked, renewal reminders sent (once each)."""
    from services.waste.actions import garden

    garden.garden_daily()


# --- Bin days: the printable calendar (services/waste/actions/collections.py) ---


@shared_task(ignore_result=True)
def calendar_pdf_render_task(pdf_id: int) -> None:
    """Queued when a resident asks for a printable calendar that is not made yet."""
    from services.waste.actions import collections

    collections.calendar_pdf_render(pdf_id=pdf_id)

"""Jobs of bookings (thin: each calls one action)."""

from celery import shared_task

from casework.bookings import actions


@shared_task(ignore_result=True)
def send_booking_reminders_task() -> int:
    actions.bookings_release_finished()
    return actions.booking_reminders_send()

from django import template

from casework.bookings import selectors

register = template.Library()


@register.filter
def booking_when(booking) -> str:
    """A booking's day (and half day): 'Thursday 12 November 2026, morning'."""
    return selectors.booking_label(booking) if booking else ""

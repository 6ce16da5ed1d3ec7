"""The project's one clock: what time and day it is for the council.

Every business rule that depends on the date or time (bin days, booking windows,
bills, deadlines) asks here, never ``timezone.now()`` or ``date.today()`` directly, so
that tests move the whole project's time in one place (the ``clock`` fixture in
tests/conftest.py) and a date is always the council's date, not the server's UTC one.
"""

import datetime

from django.utils import timezone

# Where the current moment comes from; the tests' clock fixture replaces it.
_source = timezone.now


def now() -> datetime.datetime:
    """The current moment, time-zone aware, in the council's zone (settings.TIME_ZONE)."""
    return timezone.localtime(_source())


def today() -> datetime.date:
    """The council's date today."""
    return now().date()

"""Dates and times in GOV.UK style, in the council's time zone.

Plain functions, so that forms, journeys and views of any layer can word a date the
way the pages do; portal/templatetags/govuk.py registers them as template filters.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def govuk_date(value) -> str:
    """'14 March 2027', the GOV.UK way."""
    if not value:
        return ""
    return formats.date_format(_local(value), "j F Y")


def govuk_time(value) -> str:
    """'2:30pm', '9am', 'midday', 'midnight' (GOV.UK style guide)."""
    if value.minute == 0 and value.hour in (0, 12):
        return gettext("midnight") if value.hour == 0 else gettext("midday")
    hour = value.hour % 12 or 12
    suffix = gettext("am") if value.hour < 12 else gettext("pm")
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def govuk_clock(value) -> str:
    """'2:30pm': the time of day, in the portal's time zone."""
    if not value:
        return ""
    return govuk_time(_local(value))


def govuk_datetime(value) -> str:
    """'14 March 2027 at 2:30pm', in the portal's time zone."""
    if not value:
        return ""
    value = _local(value)
    return gettext("%(date)s at %(time)s") % {
        "date": formats.date_format(value, "j F Y"),
        "time": govuk_time(value),
    }

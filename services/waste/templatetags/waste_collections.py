"""Bin days in templates: the home page's next collections and "Today"/"Tomorrow" dates.

{% load waste_collections %}
{% waste_next_collections user as upcoming %}   the next collection of each stream at
                                                the account's address (two queries)
{{ collection.date|bin_day:today }}             "Today (Tuesday 24 November)",
                                                "Tomorrow (...)", "Tuesday 24 November"
{{ some_date|bin_weekday }}                     "Tuesday 24 November" (year if not this one)
"""

import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext

from core import clock
from services.waste.selectors import collections as selectors

register = template.Library()


@register.simple_tag
def waste_next_collections(user):
    """The next collection of each stream at ``user``'s address, with ``today``."""
    today = clock.today()
    return {
        "today": today,
        "collections": selectors.user_next_collections(user=user, today=today),
    }


def _weekday_date(day: datetime.date, today: datetime.date | None = None) -> str:
    today = today or clock.today()
    pattern = "l j F" if day.year == today.year else "l j F Y"
    return formats.date_format(day, pattern)


@register.filter
def bin_weekday(day, today=None):
    if not day:
        return ""
    return _weekday_date(day, today)


@register.filter
def bin_day(day, today=None):
    """A collection day as residents say it, relative to ``today``."""
    if not day:
        return ""
    today = today or clock.today()
    text = _weekday_date(day, today)
    if day == today:
        return gettext("Today (%(day)s)") % {"day": text}
    if day == today + datetime.timedelta(days=1):
        return gettext("Tomorrow (%(day)s)") % {"day": text}
    return text

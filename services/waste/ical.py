"""An address's bin days as an iCalendar feed (RFC 5545, with RFC 7986's name and refresh
interval), for calendar apps to subscribe to."""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from core import clock
from services.waste.models import Stream
from services.waste.selectors import collections as selectors

FEED_WEEKS_BACK = 4
FEED_DAYS_AHEAD = 366
FEED_REFRESH = datetime.timedelta(hours=12)  # how often calendar apps should fetch it again


def _feed_host() -> str:
    return urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def _event_summary(entry: selectors.CalendarEntry) -> str:
    summary = {
        Stream.REFUSE: _("Rubbish collection"),
        Stream.RECYCLING: _("Recycling collection"),
        Stream.FOOD: _("Food waste collection"),
        Stream.GARDEN: _("Garden waste collection"),
    }.get(entry.stream, entry.stream_label)
    if entry.cancelled:
        return _("Cancelled: %(collection)s") % {"collection": summary}
    return summary


def _day_text(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _event_description(entry: selectors.CalendarEntry, page_url: str) -> str:
    lines = []
    if entry.cancelled:
        lines.append(_("There is no collection this day."))
    elif entry.moved:
        lines.append(
            _("Moved from %(day)s.") % {"day": _day_text(entry.usual_date)},
        )
    if entry.reason:
        lines.append(entry.reason)
    lines.append(_("Bin days: %(url)s") % {"url": page_url})
    return "\n".join(lines)


def address_ical(*, address, today: datetime.date, page_url: str) -> bytes:
    """The address's collections from a few weeks back to a year ahead as an iCalendar.

    Each event's UID is its round and usual day, so when a collection moves or is
    cancelled, calendar apps update the event they have instead of adding another.
    """
    entries = selectors.address_calendar(
        address=address,
        start=today - datetime.timedelta(weeks=FEED_WEEKS_BACK),
        end=today + datetime.timedelta(days=FEED_DAYS_AHEAD),
    )
    name = _("Bin collections: %(address)s") % {"address": address.line1}
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL_NAME}//{settings.PORTAL_NAME} bin days//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)
    cal.add("description", _("Bin collection days at %(address)s") % {"address": address})
    cal.add("url", page_url)
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    cal.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH))
    stamp = clock.now().replace(microsecond=0)
    uid_end = f"{address.uprn}@{_feed_host()}"
    for entry in entries:
        cal.add_component(_event(entry, stamp=stamp, uid_end=uid_end, page_url=page_url))
    return cal.to_ical()


def _event(entry: selectors.CalendarEntry, *, stamp, uid_end: str, page_url: str):
    event = icalendar.Event()
    event.add("uid", f"{entry.usual_date:%Y%m%d}-round{entry.round.pk}-{uid_end}")
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.date)
    event.add("dtend", entry.date + datetime.timedelta(days=1))
    event.add("summary", _event_summary(entry))
    event.add("description", _event_description(entry, page_url))
    event.add("transp", "TRANSPARENT")  # a bin day does not make anyone busy
    event.add("categories", [entry.stream_label])
    event.add("sequence", 1 if (entry.moved or entry.cancelled) else 0)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event

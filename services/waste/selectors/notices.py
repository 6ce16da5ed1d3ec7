"""S-W7: rounds, or streets on them, that staff say were missed on a day, and why.

``known_missed`` is for the missed-bin report: when a notice covers the
resident's collection, their page explains the known reason instead of opening
a case.
"""

import datetime
import re

from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Address
from services.waste import schedule
from services.waste.models import MissedRoundNotice, Round, Stream
from services.waste.selectors.collections import changes_around, pattern
from services.waste.selectors.reminders import day_phrase, reminders_that_send, short_address

DAYS_BACK = 14  # how long ago a missed collection can be announced
RECENT = 50  # notices on the staff page


def may_send_notices(user) -> bool:
    """Who may tell residents a round was missed (AD2, least privilege): the roles with
    the permission: the contact centre (agents hear it first from crews and callers),
    caseworkers and their leads and managers, administrators. Councillors and their
    support officers raise enquiries for residents; they do not run the service."""
    if not (user.is_authenticated and user.is_staff):
        return False
    return roles.has_role_permission(user, roles.SEND_SERVICE_NOTICES)


# --- Streets ---------------------------------------------------------------------------

# "14 Mill Lane", "14A Mill Lane", "14-16 Mill Lane", "14, Mill Lane": the number, then the street.
_NUMBERED = re.compile(r"^\d+[A-Za-z]?(?:\s*[-–/]\s*\d+[A-Za-z]?)?,?\s+(?P<street>\S.*)$")


def _tidy(text: str) -> str:
    return " ".join(text.split())


def street_from_lines(*lines: str) -> str:
    """The street an address is on, from its lines (as the gazetteer import writes them:
    'Flat 2' / 'Rose Cottage' / '14A Mill Lane' / a locality).

    The first line, or part after a comma ('Flat 2, 14 Mill Lane'), that starts
    with a house number, less the number; for a house with a name and no number
    ('Rose Cottage' / 'Hollow Lane'), the line after the name.
    """
    lines = [_tidy(line) for line in lines if line and line.strip()]
    for line in lines:
        for part in reversed(line.split(",")):
            match = _NUMBERED.match(part.strip())
            if match:
                return match["street"]
    if len(lines) >= 2:
        return lines[1]
    return lines[0] if lines else ""


def street_of(address) -> str:
    return street_from_lines(address.line1, address.line2, address.line3)


def same_street(a: str, b: str) -> bool:
    return _tidy(a).casefold() == _tidy(b).casefold()


def streets_on_round(*, round_: Round) -> list[str]:
    """Every street with an address on the round, in order (one query)."""
    streets: dict[str, str] = {}
    lines = Address.objects.filter(waste_rounds__round=round_).values_list(
        "line1", "line2", "line3"
    )
    for line1, line2, line3 in lines.iterator(chunk_size=2000):
        street = street_from_lines(line1, line2, line3)
        if street:
            streets.setdefault(street.casefold(), street)
    return sorted(streets.values(), key=str.casefold)


# --- Rounds and days -------------------------------------------------------------------


def rounds_for_notices() -> list[Round]:
    return list(Round.objects.filter(active=True).order_by("stream", "weekday", "name"))


def round_recent_days(*, round_: Round, today: datetime.date) -> list[datetime.date]:
    """The round's collection days (after changes) from DAYS_BACK ago to today, newest first."""
    start = today - datetime.timedelta(days=DAYS_BACK)
    changes = changes_around(start=start, end=today, round_ids=[round_.pk])
    found = schedule.collections(pattern(round_), changes, start=start, end=today)
    return sorted({collection.date for collection in found}, reverse=True)


# --- Notices ---------------------------------------------------------------------------


def notice_list(*, limit: int = RECENT) -> list[MissedRoundNotice]:
    """The newest notices first, with their rounds and who sent them (one query)."""
    return list(MissedRoundNotice.objects.select_related("round", "created_by")[:limit])


def notice_covering(*, round_: Round, street: str, day: datetime.date) -> MissedRoundNotice | None:
    """A notice already sent for this round and day that covers ``street`` (blank: the round)."""
    for notice in MissedRoundNotice.objects.filter(round=round_, date=day):
        if not notice.street or (street and same_street(notice.street, street)):
            return notice
    return None


def notice_audience(*, round_: Round):
    """Subscriptions that hear about a notice: reminders on, at an address on the round.

    A queryset in primary-key order; a street notice's audience is narrowed
    further by ``in_street`` (the street is read from the address lines).
    """
    return (
        reminders_that_send()
        .filter(address__waste_rounds__round=round_)
        .select_related("user", "address")
        .order_by("pk")
    )


def in_street(subscription, street: str) -> bool:
    return not street or same_street(street_of(subscription.address), street)


def known_missed(*, address, stream: str, day: datetime.date) -> MissedRoundNotice | None:
    """The notice that explains why ``stream`` was not collected at ``address`` on ``day``.

    A notice matches when it is for the round that collects ``stream`` at the
    address and for that day, and is either for the whole round or for the
    address's street (compared with its street line, case and spaces aside).
    A street notice wins over a whole-round one; the newest wins among equals.
    One query. ``address`` is an accounts.models.Address.
    """
    notices = list(
        MissedRoundNotice.objects.filter(
            date=day,
            round__properties__address=address,
            round__properties__stream=stream,
        )
        .select_related("round")
        .order_by("-created_at", "-pk")
    )
    if not notices:
        return None
    street = street_of(address)
    for notice in notices:
        if notice.street and same_street(notice.street, street):
            return notice
    for notice in notices:
        if not notice.street:
            return notice
    return None


# --- What residents are told ---------------------------------------------------------------


def _sentence(text: str) -> str:
    text = _tidy(text)
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


def compose_notice(*, notice: MissedRoundNotice, recipient, address, stop_url: str):
    """(subject, body) telling one resident that their collection was missed, and why."""
    what = str(Stream(notice.round.stream).label).lower()
    day = day_phrase(notice.date)
    subject = _("We could not collect your %(what)s on %(day)s") % {"what": what, "day": day}
    first = _("We could not collect %(what)s from %(address)s on %(day)s.") % {
        "what": what,
        "address": short_address(address),
        "day": day,
    }
    reason = _sentence(notice.reason)
    back = _sentence(notice.when_back)
    no_report = _("You do not need to report it as a missed collection.")
    if recipient.channel == "sms":
        parts = [first, reason, back, no_report, _("Stop: %(url)s") % {"url": stop_url}]
        return subject, " ".join(part for part in parts if part)
    lines = [first, "", reason]
    if back:
        lines += ["", back]
    lines += [
        "",
        no_report,
        "",
        _("You get this because you asked us for bin collection reminders."),
        _("To stop them, go to %(url)s") % {"url": stop_url},
    ]
    return subject, "\n".join(lines)

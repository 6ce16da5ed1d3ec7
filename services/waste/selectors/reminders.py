"""Bin reminders: whose they are, and what the evening-before message says (S-W2, A5).

Who may see a subscription is decided here: a resident's own (404 otherwise), or
whoever holds the link from a message (the one-click unsubscribe token).
"""

import datetime
import functools

from django.http import Http404
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts import reminder_stops
from accounts.models import Address, User
from services.waste.models import PropertyRound, ReminderSubscription, Stream
from services.waste.selectors import common
from services.waste.selectors.common import Recipient

PUT_OUT_BY = "7am"  # what every reminder asks; the crews start at 7
MAX_ACTIVE_PER_PERSON = 10  # a person's own home, family, a few properties; not a street


def address_for_reminders(*, uprn: int) -> Address:
    """A gazetteer address by UPRN (404 when there is none)."""
    try:
        return Address.objects.get(pk=uprn)
    except Address.DoesNotExist:
        raise Http404 from None


def address_has_collections(*, address: Address) -> bool:
    return PropertyRound.objects.filter(address=address, round__active=True).exists()


def reminder_for_address(*, user, address: Address) -> ReminderSubscription | None:
    return ReminderSubscription.objects.filter(user=user, address=address).first()


def reminder_list(*, user) -> list[ReminderSubscription]:
    """The person's reminders that are on, with their addresses (one query)."""
    return list(
        ReminderSubscription.objects.filter(user=user, active=True)
        .select_related("address")
        .order_by("address__postcode", "address__line1", "pk")
    )


def reminder_for_owner(*, user, subscription_id: int) -> ReminderSubscription:
    """The person's own subscription: 404 for one that does not exist or is not theirs."""
    try:
        return ReminderSubscription.objects.select_related("address").get(
            pk=subscription_id, user=user
        )
    except ReminderSubscription.DoesNotExist:
        raise Http404 from None


def reminder_for_token(*, token: str) -> ReminderSubscription:
    """The subscription a message's stop link names: 404 for a token that names none."""
    if not token or len(token) > 64:
        raise Http404
    try:
        return ReminderSubscription.objects.select_related("address").get(token=token)
    except ReminderSubscription.DoesNotExist:
        raise Http404 from None


def reminders_that_send():
    """Subscriptions that are on, of open accounts that still want reminders (A5)."""
    return ReminderSubscription.objects.filter(
        active=True,
        user__is_active=True,
        user__closed_at__isnull=True,
        user__notify_reminders=True,
    )


def reminder_count(*, user) -> int:
    return ReminderSubscription.objects.filter(user=user, active=True).count()


# --- How and what we send ----------------------------------------------------------------


def recipient_for(user: User) -> Recipient | None:
    """The resident's own channel (A5), unless they turned reminders off."""
    return common.recipient_for(user, reminder=True)


def channel_description(user: User) -> str:
    """'by email to sam@example.org' or 'by text message to +447700900123', for pages."""
    if user.preferred_channel == User.Channel.SMS and user.phone:
        return _("by text message to %(number)s") % {"number": user.phone}
    return _("by email to %(email)s") % {"email": user.email}


def short_address(address: Address) -> str:
    """The address without its town and postcode: '14 Mill Lane', 'Flat 2, 14 Mill Lane'."""
    return ", ".join(line for line in (address.line1, address.line2, address.line3) if line)


def streams_phrase(streams) -> str:
    """'rubbish', 'rubbish and food waste', 'rubbish, recycling and food waste'."""
    order = list(Stream.values)
    names = [
        str(Stream(stream).label).lower()
        for stream in sorted(set(streams), key=lambda s: order.index(s))
    ]
    if len(names) <= 1:
        return "".join(names)
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def day_phrase(day: datetime.date) -> str:
    """'Tuesday 24 November'."""
    return formats.date_format(day, "l j F")


def stop_url_maker():
    """A function subscription id -> the one-click stop link, signed
    (``accounts.reminder_stops``; reversed once, for jobs that send many)."""
    return reminder_stops.stop_url_maker(STOP_KIND)


STOP_KIND = "bins"


def reminder_for_stop_link(pk: int) -> ReminderSubscription | None:
    return ReminderSubscription.objects.select_related("address").filter(pk=pk).first()


def reminder_stop_words(subscription: ReminderSubscription) -> str:
    """What a stop link stops, after "You will not get any more"."""
    return _(
        "reminders the evening before bin collections at %(address)s, or messages when we "
        "miss a collection there"
    ) % {"address": short_address(subscription.address)}


def reminder_text(
    *, day: datetime.date, streams, moved: bool = False, moved_reason: str = ""
) -> tuple[str, str]:
    """(subject, the sentence every reminder starts with). ``moved``: not the usual day."""
    what = streams_phrase(streams)
    sentence = _("Tomorrow (%(day)s): %(what)s. Put your bins out by %(time)s.") % {
        "day": day_phrase(day),
        "what": what,
        "time": PUT_OUT_BY,
    }
    if moved and moved_reason:
        sentence += " " + _("This is not the usual day: %(reason)s.") % {
            "reason": moved_reason.rstrip(". ")
        }
    elif moved:
        sentence += " " + _("This is not the usual day.")
    subject = _("Bin collection tomorrow: %(what)s") % {"what": what}
    return subject, sentence


@functools.lru_cache(maxsize=8)
def _phrases(language: str | None) -> dict[str, str]:
    """The fixed words of a reminder, translated once per language (jobs compose thousands)."""
    return {
        "sms_where": _("Bins at %(address)s."),
        "sms_stop": _("Stop reminders: %(url)s"),
        "address": _("Address: %(address)s"),
        "why": _("You asked us to remind you the evening before each collection."),
        "stop": _("To stop these reminders, go to %(url)s"),
    }


def compose_reminder(
    *, recipient: Recipient, subject: str, sentence: str, address: Address, stop_url: str
) -> tuple[str, str]:
    """(subject, body) of one evening-before reminder for its channel (``reminder_text``'s)."""
    words = _phrases(translation.get_language())
    if recipient.channel == "sms":
        where = words["sms_where"] % {"address": short_address(address)}
        return subject, f"{where} {sentence} {words['sms_stop'] % {'url': stop_url}}"
    body = "\n".join(
        [
            sentence,
            "",
            words["address"] % {"address": address.single_line},
            "",
            words["why"],
            words["stop"] % {"url": stop_url},
        ]
    )
    return subject, body


# --- Download my data (A9) ---------------------------------------------------------------


def reminders_export(user) -> list[dict]:
    """'Download my data': every address the person asked for reminders for."""
    return [
        {
            "address": subscription.address.single_line,
            "reminders_on": subscription.active,
            "asked_for": subscription.created_at.isoformat(),
            "last_reminded_for": (
                subscription.last_sent_for.isoformat() if subscription.last_sent_for else None
            ),
        }
        for subscription in ReminderSubscription.objects.filter(user=user)
        .select_related("address")
        .order_by("created_at", "pk")
    ]


def reminders_tell_us_once_offer(user, change) -> str:
    """What moving the person's bin reminders would do, or "" (no reminders, a phone
    change, or a new address with no collections)."""
    if change.kind != "address" or not change.uprn:
        return ""
    reminders = [r for r in reminder_list(user=user) if r.address_id != change.uprn]
    if not reminders:
        return ""
    address = Address.objects.filter(pk=change.uprn).first()
    if address is None or not address_has_collections(address=address):
        return ""
    return _("Send your bin collection reminders for %(new)s instead of %(old)s") % {
        "new": address.line1,
        "old": ", ".join(r.address.line1 for r in reminders),
    }

"""Rounds, addresses on them and bin reminders, for the reminders and notices tests."""

import datetime
import itertools

from accounts.models import User
from services.waste.models import PropertyRound, ReminderSubscription, Round, Stream
from tests.factories import AddressFactory, UserFactory

TUESDAY = datetime.date(2026, 11, 24)  # "Tomorrow (Tuesday 24 November)"
_codes = itertools.count(1)


def make_round(
    stream=Stream.REFUSE, *, day: datetime.date = TUESDAY, every_weeks: int = 1, **extra
) -> Round:
    """A round that collects on ``day`` (and every ``every_weeks`` weeks either side)."""
    n = next(_codes)
    defaults = {
        "code": f"{stream}-{day:%a}-{n}".lower(),
        "name": f"{day:%A} {Stream(stream).label.lower()} round {n}",
        "stream": stream,
        "weekday": day.weekday(),
        "every_weeks": every_weeks,
        "first_date": day - datetime.timedelta(weeks=4 * every_weeks),
    }
    return Round.objects.create(**{**defaults, **extra})


def put_on(address, *rounds) -> None:
    PropertyRound.objects.bulk_create(
        [PropertyRound(address=address, round=r, stream=r.stream) for r in rounds]
    )


def household(*rounds, line1=None, user=None, channel=User.Channel.EMAIL, phone="", **user_extra):
    """An address on ``rounds``, a resident and their reminders for it."""
    address = AddressFactory(**({"line1": line1} if line1 else {}))
    put_on(address, *rounds)
    if user is None:
        user = UserFactory(preferred_channel=channel, phone=phone, **user_extra)
    return ReminderSubscription.objects.create(user=user, address=address)

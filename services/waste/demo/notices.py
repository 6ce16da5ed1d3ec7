"""Demo missed collection notice: a rubbish round the crew could not finish last week.

Recorded as if staff had sent it (``residents_told`` counts who would have been
told), without sending anything: demo data never messages anyone. Safe to load
again: a notice already there is left as it is. Needs the collections demo's rounds.
"""

import datetime

from accounts.models import User
from core import clock
from services.waste.models import MissedRoundNotice, PropertyRound, Stream
from services.waste.selectors import notices as selectors
from services.waste.selectors.collections import rounds_collecting_on
from services.waste.selectors.reminders import recipient_for

AGENT = "agent@millbrook.example"
REASON = "The collection lorry broke down"
WHEN_BACK = "We came back the next morning"


def _last_week_round(today: datetime.date):
    """A rubbish round that collected 3 to 7 days ago, not the one at Sam's (his bins were fine)."""
    sams = set(
        PropertyRound.objects.filter(
            address__line1="1 Mill Lane", address__postcode="MB1 1AA"
        ).values_list("round_id", flat=True)
    )
    fallback = None
    for back in range(3, 8):
        day = today - datetime.timedelta(days=back)
        for round_, collection in rounds_collecting_on(day=day):
            if round_.stream != Stream.REFUSE:
                continue
            if round_.pk not in sams:
                return round_, collection.date
            fallback = fallback or (round_, collection.date)
    return fallback or (None, None)


def load() -> str:
    existing = MissedRoundNotice.objects.filter(reason=REASON).select_related("round").first()
    if existing is not None:
        return f"Missed collection notice: already there ({existing.round.code}, {existing.date})"
    round_, day = _last_week_round(clock.today())
    if round_ is None:
        return "Missed collection notice: no waste rounds yet, so none recorded"
    told = sum(
        1
        for subscription in selectors.notice_audience(round_=round_)
        if recipient_for(subscription.user) is not None
    )
    MissedRoundNotice.objects.create(
        round=round_,
        date=day,
        reason=REASON,
        when_back=WHEN_BACK,
        created_by=User.objects.filter(email=AGENT).first(),
        residents_told=told,
    )
    return f"Missed collection notice: {round_.code} on {day}, {told} residents with reminders"

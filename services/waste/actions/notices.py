"""S-W7: staff say a round, or a street on it, was missed; residents with reminders are told.

One transaction: the notice, one outbox message for each resident told (their
own channel; idempotency key ``missed-notice-<notice>-<subscription>``), and
the count kept on the notice. Messages leave after commit.
"""

import datetime
import logging

from django.db import transaction

from integrations.outbox.actions import Outgoing, message_enqueue_many
from services.waste.models import MissedRoundNotice, Round
from services.waste.selectors import notices as selectors
from services.waste.selectors.reminders import recipient_for, stop_url_maker

log = logging.getLogger(__name__)

CHUNK = 1000


class NoticeExists(Exception):
    """Residents were already told about this round (or this street) on this day."""

    def __init__(self, notice: MissedRoundNotice):
        super().__init__(f"notice {notice.pk} covers it")
        self.notice = notice


@transaction.atomic
def missed_round_notice_create(
    *,
    round_: Round,
    street: str,
    day: datetime.date,
    reason: str,
    when_back: str,
    created_by,
) -> MissedRoundNotice:
    """Record a missed round (or street) and tell the residents who have reminders on."""
    # One notice at a time for a round, so that a double click cannot tell people twice.
    Round.objects.select_for_update().filter(pk=round_.pk).first()
    existing = selectors.notice_covering(round_=round_, street=street, day=day)
    if existing is not None:
        raise NoticeExists(existing)
    notice = MissedRoundNotice.objects.create(
        round=round_,
        street=street,
        date=day,
        reason=reason,
        when_back=when_back,
        created_by=created_by,
    )
    notice.residents_told = _tell_residents(notice)
    notice.save(update_fields=["residents_told"])
    log.info("missed-round notice %s: %s residents told", notice.pk, notice.residents_told)
    return notice


def _tell_residents(notice: MissedRoundNotice) -> int:
    audience = selectors.notice_audience(round_=notice.round)
    stop_url = stop_url_maker()
    told = after = 0
    while True:
        chunk = list(audience.filter(pk__gt=after)[:CHUNK])
        if not chunk:
            return told
        after = chunk[-1].pk
        outgoing = []
        for subscription in chunk:
            recipient = recipient_for(subscription.user)
            if recipient is None or not selectors.in_street(subscription, notice.street):
                continue
            url = stop_url(subscription.pk)
            subject, body = selectors.compose_notice(
                notice=notice, recipient=recipient, address=subscription.address, stop_url=url
            )
            outgoing.append(
                Outgoing(
                    kind=f"notify.{recipient.channel}",
                    payload={
                        "to": recipient.to,
                        "subject": subject,
                        "body": body,
                        "unsubscribe_url": url,
                        "purpose": "missed-round-notice",
                    },
                    idempotency_key=f"missed-notice-{notice.pk}-{subscription.pk}",
                )
            )
        told += len(message_enqueue_many(messages=outgoing))

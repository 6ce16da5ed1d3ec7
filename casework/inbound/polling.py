"""Status from back offices we must ask: poll each, and apply what they say.

For every request type whose connector can ``poll`` (Open311), one
``BackOfficePoll`` row keeps where reading got to and how the last try went.
Celery beat runs ``back_office_poll_all`` every five minutes
(``casework.tasks.poll_back_offices_task``); a failed poll is shown to staff on
the "needs attention" page and the next poll catches up from the same cursor.

No transaction is open (so no row is locked) while a back office is asked: a worker
claims the row in a short transaction (``leased_until``), asks, applies each update
in its own transaction, then records the outcome and ends the claim in one UPDATE
that only holds while the claim is still its own.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q

from casework.actions import back_office_update_apply
from casework.models import BackOfficePoll, Case, Channel, RequestType
from casework.workflow import OPEN, TransitionRefused
from core import clock
from integrations.connectors import PollFailed, connector

log = logging.getLogger(__name__)

# How long a worker may take to ask a back office before another may claim it again: well
# over what a poll can take (each call to a back office times out within 60 seconds).
POLL_LEASE = datetime.timedelta(minutes=10)


def back_office_poll_all(*, now=None) -> int:
    """Poll every back office that must be asked. Returns how many updates named a case.

    Never raises: a back office that cannot be asked is recorded on its row. Request
    types that are no longer offered are still polled while they have open cases.
    """
    now = now or clock.now()
    request_types = (
        RequestType.objects.exclude(connector="")
        .filter(Q(active=True) | Q(cases__status__in=OPEN))
        .distinct()
        .order_by("pk")
    )
    found = 0
    for request_type in request_types:
        poller = connector(request_type.connector)
        if poller is None or poller.poll is None:
            continue
        try:
            found += _poll(request_type, poller, now=now)
        except Exception as exc:  # noqa: BLE001 - one broken back office must not stop the rest
            log.exception("polling: request type %s failed", request_type.pk)
            _record_failure(request_type, f"{type(exc).__name__} while polling", now=now)
    return found


def _record_failure(request_type, error: str, *, now) -> None:
    with transaction.atomic():
        row, _created = BackOfficePoll.objects.get_or_create(request_type=request_type)
        row = BackOfficePoll.objects.select_for_update().get(pk=row.pk)
        row.last_polled_at = now
        row.failures += 1
        row.last_error = error[:500]
        row.leased_until = None
        row.save()


@dataclass(frozen=True)
class _Claim:
    poll_id: int
    until: datetime.datetime  # also the claim's token: the row is ours while it holds this
    cursor: str
    references: list[str]


@transaction.atomic
def _claim(request_type, *, now) -> _Claim | None:
    """Claim a back office for one poll, in a short transaction; None if another worker
    has it. The claim runs out after POLL_LEASE, should that worker die while asking."""
    row, _created = BackOfficePoll.objects.get_or_create(request_type=request_type)
    row = (
        BackOfficePoll.objects.select_for_update(skip_locked=True)
        .filter(pk=row.pk)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .first()
    )
    if row is None:
        return None  # another worker is polling this back office now
    row.leased_until = now + POLL_LEASE
    row.save(update_fields=["leased_until"])
    references = list(
        Case.objects.filter(request_type=request_type, status__in=OPEN)
        .exclude(external_reference="")
        .values_list("external_reference", flat=True)
    )
    return _Claim(row.pk, row.leased_until, row.cursor, references)


def _claim_end(claim: _Claim, **fields) -> None:
    """Write how the poll went and end the claim, unless the claim ran out and another
    worker has the back office now (then what it writes is newer than ours)."""
    ended = BackOfficePoll.objects.filter(pk=claim.poll_id, leased_until=claim.until).update(
        leased_until=None, **fields
    )
    if not ended:
        log.warning("polling: back office poll %s was claimed by another worker", claim.poll_id)


def _poll(request_type, poller, *, now) -> int:
    """Claim, ask the back office with no transaction open, apply, record."""
    claim = _claim(request_type, now=now)
    if claim is None:
        return 0
    try:
        result = poller.poll(dict(request_type.connector_settings), claim.cursor, claim.references)
    except Exception as exc:  # noqa: BLE001 - recorded on the row, the claim ended
        if isinstance(exc, PollFailed):
            log.warning("polling: request type %s: %s", request_type.pk, exc)
            error = str(exc)
        else:
            log.exception("polling: request type %s failed", request_type.pk)
            error = f"{type(exc).__name__} while polling"
        _claim_end(claim, last_polled_at=now, failures=F("failures") + 1, last_error=error[:500])
        return 0
    found = 0
    for update in result.updates:
        try:
            with transaction.atomic():
                case = back_office_update_apply(
                    connector_name=request_type.connector, update=update, channel=Channel.API
                )
        except TransitionRefused:
            log.info(
                "polling: update %s to %r for %s refused by the workflow",
                update.update_id,
                update.status,
                update.reference,
            )
            continue
        found += case is not None
    _claim_end(
        claim,
        cursor=result.cursor[:200],
        last_polled_at=now,
        last_success_at=now,
        last_error="",
        failures=0,
    )
    return found


def polls_failing() -> list[BackOfficePoll]:
    """Back offices whose last poll failed, for the staff "needs attention" page."""
    return list(
        BackOfficePoll.objects.filter(failures__gt=0)
        .select_related("request_type")
        .order_by("request_type__name")
    )

"""Status from back offices we must ask (issue 4): poll each, and apply what they say.

For every request type whose connector can ``poll`` (Open311), one
``BackOfficePoll`` row keeps where reading got to and how the last try went.
Celery beat runs ``back_office_poll_all`` every five minutes
(``casework.tasks.poll_back_offices_task``); a failed poll is shown to staff on
the "needs attention" page and the next poll catches up from the same cursor.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.delivery import back_office_update_apply
from casework.models import BackOfficePoll, Case, Channel, RequestType
from casework.workflow import OPEN, TransitionRefused
from integrations.connectors import PollFailed, connector

log = logging.getLogger(__name__)


def back_office_poll_all(*, now=None) -> int:
    """Poll every back office that must be asked. Returns how many updates named a case.

    Never raises: a back office that cannot be asked is recorded on its row. Request
    types that are no longer offered are still polled while they have open cases.
    """
    now = now or timezone.now()
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
        row.save()


def _poll(request_type, poller, *, now) -> int:
    row, _created = BackOfficePoll.objects.get_or_create(request_type=request_type)
    with transaction.atomic():
        row = BackOfficePoll.objects.select_for_update(skip_locked=True).filter(pk=row.pk).first()
        if row is None:
            return 0  # another worker is polling this back office now
        references = list(
            Case.objects.filter(request_type=request_type, status__in=OPEN)
            .exclude(external_reference="")
            .values_list("external_reference", flat=True)
        )
        row.last_polled_at = now
        try:
            result = poller.poll(dict(request_type.connector_settings), row.cursor, references)
        except PollFailed as exc:
            log.warning("polling: request type %s: %s", request_type.pk, exc)
            row.failures += 1
            row.last_error = str(exc)[:500]
            row.save()
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
        row.cursor = result.cursor[:200]
        row.last_success_at = now
        row.last_error = ""
        row.failures = 0
        row.save()
        return found


def polls_failing() -> list[BackOfficePoll]:
    """Back offices whose last poll failed, for the staff "needs attention" page."""
    return list(
        BackOfficePoll.objects.filter(failures__gt=0)
        .select_related("request_type")
        .order_by("request_type__name")
    )

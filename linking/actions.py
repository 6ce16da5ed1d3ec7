"""Linking a service's account with proof (A6): any sensitive service uses these.

The service checks the proof against its back office (account number plus details
only the bill's reader knows) and reports the outcome with ``service_link_attempt``;
wrong tries are counted per person and service, and the ``MAX_FAILURES + 1``-th wrong
try locks linking for ``LOCK_HOURS``. A service shows ``LinkResult.tries_left`` and,
once locked, ``locked_until`` with a way forward (phone the council).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from accounts.home import home_snapshot_forget
from core import clock
from linking.models import LinkAttempts, ServiceLink

MAX_FAILURES = 3  # wrong tries that are only counted; the next one locks
LOCK_HOURS = 24


@dataclass(frozen=True)
class LinkResult:
    link: ServiceLink | None = None
    tries_left: int = 0
    locked_until: datetime.datetime | None = None

    @property
    def linked(self) -> bool:
        return self.link is not None


@transaction.atomic
def service_link_attempt(*, user, service: str, account_ref: str, proven: bool) -> LinkResult:
    """Record one try at linking: proven links (and clears the count); wrong counts or locks."""
    now = clock.now()
    attempts, _created = LinkAttempts.objects.select_for_update().get_or_create(
        user=user, service=service
    )
    if attempts.locked_until and attempts.locked_until > now:
        return LinkResult(locked_until=attempts.locked_until)
    if attempts.locked_until:  # an old lock has run out: start afresh
        attempts.failures, attempts.locked_until = 0, None
    if proven:
        attempts.failures = 0
        attempts.save(update_fields=["failures", "locked_until"])
        link, _created = ServiceLink.objects.update_or_create(
            user=user,
            service=service,
            defaults={"account_ref": account_ref, "linked_at": now, "last_used_at": now},
        )
        home_snapshot_forget(user_ids=[user.pk])  # the home lists linked services
        return LinkResult(link=link)
    attempts.failures += 1
    if attempts.failures > MAX_FAILURES:
        attempts.locked_until = now + datetime.timedelta(hours=LOCK_HOURS)
    attempts.save(update_fields=["failures", "locked_until"])
    return LinkResult(
        tries_left=max(0, MAX_FAILURES + 1 - attempts.failures), locked_until=attempts.locked_until
    )


@transaction.atomic
def service_link_remove(*, user, service: str) -> bool:
    """Unlink: True when there was a link to remove."""
    deleted, _by_model = ServiceLink.objects.filter(user=user, service=service).delete()
    home_snapshot_forget(user_ids=[user.pk])
    return bool(deleted)


def service_link_touch(*, link: ServiceLink) -> None:
    """Note that the person used the link now (at most one write a minute)."""
    now = clock.now()
    if link.last_used_at is None or now - link.last_used_at > datetime.timedelta(minutes=1):
        ServiceLink.objects.filter(pk=link.pk).update(last_used_at=now)
        link.last_used_at = now
        home_snapshot_forget(user_ids=[link.user_id])  # "you last looked at it on ..."

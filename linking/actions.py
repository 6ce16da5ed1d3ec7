"""Linking a service's account with proof (A6): any sensitive service uses these.

The service checks the proof against its back office (account number plus details
only the bill's reader knows) and reports the outcome with ``service_link_attempt``;
wrong tries are counted per person and service, and the ``MAX_FAILURES + 1``-th wrong
try locks linking for ``LOCK_HOURS``. A service shows ``LinkResult.tries_left`` and,
once locked, ``locked_until`` with a way forward (phone the council). An account someone
else has linked to their online account is never linked to a second person, however right
the proof: ``LinkResult.taken`` (not a wrong try; logged, for staff to look into).

The contact centre links for a caller with ``service_link_for_caller``: the reference
alone, once the caller has passed the security questions in this call, for any service
registered in ``linking.registry``.
"""

import datetime
import enum
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from accounts.actions import audit_entry_add
from accounts.home import home_snapshot_forget
from accounts.models import AuditEntry
from core import clock
from linking import registry, rules
from linking.models import LinkAttempts, ServiceLink

log = logging.getLogger(__name__)

MAX_FAILURES = 3  # wrong tries that are only counted; the next one locks
LOCK_HOURS = 24


@dataclass(frozen=True)
class LinkResult:
    link: ServiceLink | None = None
    tries_left: int = 0
    locked_until: datetime.datetime | None = None
    taken: bool = False  # proven, but linked to someone else's online account

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
        others = ServiceLink.objects.select_for_update().filter(
            service=service, account_ref=account_ref
        )
        holder = others.exclude(user=user).values_list("pk", flat=True).first()
        if holder is not None:
            log.warning(
                "linking: user %s proved %s account %s, refused: linked to another "
                "online account (link %s)",
                user.pk,
                service,
                account_ref,
                holder,
            )
            return LinkResult(taken=True)
        link = _link_save(
            user=user,
            service=service,
            defaults={"account_ref": account_ref, "linked_at": now, "last_used_at": now},
        )
        if link is None:
            return LinkResult(taken=True)
        home_snapshot_forget(user_ids=[user.pk])  # the home lists linked services
        return LinkResult(link=link)
    attempts.failures += 1
    if attempts.failures > MAX_FAILURES:
        attempts.locked_until = now + datetime.timedelta(hours=LOCK_HOURS)
    attempts.save(update_fields=["failures", "locked_until"])
    return LinkResult(
        tries_left=max(0, MAX_FAILURES + 1 - attempts.failures), locked_until=attempts.locked_until
    )


def _link_save(*, user, service: str, defaults: dict) -> ServiceLink | None:
    """The person's link to the account in ``defaults``, or None when the database refuses it
    because another online account linked the same account a moment before (the checks
    before this one lock no row when there is none yet: two people proving the same
    account at once both pass them)."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on
            link, _created = ServiceLink.objects.update_or_create(
                user=user, service=service, defaults=defaults
            )
    except IntegrityError:
        others = ServiceLink.objects.filter(service=service, account_ref=defaults["account_ref"])
        if not others.exclude(user=user).exists():  # the person's own second try at once
            return ServiceLink.objects.update_or_create(
                user=user, service=service, defaults=defaults
            )[0]
        log.warning(
            "linking: user %s's link to %s account %s refused: linked to another online "
            "account meanwhile",
            user.pk,
            service,
            defaults["account_ref"],
        )
        return None
    return link


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


class CallerLink(enum.StrEnum):
    """What came of an agent's try at linking an account for the caller they are helping."""

    LINKED = "linked"
    ALREADY_LINKED = "already_linked"  # this very account was linked already
    NOT_CHECKED = "not_checked"  # no security questions passed in this call
    NOT_FOUND = "not_found"  # no such live account in the back office
    NOT_THEIRS = "not_theirs"  # neither at their postcode nor in their name
    SOMEONE_ELSES = "someone_elses"  # linked to another person's online account
    OTHER_LINKED = "other_linked"  # the caller has another account of this service linked


@dataclass(frozen=True)
class CallerLinkResult:
    outcome: CallerLink
    link: ServiceLink | None = None
    record: registry.Record | None = None


def _postcodes(person) -> list[str]:
    found = [person.address.postcode] if person.address_id else []
    return [*found, person.manual_postcode]


def service_link_for_caller(*, agent, helping, service: str, account_ref: str) -> CallerLinkResult:
    """Link ``account_ref`` of ``service`` to the person an agent is helping (``helping``:
    ``accounts.assisting.Assisting``), on the caller's word once they have passed the
    security questions in this call: no bill details, but the back office must hold the
    live account, at the caller's postcode or in their name, and no one else may have it
    linked. The link is audited (the agent, the person, the channel, the account).

    Raises ``registry.BackOfficeUnavailable`` when the back office cannot be asked.
    """
    linkable = registry.for_caller(service)
    if linkable is None:
        raise ValueError(f"not a service the contact centre links: {service}")
    person = helping.person
    if not helping.checked:
        return CallerLinkResult(CallerLink.NOT_CHECKED)
    current = ServiceLink.objects.filter(user=person, service=service).first()
    if current is not None:
        same = current.account_ref == account_ref
        return CallerLinkResult(
            CallerLink.ALREADY_LINKED if same else CallerLink.OTHER_LINKED, link=current
        )
    record = linkable.find(account_ref)  # outside the transaction: it may wait on the network
    if record is None or not record.live:
        return CallerLinkResult(CallerLink.NOT_FOUND)
    plausible = rules.record_matches_person(
        record_postcode=record.postcode,
        record_names=record.names,
        postcodes=_postcodes(person),
        surname=person.last_name,
        organisation=person.organisation_name,
    )
    if not plausible:
        return CallerLinkResult(CallerLink.NOT_THEIRS, record=record)
    return _link_for_caller(agent=agent, helping=helping, service=service, record=record)


@transaction.atomic
def _link_for_caller(*, agent, helping, service: str, record) -> CallerLinkResult:
    person = helping.person
    taken = ServiceLink.objects.select_for_update().filter(
        service=service, account_ref=record.reference
    )
    if taken.exclude(user=person).exists():
        return CallerLinkResult(CallerLink.SOMEONE_ELSES, record=record)
    now = clock.now()
    link = _link_save(
        user=person,
        service=service,
        defaults={"account_ref": record.reference, "linked_at": now, "last_used_at": None},
    )
    if link is None:
        return CallerLinkResult(CallerLink.SOMEONE_ELSES, record=record)
    # Proven by the security questions: any count of wrong tries at the bill's details goes.
    LinkAttempts.objects.filter(user=person, service=service).update(failures=0, locked_until=None)
    audit_entry_add(
        staff=agent,
        action=AuditEntry.Action.SERVICE_LINKED,
        person=person,
        query=f"{service} {record.reference}",
        channel=helping.channel,
    )
    home_snapshot_forget(user_ids=[person.pk])  # the home lists linked services
    return CallerLinkResult(CallerLink.LINKED, link=link, record=record)

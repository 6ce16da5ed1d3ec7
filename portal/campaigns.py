"""Welcome and campaign messages on the account home (AD1): who sees which, and dismissing.

A message is for everyone, for the people whose address is in a ward, or for the people
who have a service: a service account they linked (council tax), or a running garden
waste subscription. The account home reads them from its snapshot (portal/home.py), so
showing them costs nothing on the page itself; the snapshot is rebuilt every day (start
and end dates), for everyone when an administrator saves a message, and for a resident
when they dismiss one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from accounts.home import home_snapshot_forget
from portal.audiences import service_audiences
from portal.models import HomeMessage, HomeMessageDismissal


@dataclass(frozen=True)
class ShownMessage:
    """A message as the home shows it (picklable, in the snapshot)."""

    id: int
    title: str
    body: str
    link_text: str
    link_url: str


def home_messages_for(*, user, today: datetime.date, links: dict) -> list[ShownMessage]:
    """The live messages for this person today, not dismissed, newest first (one query, and
    one more for a subscription only when a live message asks about one)."""
    ward_id = user.address.ward_id if user.address_id else None
    live = (
        HomeMessage.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .filter(
            Q(audience=HomeMessage.Audience.EVERYONE)
            | Q(audience=HomeMessage.Audience.WARD, ward_id=ward_id)
            | Q(audience=HomeMessage.Audience.SERVICE)
        )
        .exclude(pk__in=HomeMessageDismissal.objects.filter(user=user).values("message_id"))
        .order_by("-starts_on", "-pk")
    )
    audiences = service_audiences()
    shown = []
    for message in live:
        if message.audience == HomeMessage.Audience.SERVICE:
            audience = audiences.get(message.service)
            if audience is None or not audience.has(user, links, today):
                continue
        shown.append(
            ShownMessage(
                id=message.pk,
                title=message.title,
                body=message.body,
                link_text=message.link_text,
                link_url=message.link_url,
            )
        )
    return shown


@transaction.atomic
def home_message_save(*, message: HomeMessage) -> HomeMessage:
    """An administrator's new or changed message: every home shows it from its next visit."""
    message.full_clean()
    message.save()
    home_snapshot_forget(everyone=True)
    return message


@transaction.atomic
def home_message_delete(*, message: HomeMessage) -> None:
    message.delete()
    home_snapshot_forget(everyone=True)


@transaction.atomic
def home_message_dismiss(*, user, message_id: int, shown: list[ShownMessage]) -> None:
    """The resident closes a message they are shown (404 for any other)."""
    if not any(message.id == message_id for message in shown):
        raise Http404
    HomeMessageDismissal.objects.get_or_create(user=user, message_id=message_id)
    home_snapshot_forget(user_ids=[user.pk])

"""Stopping a reminder from the message itself, without signing in (one click).

Every service that sends reminders (council tax instalments, rent, bin collections) adds
a ``ReminderKind`` to ``kinds``: how to find one person's subscription by its id, say what it is, and
stop it. Each message carries ``stop_url(kind, id)``: a link to one page
(``/account/reminders/stop/<token>/``) whose token is the kind and the subscription's id,
signed with ``django.core.signing`` under this module's own salt (so no other signed
value of the portal can be passed off as one) and timed: it works for
``REMINDER_STOP_LINK_DAYS`` (400) days. Its GET only asks (mail scanners follow links);
its POST stops, also as RFC 8058's one-click POST a mail provider makes from the
``List-Unsubscribe`` header (``integrations.notify`` adds it for an ``unsubscribe_url``).
A forged or altered token, or one naming a subscription that has gone, is a 404 page that
says so; an expired one a 410 page that says how to stop reminders from the account.

``accounts`` knows no service: they register themselves from ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from core.registry import Registry

SALT = "accounts.reminder-stop"


@dataclass(frozen=True)
class ReminderKind:
    name: str  # short, in the token: "ctax", "bins"
    find: Callable[[int], object | None]  # the subscription with this id, or None
    describe: Callable[[object], str]  # what stops, e.g. "bin reminders for 1 Mill Lane"
    is_active: Callable[[object], bool]
    stop: Callable[[object], bool]  # True when it was on (a second click changes nothing)
    manage_url_name: str  # where a signed-in person turns them on again
    ask_title: str = ""  # "Stop bin collection reminders?"
    stopped_title: str = ""  # "Bin collection reminders stopped"


# Each service adds its kind from AppConfig.ready (``kinds.add(ReminderKind(...))``).
kinds: Registry[ReminderKind] = Registry("reminder kinds", key=lambda kind: kind.name)


class StopLinkInvalid(Exception):
    """Not a link we made, altered, or naming a subscription that has gone."""


class StopLinkExpired(Exception):
    """A link we made, older than REMINDER_STOP_LINK_DAYS."""

    def __init__(self, kind: ReminderKind | None = None):
        super().__init__("reminder stop link expired")
        self.kind = kind


def stop_token(*, kind: str, pk: int) -> str:
    if kind not in kinds:
        raise ValueError(f"no reminder kind {kind!r} is registered")
    return signing.dumps([kind, int(pk)], salt=SALT)


def stop_url_maker(kind: str) -> Callable[[int], str]:
    """A function subscription id -> the absolute stop link (reversed once, for jobs that
    send many)."""
    marker = "TOKEN"
    path = reverse("accounts:reminder_stop", kwargs={"token": marker})
    prefix, suffix = f"{settings.PORTAL_BASE_URL}{path}".split(marker)
    return lambda pk: f"{prefix}{stop_token(kind=kind, pk=pk)}{suffix}"


def stop_url(*, kind: str, pk: int) -> str:
    return stop_url_maker(kind)(pk)


def _max_age() -> int:
    return int(getattr(settings, "REMINDER_STOP_LINK_DAYS", 400)) * 24 * 3600


def stop_link_read(token: str) -> tuple[ReminderKind, object]:
    """The reminder kind and subscription a stop link names. Raises StopLinkInvalid or
    StopLinkExpired."""
    if not token or len(token) > 300:
        raise StopLinkInvalid
    try:
        value = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.SignatureExpired:
        try:  # which kind of reminder, to say where to stop them instead
            name = signing.loads(token, salt=SALT)[0]
        except (signing.BadSignature, TypeError, IndexError, KeyError):
            name = ""
        raise StopLinkExpired(kinds.get(name)) from None
    except signing.BadSignature:
        raise StopLinkInvalid from None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], int)):
        raise StopLinkInvalid
    kind = kinds.get(value[0])
    found = kind.find(value[1]) if kind is not None else None
    if found is None:
        raise StopLinkInvalid
    return kind, found


def reminder_stop_by_link(*, token: str) -> tuple[ReminderKind, object, bool]:
    """Stop the reminder a link names: (kind, subscription, whether it was on)."""
    kind, subscription = stop_link_read(token)
    return kind, subscription, kind.stop(subscription)

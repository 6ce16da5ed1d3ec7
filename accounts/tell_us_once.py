"""Tell us once (A5): a change of address or phone offered, on one page, to every service
that keeps its own copy.

Services register a ``Receiver`` in their ``AppConfig.ready`` (accounts imports no
service): ``offer(user, change)`` says in the resident's words what would be passed on
("" when it does not apply to them: no linked account, no bin reminders), and
``send(user, change)`` passes it on, inside the one transaction of
``tell_us_once_send``: to a back office through the outbox, never from the web request.

The change waits in the person's session (``change_offer``) between the page that made
it (the profile, a council tax move) and the page that offers it; the service it came
from (``source``) already has it and is not offered it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction

from core.registry import Registry

SESSION_KEY = "accounts:tell_us_once"
ADDRESS, PHONE = "address", "phone"


@dataclass(frozen=True)
class ContactChange:
    kind: str  # ADDRESS or PHONE
    lines: tuple[str, ...] = ()
    postcode: str = ""
    uprn: int | None = None  # in the council's gazetteer
    phone: str = ""
    moved_on: str = ""  # ISO date, when known (a move)
    source: str = ""  # the service that made the change (it already has it)

    def as_json(self) -> dict:
        return {**asdict(self), "lines": list(self.lines)}

    @classmethod
    def from_json(cls, data) -> ContactChange | None:
        if not isinstance(data, dict) or data.get("kind") not in (ADDRESS, PHONE):
            return None
        try:
            uprn = int(data["uprn"]) if data.get("uprn") else None
        except (TypeError, ValueError):
            uprn = None
        lines = data.get("lines") if isinstance(data.get("lines"), list) else []
        return cls(
            kind=data["kind"],
            lines=tuple(str(line) for line in lines[:6]),
            postcode=str(data.get("postcode") or ""),
            uprn=uprn,
            phone=str(data.get("phone") or ""),
            moved_on=str(data.get("moved_on") or ""),
            source=str(data.get("source") or ""),
        )

    @property
    def address_text(self) -> str:
        return ", ".join([*self.lines, self.postcode]) if self.lines else self.postcode


@dataclass(frozen=True)
class Receiver:
    slug: str
    name: Any  # the service's name, as residents know it
    offer: Callable[[Any, ContactChange], str]
    send: Callable[[Any, ContactChange], None]
    services: tuple[str, ...] = field(default=())  # service slugs it speaks for (``source``)


receivers: Registry[Receiver] = Registry("tell us once receivers", key=lambda r: r.slug)


@dataclass(frozen=True)
class Offer:
    receiver: Receiver
    text: str


def offers_for(*, user, change: ContactChange | None) -> list[Offer]:
    """What each service would be told of ``change``, for the services it applies to."""
    if change is None or user is None or not user.is_authenticated:
        return []
    offers = []
    for receiver in sorted(receivers, key=lambda r: str(r.name)):
        if change.source and change.source in (receiver.slug, *receiver.services):
            continue
        text = receiver.offer(user, change)
        if text:
            offers.append(Offer(receiver, str(text)))
    return offers


def change_offer(session, change: ContactChange) -> None:
    """Keep ``change`` for the offer page (a newer change replaces an older one)."""
    session[SESSION_KEY] = change.as_json()


def change_pending(session) -> ContactChange | None:
    return ContactChange.from_json(session.get(SESSION_KEY)) if session is not None else None


def change_forget(session) -> None:
    session.pop(SESSION_KEY, None)


@transaction.atomic
def tell_us_once_send(*, user, change: ContactChange, slugs) -> list[Receiver]:
    """Pass ``change`` to the chosen services (those still offered it); returns them."""
    chosen = set(slugs)
    sent = []
    for offer in offers_for(user=user, change=change):
        if offer.receiver.slug in chosen:
            offer.receiver.send(user, change)
            sent.append(offer.receiver)
    return sent

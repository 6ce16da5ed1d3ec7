"""Who really acts while an agent helps a person (G1): the agent, for the person, by a channel.

Services make cases for ``ctx.citizen`` (the person) and often name them as the
actor too. While a journey sends for a person an agent is helping, the engine opens
``acting_as(...)`` around the service's ``submit``: every case the person is given and
every event the person or the agent would be the actor of then records the agent as
the actor, the person as ``acting_for``, and the agent's channel (phone, face to
face), whatever the service passed. Services need not know about agents at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from accounts.assisting import assisting_get


@dataclass(frozen=True)
class Acting:
    agent: Any
    citizen: Any
    channel: str


_current: ContextVar[Acting | None] = ContextVar("casework_acting", default=None)


@contextmanager
def acting_as(acting: Acting | None) -> Iterator[None]:
    """Inside: cases and events for ``acting.citizen`` are recorded as the agent's."""
    token = _current.set(acting)
    try:
        yield
    finally:
        _current.reset(token)


def acting_now() -> Acting | None:
    return _current.get()


def _pk(user) -> int | None:
    return getattr(user, "pk", None) if user is not None else None


def recorded(*, resident_id, actor, acting_for, channel: str):
    """(actor, acting_for, channel) as the timeline keeps them: an agent's, while acting
    for the case's person; as given otherwise (a system event keeps no actor)."""
    acting = acting_now()
    if acting is None or resident_id is None or resident_id != _pk(acting.citizen):
        return actor, acting_for, channel
    if _pk(actor) not in (_pk(acting.citizen), _pk(acting.agent)):
        return actor, acting_for, channel
    return acting.agent, acting.citizen, acting.channel


def acting_for_request(request) -> Acting | None:
    """The acting context of a request an agent makes while helping a person
    (``accounts.assisting``): wrap a resident action in ``acting_as(...)`` with it, and
    name the person (``current_citizen``) as the actor. None when no one is being helped."""
    helping = assisting_get(request)
    if helping is None:
        return None
    return Acting(agent=request.user, citizen=helping.person, channel=helping.channel)

"""Who delivers each kind of outbox message, and who wants to hear how it went.

A handler takes the payload and the idempotency key (to pass to the receiving
system) and returns a Result. It does I/O only; it never touches the database.
Listeners run after the outcome is stored, inside its transaction: casework uses
them to put "We e-mailed you" or "Received by the back office" on the timeline.
Both are core.registry registries: ``handlers.register(kind, handler)`` and
``listeners.register(name, Listener(listen, kinds=(...)))`` (or ``prefix="connector."``
for every connector's messages, whichever connectors register later).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from core.registry import Registry


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"  # a passing failure: try again later
    FAILED = "failed"  # will never work as it is: needs a person


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: str = ""  # an error to show staff (no personal data)
    data: dict = field(default_factory=dict)  # e.g. {"external_reference": "..."}

    @classmethod
    def delivered(cls, **data):
        return cls(Outcome.DELIVERED, data=data)

    @classmethod
    def retry(cls, detail: str):
        return cls(Outcome.RETRY, detail=detail)

    @classmethod
    def failed(cls, detail: str):
        return cls(Outcome.FAILED, detail=detail)


Handler = Callable[[dict, str], Result]


@dataclass(frozen=True)
class Listener:
    """``listen(message, result)`` after each attempt at a message whose kind is one of
    ``kinds`` or starts with ``prefix``."""

    listen: Callable
    kinds: tuple[str, ...] = ()
    prefix: str = ""

    def hears(self, kind: str) -> bool:
        return kind in self.kinds or bool(self.prefix and kind.startswith(self.prefix))


handlers: Registry[Handler] = Registry("outbox handlers")
listeners: Registry[Listener] = Registry("outbox listeners")


def handler_for(kind: str) -> Handler | None:
    return handlers.get(kind)


def listeners_for(kind: str) -> list[Callable]:
    return [listener.listen for listener in listeners if listener.hears(kind)]

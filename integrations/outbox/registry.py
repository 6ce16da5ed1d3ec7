"""Who delivers each kind of outbox message, and who wants to hear how it went.

A handler takes the payload and the idempotency key (to pass to the receiving
system) and returns a Result. It does I/O only; it never touches the database.
Listeners run after the outcome is stored, inside its transaction: casework uses
them to put "We e-mailed you" or "Received by the back office" on the timeline.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


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

_handlers: dict[str, Handler] = {}
_listeners: dict[str, list[Callable]] = defaultdict(list)


def register_handler(kind: str, handler: Handler) -> None:
    _handlers[kind] = handler


def handler_for(kind: str) -> Handler | None:
    return _handlers.get(kind)


def add_listener(kind: str, listener: Callable) -> None:
    """``listener(message, result)`` after each attempt at a message of ``kind``."""
    if listener not in _listeners[kind]:
        _listeners[kind].append(listener)


def listeners_for(kind: str) -> list[Callable]:
    return list(_listeners.get(kind, ()))

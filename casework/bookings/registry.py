"""Who wants to hear that an appointment was booked, moved or cancelled.

A service whose back office keeps its own diary (a housing repairs contractor) registers a
listener in its ``AppConfig.ready`` (``booking_listeners.register(name, fn)``): ``listener(booking, event)`` with ``event`` one of
``BOOKED``, ``CHANGED``, ``CANCELLED``. Listeners run inside the booking's transaction, so
what they write (an outbox message) is kept only when the booking is; they decide for
themselves which request types they care about.
"""

from collections.abc import Callable

from core.registry import Registry

BOOKED, CHANGED, CANCELLED = "booked", "changed", "cancelled"

Listener = Callable[[object, str], None]

booking_listeners: Registry[Listener] = Registry("booking listeners")


def booking_listeners_tell(booking, event: str) -> None:
    for listener in booking_listeners:
        listener(booking, event)

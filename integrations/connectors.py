"""Which back-office connectors exist.

A request type names its connector (``RequestType.connector``) and holds its
settings (``RequestType.connector_settings``), which the connector validates.
Each connector registers itself from ``IntegrationsConfig.ready`` and delivers
through the outbox: messages of kind ``connector.<name>`` go to its handler,
which gets plain data (the case payload and the settings) and returns a Result.
Connectors know nothing of cases, views or forms.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from core.registry import Registry
from integrations.outbox.registry import Handler, handlers

KIND_PREFIX = "connector."


@dataclass(frozen=True)
class BackOfficeUpdate:
    """One thing a back office says happened to a case: a status, a message, or both.

    ``reference`` is the back office's own reference (or the portal's);
    ``status`` is one of ``integrations.webhook.inbound.STATUSES`` or "";
    ``update_id`` is the back office's id for this update, so that the same
    update read twice is applied once.
    """

    reference: str
    status: str = ""
    message: str = ""
    public: bool = True
    update_id: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class PollResult:
    """What a connector's ``poll`` found: updates, oldest first, and where to start next time."""

    updates: list[BackOfficeUpdate] = field(default_factory=list)
    cursor: str = ""  # opaque to casework; passed back to the next poll


class PollFailed(Exception):
    """The back office could not be asked (down, refused, garbage); the message is for staff."""


@dataclass(frozen=True)
class Connector:
    name: str
    label: str
    validate_settings: Callable[[dict], list[str]]  # errors, in words an admin understands
    deliver: Handler  # (payload, idempotency_key) -> Result
    # The shared secret for signing, from (validated) settings; "" when it cannot be found.
    secret: Callable[[dict], str] | None = None
    # (settings, cursor, open_references) -> PollResult, for back offices we must ask
    # rather than be told. ``open_references``: the back office's references of the
    # request type's open cases. Raises PollFailed. Cursor "" is the first poll: the
    # connector decides how far back to look (Open311: a day).
    poll: Callable[[dict, str, list[str]], PollResult] | None = None

    @property
    def kind(self) -> str:
        return f"{KIND_PREFIX}{self.name}"


class ConnectorRegistry(Registry[Connector]):
    """The connectors, by name; each one's messages (``connector.<name>``) go to its
    ``deliver`` through the outbox's handlers."""

    def register(self, key, value, **options):
        handlers.register(value.kind, value.deliver)
        return super().register(key, value, **options)


# Each connector adds itself from its package's ``register()``: ``connectors.add(Connector(...))``.
connectors = ConnectorRegistry("connectors", key=lambda found: found.name)


def connector(name: str) -> Connector | None:
    return connectors.get(name)


def connector_choices() -> list[tuple[str, str]]:
    """For the admin: ("", "None") and every registered connector, by label."""
    return [("", "None")] + sorted(
        ((c.name, c.label) for c in connectors), key=lambda choice: choice[1]
    )


def common_settings_errors(settings: dict, *, timeout: bool = True) -> list[str]:
    """The settings every connector may have: ``name`` (what residents are told received
    it) and, for those that call out over HTTP, ``timeout`` (seconds, 1 to 60)."""
    errors = []
    if timeout and "timeout" in settings:
        value = settings["timeout"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            errors.append("'timeout' must be a number of seconds.")
        elif not 1 <= value <= 60:
            errors.append("'timeout' must be between 1 and 60 seconds.")
    if "name" in settings and not (isinstance(settings["name"], str) and settings["name"].strip()):
        errors.append("'name' must be some text.")
    return errors


def validate_connector_settings(name: str, settings: dict) -> list[str]:
    """Errors in a request type's connector and settings; [] when they are usable."""
    if not name:
        return []
    found = connector(name)
    if found is None:
        return [f"There is no connector called {name!r}."]
    if not isinstance(settings, dict):
        return ["Connector settings must be a JSON object."]
    return found.validate_settings(settings)


def is_connector_kind(kind: str) -> bool:
    return kind.startswith(KIND_PREFIX)

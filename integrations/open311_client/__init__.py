"""The Open311 GeoReport v2 client: posts street reports to a council's Open311 endpoint
and reads their status back by polling (``GET requests`` or ``servicerequestupdates``).

``mapping.py`` is the contract (pure), ``client.py`` the HTTP, ``tasks.py`` the outbox
handler and the poll that ``casework.inbound.polling`` calls.
"""

import os

from integrations.connectors import Connector, connectors
from integrations.open311_client import mapping
from integrations.open311_client.tasks import deliver_case, poll

NAME = "open311"


def validate_settings(settings: dict) -> list[str]:
    return mapping.validate_settings(settings, os.environ)


def register() -> None:
    """Called from IntegrationsConfig.ready."""
    connectors.add(
        Connector(
            name=NAME,
            label="Open311 GeoReport v2",
            validate_settings=validate_settings,
            deliver=deliver_case,
            poll=poll,
        )
    )

"""The JSON webhook connector: POSTs the case, signed, and takes signed status updates back."""

import os

from integrations.connectors import Connector, connectors
from integrations.webhook import mapping
from integrations.webhook.tasks import deliver_case

NAME = "webhook"


def validate_settings(settings: dict) -> list[str]:
    return mapping.validate_settings(settings, os.environ)


def secret(settings: dict) -> str:
    return mapping.resolve_secret(settings, os.environ)


def register() -> None:
    """Called from IntegrationsConfig.ready."""
    connectors.add(
        Connector(
            name=NAME,
            label="JSON webhook",
            validate_settings=validate_settings,
            deliver=deliver_case,
            secret=secret,
        )
    )

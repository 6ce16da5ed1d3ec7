"""The e-mail connector: each case as a structured e-mail to a team inbox; replies come back.

For services with no back-office system yet. ``mapping.py`` builds the message and
the signed Reply-To address, ``client.py`` sends it through Django's mail
connection, ``tasks.py`` is the outbox handler, and ``inbound.py`` reads a reply.
What a reply does to a case is casework's business (casework/inbound/email_replies.py).
"""

from integrations.connectors import Connector, connectors
from integrations.email_connector.mapping import validate_settings
from integrations.email_connector.tasks import deliver_case

NAME = "email"


def register() -> None:
    """Called from IntegrationsConfig.ready."""
    connectors.add(
        Connector(
            name=NAME,
            label="E-mail to a team inbox",
            validate_settings=validate_settings,
            deliver=deliver_case,
        )
    )

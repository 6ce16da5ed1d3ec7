"""Signed status updates from a back office: parse and verify, nothing else.

Body: ``{"reference": "<portal or back-office reference>", "status": "resolved",
"message": "...", "public": true}``, signed like outbound calls
(``X-Portal-Signature: sha256=<hex>``). ``status`` and ``message`` are each
optional, but not both. What a status means for a case is casework's business.
"""

import json
from dataclasses import dataclass

from integrations.webhook.mapping import MAX_REFERENCE_LENGTH, SIGNATURE_HEADER, verify_signature

__all__ = ["SIGNATURE_HEADER", "STATUSES", "InvalidUpdate", "StatusUpdate", "parse", "verify"]

# The statuses a back office may report, in the contract's words.
STATUSES = frozenset(
    {"received", "in_progress", "awaiting_customer", "resolved", "closed", "rejected"}
)
MAX_MESSAGE_LENGTH = 5000


class InvalidUpdate(ValueError):
    """The body is not a status update; the message says why (safe to send back)."""


@dataclass(frozen=True)
class StatusUpdate:
    reference: str
    status: str = ""
    message: str = ""
    public: bool = True


def parse(body: bytes) -> StatusUpdate:
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidUpdate("The body must be a JSON object.") from exc
    if not isinstance(document, dict):
        raise InvalidUpdate("The body must be a JSON object.")
    reference = document.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        raise InvalidUpdate("'reference' is required.")
    if len(reference) > MAX_REFERENCE_LENGTH:
        raise InvalidUpdate("'reference' is too long.")
    status = document.get("status") or ""
    if not isinstance(status, str) or (status and status not in STATUSES):
        raise InvalidUpdate(f"'status' must be one of: {', '.join(sorted(STATUSES))}.")
    message = document.get("message") or ""
    if not isinstance(message, str):
        raise InvalidUpdate("'message' must be text.")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise InvalidUpdate(f"'message' must be at most {MAX_MESSAGE_LENGTH} characters.")
    public = document.get("public", True)
    if not isinstance(public, bool):
        raise InvalidUpdate("'public' must be true or false.")
    if not status and not message.strip():
        raise InvalidUpdate("Give a 'status', a 'message', or both.")
    return StatusUpdate(
        reference=reference.strip(), status=status, message=message.strip(), public=public
    )


def verify(secret: str, body: bytes, header: str | None) -> bool:
    return verify_signature(secret, body, header)

"""The outbox handler for ``connector.webhook`` messages: map, send, map back. No database."""

import http.client
import os

from integrations.outbox.registry import Result
from integrations.webhook import client, mapping


def deliver_case(payload: dict, idempotency_key: str) -> Result:
    """Send one case to the back office named in the payload's settings."""
    settings = payload.get("settings") or {}
    errors = mapping.validate_settings(settings)
    secret = mapping.resolve_secret(settings, os.environ)
    if errors or not secret:
        return Result.failed(
            "Webhook settings are not usable: " + " ".join(errors or ["no secret"])
        )
    body = mapping.request_body(payload.get("case") or {})
    headers = mapping.request_headers(secret=secret, body=body, idempotency_key=idempotency_key)
    try:
        response = client.post(
            settings["url"], body=body, headers=headers, timeout=mapping.timeout(settings)
        )
    except (OSError, http.client.HTTPException) as exc:
        return mapping.result_from_error(exc)
    return mapping.result_from_response(response.status, response.body)

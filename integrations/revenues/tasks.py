"""The outbox handlers for writes to the revenues system: map, send, map back. No database.

Payload: ``{"account_number": "...", "payment": {...}}`` or ``{"account_number": "...",
"change": {...}}`` (see mapping.payment_body / change_body). The outbox's idempotency key
goes to the revenues system, so a retry never takes a payment twice.
"""

import http.client

from integrations.outbox.registry import Result
from integrations.revenues import client, lookup, mapping


def _send(payload: dict, idempotency_key: str, what: str, body: bytes) -> Result:
    problem = lookup.settings_problem()
    if problem:
        return Result.retry(problem)  # kept until the council turns it on: nothing is lost
    url = f"{mapping.account_url(lookup.base_url(), str(payload['account_number']))}/{what}"
    headers = mapping.request_headers(api_key=lookup.api_key(), idempotency_key=idempotency_key)
    try:
        response = client.request("POST", url, headers=headers, body=body, timeout=lookup.timeout())
    except (OSError, http.client.HTTPException) as exc:
        return mapping.result_from_error(exc)
    return mapping.result_from_response(response.status, response.body)


def deliver_payment(payload: dict, idempotency_key: str) -> Result:
    if not payload.get("account_number") or not payload.get("payment"):
        return Result.failed("a revenues payment message without an account or a payment")
    return _send(payload, idempotency_key, "payments", mapping.payment_body(payload["payment"]))


def deliver_change(payload: dict, idempotency_key: str) -> Result:
    if not payload.get("account_number") or not payload.get("change"):
        return Result.failed("a revenues change message without an account or a change")
    return _send(payload, idempotency_key, "changes", mapping.change_body(payload["change"]))


def deliver_case_change(payload: dict, idempotency_key: str) -> Result:
    """A case of a request type whose connector is ``revenues``: its change, sent with the
    portal's reference; the system's decision goes back to the case (mapping.decision)."""
    case = payload.get("case") or {}
    data = case.get("data") or {}
    change = data.get("change")
    if not data.get("account_number") or not isinstance(change, dict) or not change.get("kind"):
        return Result.failed("a council tax case without an account number or a change")
    details = {**(change.get("details") or {}), "portal_reference": case.get("reference", "")}
    body = mapping.change_body({"kind": change["kind"], "details": details})
    result = _send(data, idempotency_key, "changes", body)
    system = str((payload.get("settings") or {}).get("system") or "council tax")
    return mapping.decision(result, system=system)

"""The outbox handlers for writes to the revenues system: map, send, map back. No database.

Payload: ``{"account_number": "...", "payment": {...}}`` or ``{"account_number": "...",
"change": {...}}`` (see mapping.payment_body / change_body). The outbox's idempotency key
goes to the revenues system, so a retry never takes a payment twice.
"""

import http.client
import logging

from integrations.connectors import PollFailed, PollResult
from integrations.outbox.registry import Result
from integrations.revenues import client, lookup, mapping

log = logging.getLogger(__name__)


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
    portal's reference and the evidence sent with it (names and signed links, never the
    bytes); the system's decision goes back to the case (mapping.decision)."""
    case = payload.get("case") or {}
    data = case.get("data") or {}
    change = data.get("change")
    if not data.get("account_number") or not isinstance(change, dict) or not change.get("kind"):
        return Result.failed("a council tax case without an account number or a change")
    details = {**(change.get("details") or {}), "portal_reference": case.get("reference", "")}
    if case.get("attachments"):
        details["evidence"] = mapping.evidence(case["attachments"])
    body = mapping.change_body({"kind": change["kind"], "details": details})
    result = _send(data, idempotency_key, "changes", body)
    system = str((payload.get("settings") or {}).get("system") or "council tax")
    return mapping.decision(result, system=system)


def poll(settings: dict, cursor: str, open_references: list[str]) -> PollResult:
    """The decisions on changes the system queued: each open case's change request is read
    (``GET /revenues/v1/change-requests/<reference>``); one decided since becomes the update
    that moves its case on (accepted: done; refused: not accepted, with the reason). One
    still queued says nothing. A reference the system does not know is skipped (and
    logged). The system down, slow or answering nonsense raises PollFailed: nothing is
    applied and the next poll asks again, so nothing is lost. No cursor: the open cases
    are the work list, so with none the system is not asked at all."""
    if not open_references:
        return PollResult()
    problem = lookup.settings_problem()
    if problem:
        raise PollFailed(problem)
    headers = mapping.request_headers(api_key=lookup.api_key())
    system = str((settings or {}).get("system") or "council tax")
    updates = []
    for reference in sorted(set(open_references)):
        url = mapping.change_request_url(lookup.base_url(), reference)
        try:
            response = client.request("GET", url, headers=headers, timeout=lookup.timeout())
            change = mapping.parse_change_request(
                response.status, response.body, reference=reference
            )
        except (OSError, http.client.HTTPException) as exc:
            raise PollFailed(mapping.unreachable(exc)) from None
        except mapping.RevenuesUnusable as exc:
            raise PollFailed(f"change request {reference}: {exc}") from None
        if change is None:
            log.warning("revenues: the system does not know change request %s", reference)
            continue
        update = mapping.decided_update(change, system=system)
        if update is not None:
            updates.append(update)
    return PollResult(updates=updates, cursor="")

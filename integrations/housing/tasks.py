"""The housing connector's outbox handlers and its poll: map, send, map back. No database.

Delivery payload: casework's (``{"case_id", "connector", "settings", "case": ...}``); the
case's request type says where it goes (``mapping.case_request``). The outbox's idempotency
key goes to the housing system, so a retry never logs a job, or takes a payment, twice.
"""

import http.client
from urllib.parse import quote

from integrations.connectors import PollFailed, PollResult, common_settings_errors
from integrations.housing import client, lookup, mapping
from integrations.outbox.registry import Result


def validate_settings(settings: dict) -> list[str]:
    """The housing system's address and key are the council's settings (HOUSING_URL...);
    a request type may only name who residents are told received it."""
    errors = common_settings_errors(settings)
    unknown = sorted(set(settings) - {"name", "timeout"})
    if unknown:
        errors.append(f"Unknown settings: {', '.join(unknown)}.")
    return errors


def _post(path: str, body: bytes, idempotency_key: str, settings: dict | None = None) -> Result:
    problem = lookup.settings_problem()
    if problem:
        return Result.retry(problem)  # kept until the council turns it on: nothing is lost
    url = f"{mapping.base(lookup.base_url())}/{path}"
    headers = mapping.request_headers(api_key=lookup.api_key(), idempotency_key=idempotency_key)
    timeout = (settings or {}).get("timeout") or lookup.timeout()
    try:
        response = client.request("POST", url, headers=headers, body=body, timeout=timeout)
    except (OSError, http.client.HTTPException) as exc:
        return mapping.result_from_error(exc)
    return mapping.result_from_response(response.status, response.body)


def deliver_case(payload: dict, idempotency_key: str) -> Result:
    found = mapping.case_request(payload.get("case") or {})
    if found is None:
        return Result.failed("a case the housing system has no place for (no tenancy?)")
    path, document = found
    return _post(path, mapping.body(document), idempotency_key, payload.get("settings"))


def deliver_appointment(payload: dict, idempotency_key: str) -> Result:
    """``{"job": "RJ-000001", "appointment": {"date", "period"} | None}``: moved or cancelled."""
    job = str(payload.get("job") or "")
    if not job:
        return Result.failed("an appointment change for a job the housing system has not logged")

    path = f"repairs/{quote(job, safe='')}/appointment"
    return _post(path, mapping.appointment_body(payload.get("appointment")), idempotency_key)


def deliver_follow_on(payload: dict, idempotency_key: str) -> Result:
    """``{"job": "RJ-000001", "portal_reference", "reason", "priority", "trade"}``: the job
    did not fix it, so a new job, linked to that one, goes to the contractor."""
    found = mapping.follow_on_request(payload)
    if found is None:
        return Result.failed("a follow-on to a job the housing system has not logged")
    path, document = found
    return _post(path, mapping.body(document), idempotency_key)


def poll(settings: dict, cursor: str, open_references: list[str]) -> PollResult:
    """What happened to jobs and cases since ``cursor`` (the first poll reads them all)."""
    problem = lookup.settings_problem()
    if problem:
        raise PollFailed(problem)
    url = mapping.updates_url(lookup.base_url(), cursor)
    try:
        response = client.request(
            "GET",
            url,
            headers=mapping.request_headers(api_key=lookup.api_key()),
            timeout=lookup.timeout(),
        )
    except (OSError, http.client.HTTPException) as exc:
        raise PollFailed(mapping.unreachable(exc)) from None
    try:
        return mapping.parse_updates(response.status, response.body, cursor=cursor)
    except mapping.HousingUnusable as exc:
        raise PollFailed(str(exc)) from None

"""The outbox handler for ``connector.open311`` and the poll for status. No database."""

import http.client
import os
from dataclasses import replace
from datetime import UTC, datetime

from integrations.connectors import PollFailed, PollResult
from integrations.open311_client import client, mapping
from integrations.outbox.registry import Result

MAX_TOKENS_PER_POLL = 50


def deliver_case(payload: dict, idempotency_key: str) -> Result:
    """POST one case to the Open311 endpoint in the payload's settings.

    ``idempotency_key`` has nowhere to go: Open311 has none (see mapping).
    """
    settings = payload.get("settings") or {}
    errors = mapping.validate_settings(settings)
    api_key = mapping.resolve_api_key(settings, os.environ)
    if errors or not api_key:
        return Result.failed(
            "Open311 settings are not usable: " + " ".join(errors or ["no API key"])
        )
    fields = mapping.request_form(payload.get("case") or {}, settings, api_key=api_key)
    try:
        response = client.post_form(
            mapping.url(settings, "requests"),
            body=mapping.encode_form(fields),
            timeout=mapping.timeout(settings),
        )
    except (OSError, http.client.HTTPException) as exc:
        return mapping.result_from_error(exc)
    return mapping.result_from_response(
        response.status, response.body, personal=mapping.personal_values(fields)
    )


def _get(settings: dict, resource: str, query=()) -> bytes:
    """GET ``resource``; raises PollFailed for no answer or an answer that is not 2xx."""
    try:
        response = client.get(
            mapping.url(settings, resource, query), timeout=mapping.timeout(settings)
        )
    except (OSError, http.client.HTTPException) as exc:
        raise PollFailed(f"Could not reach the back office: {type(exc).__name__}") from exc
    problem = mapping.poll_problem(response.status, response.body)
    if problem:
        raise PollFailed(problem)
    return response.body


def _read(reader, body: bytes):
    try:
        return reader(body)
    except mapping.Garbage as exc:
        raise PollFailed(f"The back office's answer was not usable: {exc}.") from exc


def _resolve_tokens(settings: dict, references: list[str]) -> dict[str, str]:
    """{request id: "token:<token>"} for cases delivered with only a token, as far as known."""
    tokens = [r for r in references if r.startswith(mapping.TOKEN_PREFIX)]
    found = {}
    for reference in tokens[:MAX_TOKENS_PER_POLL]:
        token = reference.removeprefix(mapping.TOKEN_PREFIX)
        try:
            body = _get(settings, mapping.token_path(token))
            request_id = mapping.token_request_id(body)
        except (PollFailed, mapping.Garbage):
            continue  # not made yet, or unknown: the next poll asks again
        if request_id:
            found[request_id] = reference
    return found


def _current_state(settings: dict, ids: list[str]) -> list:
    """``GET requests`` for ``ids``, in batches: each request's status and notes as they are."""
    updates = []
    for start in range(0, len(ids), mapping.REQUESTS_PER_GET):
        batch = ",".join(ids[start : start + mapping.REQUESTS_PER_GET])
        body = _get(settings, "requests", [("service_request_id", batch)])
        updates += _read(mapping.updates_from_requests, body)
    return updates


def poll(settings: dict, cursor: str, open_references: list[str]) -> PollResult:
    """What the back office says happened to the open cases: updates, oldest first.

    ``updates`` "servicerequestupdates" (default): everything since the cursor (a
    time), kept to the open cases. "requests": the open cases' current state,
    fetched by id. Cases known only by a token are always followed by their current
    state, since what happened before their id was known cannot be read. Raises
    PollFailed when the back office cannot be asked or answers with something that
    is not Open311.
    """
    errors = mapping.validate_settings(settings)
    if errors:
        raise PollFailed("Open311 settings are not usable: " + " ".join(errors))
    now = datetime.now(UTC)
    aliases = _resolve_tokens(settings, open_references)  # request id -> "token:..."
    known = {r for r in open_references if not r.startswith(mapping.TOKEN_PREFIX)}
    next_cursor = mapping.w3c(now)
    updates = []
    if settings.get("updates") == "requests":
        updates += _current_state(settings, sorted(known | set(aliases)))
    else:
        if known:
            start, end = mapping.updates_window(cursor, now)
            api_key = mapping.resolve_api_key(settings, os.environ)
            query = [("start_date", mapping.w3c(start)), ("end_date", mapping.w3c(end))]
            body = _get(settings, "servicerequestupdates", [*query, ("api_key", api_key)])
            found = _read(mapping.updates_from_request_updates, body)
            updates += [u for u in found if u.reference in known]
        updates += _current_state(settings, sorted(aliases))
    return PollResult(
        updates=[
            replace(u, reference=aliases[u.reference]) if u.reference in aliases else u
            for u in updates
            if u.reference in known or u.reference in aliases
        ],
        cursor=next_cursor,
    )

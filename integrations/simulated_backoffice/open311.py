"""The simulated back office's Open311 GeoReport v2 endpoint, under ``/open311/v2/``.

XML or JSON by the path's ending (``requests.xml``, ``requests.json``):
- ``GET services.<fmt>``: the services in ``Open311Records.services``.
- ``POST requests.<fmt>`` (form): ``api_key`` must be the office's; the same
  ``failure_rate``, ``lost_reply_rate`` and ``latency_ms`` as the webhook side. A
  request whose ``attribute[portal_reference]`` it already has is answered with
  the same id and not stored again. With ``answer_with_token`` it answers with a
  token only, as a back office that makes requests later does.
- ``GET requests.<fmt>?service_request_id=a,b``, ``GET requests/<id>.<fmt>``,
  ``GET tokens/<token>.<fmt>``.
- ``GET servicerequestupdates.<fmt>?start_date=&end_date=&api_key=`` (mySociety's
  extension, FixMyStreet's status words).
- Control, not Open311: ``POST /open311/control/requests/<id>/status`` with JSON
  ``{"status": "FIXED", "description": "..."}`` sets a status and makes the
  update the portal will poll (``set_status`` does the same from Python).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl
from xml.etree import ElementTree as ET  # noqa: S405 - used only to write XML, never to read it

if TYPE_CHECKING:
    from integrations.simulated_backoffice.server import BackOffice

PORTAL_REFERENCE = "attribute[portal_reference]"
ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?P<many>\[\])?$")
CLOSED_WORDS = {
    "CLOSED",
    "FIXED",
    "DUPLICATE",
    "NOT_COUNCILS_RESPONSIBILITY",
    "NO_FURTHER_ACTION",
    "UNABLE_TO_FIX",
    "INTERNAL_REFERRAL",
}
CHILDREN = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
}
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


@dataclass
class Open311Records:
    """The Open311 side's requests and updates (guarded by the office's lock)."""

    services: dict[str, str] = field(
        default_factory=lambda: {
            "POTHOLE": "Pothole",
            "FLYTIP": "Fly-tipping",
            "STREETLIGHT": "Street light not working",
        }
    )
    answer_with_token: bool = False
    requests: dict[str, dict] = field(default_factory=dict)  # by service_request_id
    by_portal_reference: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> service_request_id
    updates: list[dict] = field(default_factory=list)
    posts: int = 0  # POSTs received, whatever became of them


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _parse_time(text: str) -> datetime | None:
    try:
        found = datetime.fromisoformat(text.strip().replace(" ", "+"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def render(fmt: str, root: str, items: list[dict]) -> bytes:
    if fmt == "json":
        return json.dumps(items).encode()
    element = ET.Element(root)
    for item in items:
        child = ET.SubElement(element, CHILDREN[root])
        for key, value in item.items():
            ET.SubElement(child, key).text = "" if value is None else str(value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _errors(fmt: str, status: int, description: str):
    return status, fmt, "errors", [{"code": status, "description": description}]


def _public(record: dict) -> dict:
    return {key: value for key, value in record.items() if key not in ("contact", "attributes")}


def create(office: BackOffice, fmt: str, form: list[tuple[str, str]]):
    """One POST requests attempt: (HTTP status, fmt, root, items)."""
    data = dict(form)
    records = office.open311
    with office._lock:
        office.calls += 1
        records.posts += 1
        if not office.api_key or data.get("api_key") != office.api_key:
            return _errors(fmt, 403, "api_key is missing or not valid.")
        if office._random.random() < office.failure_rate:
            office.failures += 1
            return _errors(fmt, 503, "The service is temporarily unavailable.")
        code = data.get("service_code", "")
        if not code:
            return _errors(fmt, 400, "service_code was not provided.")
        if code not in records.services:
            return _errors(fmt, 404, f"service_code {code} was not found.")
        has_point = data.get("lat") and data.get("long")
        if not (has_point or data.get("address_string") or data.get("address_id")):
            return _errors(fmt, 400, "lat and long, address_string or address_id are required.")
        portal_reference = data.get(PORTAL_REFERENCE, "")
        request_id = records.by_portal_reference.get(portal_reference) if portal_reference else None
        if request_id is None:
            request_id = str(1000 + len(records.requests) + 1)
            if portal_reference:
                records.by_portal_reference[portal_reference] = request_id
            attributes: dict[str, str | list[str]] = {}
            for name, value in form:
                match = ATTRIBUTE.match(name)
                if match and match["many"]:
                    attributes.setdefault(match["code"], []).append(value)
                elif match:
                    attributes[match["code"]] = value
            records.requests[request_id] = {
                "service_request_id": request_id,
                "status": "open",
                "status_notes": "",
                "service_code": code,
                "service_name": records.services[code],
                "description": data.get("description", ""),
                "requested_datetime": _now(),
                "updated_datetime": _now(),
                "address": data.get("address_string", ""),
                "lat": data.get("lat", ""),
                "long": data.get("long", ""),
                "portal_reference": portal_reference,
                "attributes": attributes,
                "contact": {
                    name: data.get(name, "")
                    for name in ("email", "first_name", "last_name", "phone")
                },
            }
        if office._random.random() < office.lost_reply_rate:
            office.failures += 1
            return _errors(fmt, 503, "The reply was lost.")
        if records.answer_with_token:
            token = f"T{request_id}"
            records.tokens[token] = request_id
            return 200, fmt, "service_requests", [{"token": token}]
        return 200, fmt, "service_requests", [{"service_request_id": request_id}]


def set_status(office: BackOffice, request_id: str, *, status: str, description: str = ""):
    """Someone at the back office moves a request on: returns the update (None: no request)."""
    word = status.strip().upper()
    with office._lock:
        record = office.open311.requests.get(request_id)
        if record is None:
            return None
        record["status"] = "closed" if word in CLOSED_WORDS else "open"
        record["status_notes"] = description
        record["updated_datetime"] = _now()
        update = {
            "update_id": str(len(office.open311.updates) + 1),
            "service_request_id": request_id,
            "status": word,
            "external_status_code": "",
            "description": description,
            "updated_datetime": record["updated_datetime"],
            "media_url": "",
        }
        office.open311.updates.append(update)
        return update


def _read(office: BackOffice, fmt: str, resource: list[str], query: dict[str, str]):
    records = office.open311
    with office._lock:
        office.calls += 1
        if office._random.random() < office.failure_rate:
            office.failures += 1
            return _errors(fmt, 503, "The service is temporarily unavailable.")
        if resource == ["services"]:
            items = [
                {
                    "service_code": code,
                    "service_name": name,
                    "metadata": "false",
                    "type": "realtime",
                }
                for code, name in records.services.items()
            ]
            return 200, fmt, "services", items
        if resource == ["requests"]:
            ids = [i for i in query.get("service_request_id", "").split(",") if i]
            found = [records.requests[i] for i in ids if i in records.requests]
            if not ids:
                found = list(records.requests.values())
            return 200, fmt, "service_requests", [_public(r) for r in found]
        if len(resource) == 2 and resource[0] == "requests":
            record = records.requests.get(resource[1])
            if record is None:
                return _errors(fmt, 404, f"service_request_id {resource[1]} was not found.")
            return 200, fmt, "service_requests", [_public(record)]
        if len(resource) == 2 and resource[0] == "tokens":
            request_id = records.tokens.get(resource[1])
            if request_id is None:
                return _errors(fmt, 404, f"token {resource[1]} was not found.")
            items = [{"service_request_id": request_id, "token": resource[1]}]
            return 200, fmt, "service_requests", items
        if resource == ["servicerequestupdates"]:
            if not office.api_key or query.get("api_key") != office.api_key:
                return _errors(fmt, 403, "api_key is missing or not valid.")
            start = _parse_time(query.get("start_date", "") or "1970-01-01T00:00:00Z")
            end = _parse_time(query.get("end_date", "") or "9999-12-31T00:00:00Z")
            if start is None or end is None:
                return _errors(fmt, 400, "start_date and end_date must be W3C dates and times.")
            found = [
                update
                for update in records.updates
                if start <= _parse_time(update["updated_datetime"]) <= end
            ]
            return 200, fmt, "service_request_updates", found
    return _errors(fmt, 404, "Not found.")


def handle(office: BackOffice, method: str, parts: list[str], query: str, body: bytes):
    """A request under /open311/: (HTTP status, content type, body)."""
    if parts[:2] == ["control", "requests"] and len(parts) == 4 and parts[3] == "status":
        if method != "POST":
            return 405, CONTENT_TYPES["json"], b'{"error": "POST only"}'
        try:
            wanted = json.loads(body or b"{}")
        except ValueError:
            return 400, CONTENT_TYPES["json"], b'{"error": "not JSON"}'
        update = set_status(
            office,
            parts[2],
            status=str(wanted.get("status", "")),
            description=str(wanted.get("description", "")),
        )
        status = 200 if update else 404
        return (
            status,
            CONTENT_TYPES["json"],
            json.dumps(update or {"error": "no such request"}).encode(),
        )
    if parts[:1] != ["v2"] or len(parts) < 2 or "." not in parts[-1]:
        return 404, CONTENT_TYPES["json"], b'{"error": "not found"}'
    name, _dot, fmt = parts[-1].rpartition(".")
    if fmt not in CONTENT_TYPES:
        return 404, CONTENT_TYPES["json"], b'{"error": "format must be xml or json"}'
    resource = [*parts[1:-1], name]
    if office.latency_ms:
        time.sleep(office.latency_ms / 1000)
    if method == "POST" and resource == ["requests"]:
        answer = create(office, fmt, parse_qsl(body.decode("utf-8", "replace")))
    elif method == "GET":
        answer = _read(office, fmt, resource, dict(parse_qsl(query)))
    else:
        answer = _errors(fmt, 405, "Method not allowed.")
    status, fmt, root, items = answer
    return status, CONTENT_TYPES[fmt], render(fmt, root, items)


def request_by_portal_reference(office: BackOffice, portal_reference: str) -> dict | None:
    with office._lock:
        request_id = office.open311.by_portal_reference.get(portal_reference)
        return office.open311.requests.get(request_id) if request_id else None

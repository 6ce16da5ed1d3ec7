"""Cases to back offices and back (issue 4): what is sent, and what the answer does to a case.

A request type with a connector has each new case delivered through the outbox
(``connector.<name>`` messages, idempotency key per case), never from the web
request. How it went comes back through ``on_delivery_result`` (an outbox
listener) and becomes case actions: received, or "needs attention" for staff.
Connectors (integrations) get plain data from here and know nothing of cases.
"""

import logging

from django.utils.translation import gettext as _

from integrations.connectors import connector, validate_connector_settings
from integrations.outbox.actions import message_enqueue

log = logging.getLogger(__name__)


def case_payload(case) -> dict:
    """Everything a back office needs to do the work, as plain JSON-ready data."""
    rt = case.request_type
    resident = case.resident
    address = case.address
    contact = {
        "name": case.contact_name or (resident.get_full_name() if resident else ""),
        "email": case.contact_email or (resident.email if resident else ""),
        "phone": case.contact_phone or (str(resident.phone) if resident and resident.phone else ""),
    }
    return {
        "reference": case.reference,
        "request_type": {"slug": rt.slug, "name": rt.name},
        "service": rt.service,
        "status": case.status,
        "summary": case.summary,
        "answers": case.answers or {},
        "address": (
            {
                "lines": address.lines,
                "uprn": str(address.uprn),
                "postcode": address.postcode,
                "ward": address.ward.code if address.ward_id else "",
                "ward_name": address.ward.name if address.ward_id else "",
            }
            if address is not None
            else None
        ),
        "latitude": case.latitude,
        "longitude": case.longitude,
        "location_text": case.location_text,
        "channel": case.channel,
        "created_at": case.created_at.isoformat() if case.created_at else None,
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "contact": contact,
    }


def delivery_problems(request_type) -> list[str]:
    """Why a request type's back office cannot be reached as configured ([] when it can)."""
    return validate_connector_settings(request_type.connector, request_type.connector_settings)


def enqueue_delivery(*, case):
    """In the submitting transaction: one outbox message that sends the case to its back office.

    The caller has already moved the case to SENDING. Returns the message.
    """
    rt = case.request_type
    name = rt.connector
    return message_enqueue(
        kind=connector(name).kind,
        lock_key=f"case:{case.pk}",
        idempotency_key=f"case-{case.reference}-submit",
        payload={
            "case_id": case.pk,
            "connector": name,
            "settings": dict(rt.connector_settings),
            "case": case_payload(case),
        },
    )


def received_by(case, settings: dict) -> str:
    """Who residents are told has their request: the connector's ``name``, the team, or neither."""
    name = (settings or {}).get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    if case.team_id:
        return case.team.name
    return _("the back office")


def on_delivery_result(message, result) -> None:
    """Outbox listener for every connector: delivered, or stuck and needing a person.

    Runs inside the outbox's transaction, so it must not raise for a case that has
    moved on meanwhile (the actions record such answers without a status change).
    """
    from casework import actions
    from casework.models import Case
    from integrations.outbox.models import Message

    case_id = message.payload.get("case_id")
    if not case_id:
        return
    try:
        if message.state == Message.State.DELIVERED:
            actions.case_record_delivery(
                case_id=case_id,
                external_reference=str(result.data.get("external_reference", "")),
                settings=message.payload.get("settings") or {},
            )
        elif message.state == Message.State.NEEDS_ATTENTION:
            actions.case_record_delivery_failed(case_id=case_id, error=message.last_error)
        # A retry is nobody's news: the outbox keeps the error for staff.
    except Case.DoesNotExist:
        log.warning("delivery: case %s no longer exists (message %s)", case_id, message.pk)

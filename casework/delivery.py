"""Cases to back offices and back: what is sent, and what the answer does to a case.

A request type with a connector has each new case delivered through the outbox
(``connector.<name>`` messages, idempotency key per case), never from the web
request. How it went comes back through ``casework.outbox_listeners.on_delivery_result``
and becomes case actions: received, or "needs attention" for staff. This module changes
no case itself: the actions call it (the payload, where to send it, the words for who has
the case) and it never imports them; staff's retry is ``actions.case_delivery_retry``, and
a polled or e-mailed update becomes ``actions.back_office_update_apply``.
Connectors (integrations) get plain data from here and know nothing of cases.
"""

from dataclasses import dataclass

from django.db.models import IntegerField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from accounts import roles
from casework.access import staff_case_queryset
from casework.attachments import back_office_files
from casework.models import Case
from casework.references import normalise_reference
from integrations.connectors import (
    KIND_PREFIX,
    connector,
    is_connector_kind,
    validate_connector_settings,
)
from integrations.outbox.actions import message_enqueue
from integrations.outbox.models import Message


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
        # The photos and documents sent with the request, as signed links.
        "attachments": back_office_files(case),
    }


def delivery_problems(request_type) -> list[str]:
    """Why a request type's back office cannot be reached as configured ([] when it can)."""
    return validate_connector_settings(request_type.connector, request_type.connector_settings)


def enqueue_delivery(*, case, data: dict | None = None):
    """In the submitting transaction: one outbox message that sends the case to its back office.

    The caller has already moved the case to SENDING. ``data``: what the back office needs
    beyond the case (``case_submit``'s ``back_office_data``), as ``case["data"]``.
    Returns the message.
    """
    rt = case.request_type
    name = rt.connector
    payload = case_payload(case)
    if data:
        payload["data"] = data
    return message_enqueue(
        kind=connector(name).kind,
        lock_key=f"case:{case.pk}",
        idempotency_key=f"case-{case.reference}-submit",
        payload={
            "case_id": case.pk,
            "connector": name,
            "settings": dict(rt.connector_settings),
            "case": payload,
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


# --- Status coming back: webhook, polling, e-mail ----------------------------------------------


def cases_for_back_office_reference(connector_name: str, reference: str) -> list:
    """Cases on ``connector_name`` that ``reference`` names: the portal's reference first,
    then the back office's own (which two back offices might share: newest first)."""
    cases = Case.objects.select_related("request_type").filter(
        request_type__connector=connector_name
    )
    portal_reference = normalise_reference(reference)
    if portal_reference:
        found = list(cases.filter(reference=portal_reference))
        if found:
            return found
    return list(cases.filter(external_reference=reference).order_by("-pk")[:10])


# --- Stuck deliveries: the staff "needs attention" page ---------------------------------------

ATTENTION_LIMIT = 200


def delivery_kind_label(kind: str) -> str:
    """What an outbox message does, in words staff understand."""
    if is_connector_kind(kind):
        found = connector(kind.removeprefix(KIND_PREFIX))
        return _("Send the case to %(system)s") % {
            "system": found.label if found else kind.removeprefix(KIND_PREFIX)
        }
    return {
        "notify.email": _("E-mail about the case"),
        "notify.sms": _("Text message about the case"),
    }.get(kind, kind)


def _all_deliveries(user) -> bool:
    return roles.has_role_permission(user, roles.RETRY_DELIVERIES)


def may_retry_deliveries(user) -> bool:
    """Agents and administrators retry stuck deliveries; caseworkers only see their teams'."""
    return user.is_authenticated and user.is_staff and _all_deliveries(user)


def _stuck_messages(user):
    """Messages needing a person, or failing and retrying, that ``user`` may see."""
    stuck = Message.objects.filter(
        Q(state=Message.State.NEEDS_ATTENTION) | Q(state=Message.State.PENDING, attempts__gt=0)
    ).annotate(case_pk=Cast(KeyTextTransform("case_id", "payload"), IntegerField()))
    if not _all_deliveries(user):
        stuck = stuck.filter(case_pk__in=staff_case_queryset(user).values("pk"))
    return stuck


@dataclass(frozen=True)
class StuckDelivery:
    message: object
    what: str
    retrying: bool
    case: object | None  # the case, when the viewer may see it


def deliveries_needing_attention(*, user) -> list[StuckDelivery]:
    """Newest first, at most ATTENTION_LIMIT, with their cases read in one query."""
    messages = list(
        _stuck_messages(user).defer("payload").order_by("-created_at", "-pk")[:ATTENTION_LIMIT]
    )
    case_ids = {m.case_pk for m in messages if m.case_pk}
    cases = (
        staff_case_queryset(user)
        .filter(pk__in=case_ids)
        .only("pk", "reference", "status")
        .in_bulk()
        if case_ids
        else {}
    )
    return [
        StuckDelivery(
            message=m,
            what=delivery_kind_label(m.kind),
            retrying=m.state == Message.State.PENDING,
            case=cases.get(m.case_pk),
        )
        for m in messages
    ]


def deliveries_needing_attention_count(*, user) -> int:
    return _stuck_messages(user).filter(state=Message.State.NEEDS_ATTENTION).count()

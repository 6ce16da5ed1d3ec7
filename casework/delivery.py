"""Cases to back offices and back: what is sent, and what the answer does to a case.

A request type with a connector has each new case delivered through the outbox
(``connector.<name>`` messages, idempotency key per case), never from the web
request. How it went comes back through ``on_delivery_result`` (an outbox
listener) and becomes case actions: received, or "needs attention" for staff.
Connectors (integrations) get plain data from here and know nothing of cases.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import IntegerField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from casework.attachments import back_office_files
from integrations.connectors import (
    KIND_PREFIX,
    connector,
    is_connector_kind,
    validate_connector_settings,
)
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
            _decided_on_delivery(case_id, message, result)
        elif message.state == Message.State.NEEDS_ATTENTION:
            actions.case_record_delivery_failed(case_id=case_id, error=message.last_error)
        # A retry is nobody's news: the outbox keeps the error for staff.
    except Case.DoesNotExist:
        log.warning("delivery: case %s no longer exists (message %s)", case_id, message.pk)


def _decided_on_delivery(case_id, message, result) -> None:
    """A back office that decides as it receives (a revenues system accepting or refusing
    a change at once) says so in the result: ``status`` (resolved, rejected) and ``message``
    (in the resident's words; the reason for a refusal). It becomes the case's next step,
    applied once whatever the retries."""
    from casework import actions
    from casework.workflow import TransitionRefused

    status = result.data.get("status")
    if status not in ("resolved", "rejected", "in_progress"):
        return
    try:
        actions.case_record_back_office_update(
            case_id=case_id,
            status=status,
            message=str(result.data.get("message") or ""),
            update_id=f"decision-{message.idempotency_key}",
        )
    except TransitionRefused:  # the case moved on meanwhile (withdrawn): nothing to do
        log.info("delivery: decision for case %s not applied, it has moved on", case_id)


# --- Status coming back: webhook, polling, e-mail ----------------------------------------------


def cases_for_back_office_reference(connector_name: str, reference: str) -> list:
    """Cases on ``connector_name`` that ``reference`` names: the portal's reference first,
    then the back office's own (which two back offices might share: newest first)."""
    from casework.models import Case
    from casework.references import normalise_reference

    cases = Case.objects.select_related("request_type").filter(
        request_type__connector=connector_name
    )
    portal_reference = normalise_reference(reference)
    if portal_reference:
        found = list(cases.filter(reference=portal_reference))
        if found:
            return found
    return list(cases.filter(external_reference=reference).order_by("-pk")[:10])


def back_office_update_apply(*, connector_name: str, update, channel: str = "api"):
    """Apply a ``BackOfficeUpdate`` (polled or e-mailed) to the case it names.

    Returns the case, or None when no case of this connector has that reference.
    Raises TransitionRefused when the workflow refuses the move. A repeat of an
    update with the same ``update_id`` changes nothing.
    """
    from casework import actions

    candidates = cases_for_back_office_reference(connector_name, update.reference)
    if not candidates:
        return None
    return actions.case_record_back_office_update(
        case_id=candidates[0].pk,
        status=update.status,
        message=update.message,
        public=update.public,
        update_id=update.update_id,
        channel=channel,
    )


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
    from accounts import roles

    return roles.has_role_permission(user, roles.RETRY_DELIVERIES)


def may_retry_deliveries(user) -> bool:
    """Agents and administrators retry stuck deliveries; caseworkers only see their teams'."""
    return user.is_authenticated and user.is_staff and _all_deliveries(user)


def _stuck_messages(user):
    """Messages needing a person, or failing and retrying, that ``user`` may see."""
    from casework.access import staff_case_queryset
    from integrations.outbox.models import Message

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
    from casework.access import staff_case_queryset
    from integrations.outbox.models import Message

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
    from integrations.outbox.models import Message

    return _stuck_messages(user).filter(state=Message.State.NEEDS_ATTENTION).count()


@transaction.atomic
def case_delivery_retry(*, message_ids: list[int], actor) -> int:
    """Staff: send stuck deliveries again; their cases go back to "sending", noted internally.

    Returns how many messages were retried. Only messages in "needs attention" are.
    """
    from casework import actions
    from casework.models import Case, Channel
    from casework.workflow import Status
    from integrations.outbox.actions import message_retry
    from integrations.outbox.models import Message

    stuck = list(
        Message.objects.select_for_update()
        .filter(pk__in=message_ids, state=Message.State.NEEDS_ATTENTION)
        .values_list("pk", "kind", "payload")
    )
    count = message_retry(message_ids=[pk for pk, _kind, _payload in stuck])
    name = actor.get_full_name() or actor.email
    case_ids = sorted(
        {
            payload.get("case_id")
            for _pk, kind, payload in stuck
            if is_connector_kind(kind) and isinstance(payload.get("case_id"), int)
        }
    )
    for case_id in case_ids:
        try:
            case = actions._lock(Case(pk=case_id))
        except Case.DoesNotExist:
            continue
        if case.status != Status.SEND_FAILED:
            continue
        actions._move(
            case,
            Status.SENDING,
            actor=actor,
            channel=Channel.WEB,
            public=False,
            message=_("Delivery to the back office retried by %(name)s.") % {"name": name},
            data={"retried_by": actor.pk},
        )
    return count

"""What the outbox's results do to cases: the listeners CaseworkConfig.ready registers.

A message about a case (a case sent to its back office, an e-mail or text message about
it) reports how it went here, inside the outbox's transaction, and the answer becomes a
case action. This module sits above ``casework.actions``, ``casework.delivery`` and
``casework.notifications``, which never import it.
"""

import logging

from casework import actions
from casework.models import Case
from casework.workflow import TransitionRefused
from integrations.outbox.models import Message

log = logging.getLogger(__name__)


def on_delivery_result(message, result) -> None:
    """Outbox listener for every connector: delivered, or stuck and needing a person.

    Runs inside the outbox's transaction, so it must not raise for a case that has
    moved on meanwhile (the actions record such answers without a status change).
    """
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


def on_message_result(message, result) -> None:
    """Outbox listener: record on the timeline that a message about a case was sent."""
    case_id = message.payload.get("case_id")
    if case_id and message.state == Message.State.DELIVERED:
        actions.case_record_message_sent(
            case_id=case_id,
            audience=message.payload.get("audience", ""),
            channel=message.kind.removeprefix("notify."),
            event_id=message.payload.get("event_id"),
        )

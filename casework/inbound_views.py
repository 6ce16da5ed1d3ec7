"""Status coming back from back offices (issue 4, item 4): a signed inbound webhook.

``POST /integrations/webhook/<connector>/status`` with a JSON status update,
signed with the secret of the request type of the case it names. The case is
found by portal reference first, then by the back office's reference, among
cases whose request type uses that connector. Logs name the reference only.
"""

import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from casework import actions
from casework.models import Case
from casework.references import normalise_reference
from casework.workflow import TransitionRefused
from integrations.connectors import connector as connector_named
from integrations.webhook import inbound

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
SIGNATURE_META = "HTTP_" + inbound.SIGNATURE_HEADER.upper().replace("-", "_")


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _candidates(connector: str, reference: str) -> list[Case]:
    cases = Case.objects.select_related("request_type").filter(request_type__connector=connector)
    portal_reference = normalise_reference(reference)
    if portal_reference:
        found = list(cases.filter(reference=portal_reference))
        if found:
            return found
    return list(cases.filter(external_reference=reference).order_by("-pk")[:10])


@csrf_exempt
@never_cache
@require_POST
def status_update(request, connector: str):
    found_connector = connector_named(connector)
    if found_connector is None or found_connector.secret is None:
        return _error(404, "No such connector.")
    if len(request.body) > MAX_BODY:
        return _error(400, "The body is too large.")
    signature = request.META.get(SIGNATURE_META)
    if not signature:
        log.warning("inbound %s: unsigned update refused", connector)
        return _error(401, f"Sign the body in the {inbound.SIGNATURE_HEADER} header.")
    body = request.body
    try:
        update = inbound.parse(body)
    except inbound.InvalidUpdate as exc:
        log.warning("inbound %s: invalid update: %s", connector, exc)
        return _error(400, str(exc))
    candidates = _candidates(connector, update.reference)
    if not candidates:
        log.warning("inbound %s: unknown reference %s", connector, update.reference)
        return _error(404, "No request with that reference.")
    case = next(
        (
            case
            for case in candidates
            if inbound.verify(
                found_connector.secret(case.request_type.connector_settings), body, signature
            )
        ),
        None,
    )
    if case is None:
        log.warning("inbound %s: bad signature for %s", connector, update.reference)
        return _error(403, "The signature does not match.")
    try:
        case = actions.case_record_back_office_update(
            case_id=case.pk, status=update.status, message=update.message, public=update.public
        )
    except TransitionRefused as exc:
        log.warning(
            "inbound %s: %s refused for %s", connector, update.status or "message", case.reference
        )
        return _error(400, str(exc))
    log.info("inbound %s: %s updated (%s)", connector, case.reference, case.status)
    return JsonResponse({"reference": case.reference, "status": case.status})

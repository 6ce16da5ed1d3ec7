"""Back offices calling in: status updates and the files sent to them.

``POST /integrations/webhook/<connector>/status`` with a JSON status update,
signed with the secret of the request type of the case it names. The case is
found by portal reference first, then by the back office's reference, among
cases whose request type uses that connector. Logs name the reference only.

``GET /integrations/files/<token>``: a photo a request was sent with, for the
back office that holds the signed link (casework.attachments.back_office_file_url).
"""

import logging

from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from casework import access, actions
from casework.delivery import cases_for_back_office_reference
from casework.models import RequestType
from casework.workflow import TransitionRefused
from integrations.connectors import connector as connector_named
from integrations.webhook import inbound

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
SIGNATURE_META = "HTTP_" + inbound.SIGNATURE_HEADER.upper().replace("-", "_")


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _signed_by_a_known_secret(found_connector, body: bytes, signature: str) -> bool:
    """True when some request type on this connector holds the secret that signed ``body``.

    Checked before looking the reference up, so that a caller without a secret
    learns nothing about which references exist.
    """
    settings_list = RequestType.objects.filter(connector=found_connector.name).values_list(
        "connector_settings", flat=True
    )
    secrets = {found_connector.secret(settings) for settings in settings_list}
    return any(inbound.verify(secret, body, signature) for secret in secrets if secret)


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
    if not _signed_by_a_known_secret(found_connector, body, signature):
        log.warning("inbound %s: bad signature", connector)
        return _error(403, "The signature does not match.")
    try:
        update = inbound.parse(body)
    except inbound.InvalidUpdate as exc:
        log.warning("inbound %s: invalid update: %s", connector, exc)
        return _error(400, str(exc))
    candidates = cases_for_back_office_reference(connector, update.reference)
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


@never_cache
@require_GET
def back_office_file(request, token: str):
    attachment = access.attachment_for_back_office(token)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

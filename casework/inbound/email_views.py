"""Replies to the e-mail connector, handed over by a mail relay.

``POST /integrations/email/inbound`` with the raw message (RFC 822) as the body
and ``Authorization: Bearer <EMAIL_INBOUND_TOKEN>``. Without that variable set the
endpoint does not exist (404). The relay should bounce what is not answered 200.
"""

import hmac
import logging

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from casework.inbound.email_replies import Outcome, email_reply_receive
from integrations.email_connector.inbound import MAX_RAW_BYTES

log = logging.getLogger(__name__)

STATUS_CODES = {
    Outcome.APPLIED: 200,
    Outcome.REPEATED: 200,
    Outcome.IGNORED: 200,
    Outcome.NO_CASE: 404,
    Outcome.REFUSED: 400,
    Outcome.UNREADABLE: 400,
}


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@never_cache
@require_POST
def receive(request):
    expected = settings.EMAIL_INBOUND_TOKEN
    if not expected:
        return _error(404, "Not found.")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not token:
        return _error(401, "Send the token as 'Authorization: Bearer <token>'.")
    if not hmac.compare_digest(token.encode(), expected.encode()):
        log.warning("email inbound: bad token")
        return _error(403, "The token does not match.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_RAW_BYTES:
        return _error(413, "The e-mail is too large.")
    raw = request.read(MAX_RAW_BYTES + 1)
    if len(raw) > MAX_RAW_BYTES:
        return _error(413, "The e-mail is too large.")
    result = email_reply_receive(raw=raw)
    status = STATUS_CODES[result.outcome]
    if status != 200:
        return _error(status, result.detail)
    return JsonResponse(
        {"outcome": str(result.outcome), "reference": result.reference, "status": result.status}
    )

"""Delivery receipts from GOV.UK Notify (its "callback" for e-mail and text messages)."""

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.notify import actions


def _token_ok(request: HttpRequest) -> bool:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme != "Bearer":
        return False
    return hmac.compare_digest(token.encode(), expected.encode())


@require_POST
@csrf_exempt
def callback(request: HttpRequest) -> JsonResponse:
    if not _token_ok(request):
        return JsonResponse({"error": "forbidden"}, status=403)
    try:
        data = json.loads(request.body)
        notify_id, status = str(data["id"]), str(data["status"])
    except (ValueError, TypeError, KeyError):
        return JsonResponse({"error": "expected JSON with id and status"}, status=400)
    try:
        message = actions.receipt_record(
            notify_id=notify_id,
            status=status,
            completed_at=str(data.get("completed_at") or ""),
            notification_type=str(data.get("notification_type") or ""),
        )
    except actions.UnknownStatus:
        return JsonResponse({"error": "unknown status"}, status=400)
    if message is None:
        return JsonResponse({"error": "unknown notification"}, status=404)
    return JsonResponse({"ok": True})

"""A local stand-in for the GOV.UK Notify API, for tests and development.

It checks what Notify checks first (a JWT signed with the API key's secret,
issued by the key's service), records what it is asked to send, answers with
Notify-shaped JSON, and can be told to fail the next calls:

    with FakeNotify() as fake:                      # on 127.0.0.1, a free port
        settings.NOTIFY_API_KEY = fake.api_key
        settings.NOTIFY_BASE_URL = fake.url
        fake.fail_next(2, status=500)
        ...
        fake.notifications[0]["reference"]

For development: ``python -m integrations.notify.fake_notify`` prints the
settings to use and serves until stopped.
"""

import argparse
import json
import re
import threading
import uuid
from datetime import UTC, datetime

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

from integrations.fake_api import LocalJsonApi

SERVICE_ID = "11111111-2222-4333-8444-555555555555"
SECRET = "66666666-7777-4888-9999-aaaaaaaaaaaa"  # noqa: S105 - the fake's own, public
FAKE_API_KEY = f"fake_notify-{SERVICE_ID}-{SECRET}"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_PHONE = re.compile(r"\+?[\d\s()-]{10,20}")
TEAM_ONLY = "Can’t send to this recipient using a team-only API key"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"status_code": status, "errors": [{"error": error, "message": message}]}


class FakeNotify(LocalJsonApi):
    def __init__(self, api_key: str = FAKE_API_KEY, host: str = "127.0.0.1", port: int = 0):
        self.api_key = api_key
        self.service_id = api_key[-73:-37]
        self.secret = api_key[-36:]
        self.notifications: list[dict] = []
        self.calls = 0
        self._failures: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        super().__init__(host, port)

    # --- Steering --------------------------------------------------------------

    def fail_next(self, times: int = 1, *, status: int = 500, message: str = "") -> None:
        """The next ``times`` sends get ``status`` (500, 429, 400...) instead of success."""
        default = {
            400: TEAM_ONLY,
            429: "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
        }.get(status, "Internal server error")
        with self._lock:
            self._failures += [(status, message or default)] * times

    def set_status(self, notification_id: str, status: str) -> None:
        with self._lock:
            self.get(notification_id)["status"] = status

    def get(self, notification_id: str) -> dict:
        return next(n for n in self.notifications if n["id"] == notification_id)

    def receipt(self, notification_id: str, status: str = "delivered") -> dict:
        """The body Notify POSTs to a service's delivery-receipt callback URL."""
        found = self.get(notification_id)
        return {
            "id": found["id"],
            "reference": found["reference"],
            "to": found.get("email_address") or found.get("phone_number"),
            "status": status,
            "created_at": found["created_at"],
            "completed_at": _now(),
            "sent_at": found["created_at"],
            "notification_type": found["type"],
            "template_id": found["template"]["id"],
            "template_version": 1,
        }

    # --- The API ---------------------------------------------------------------

    def _authorised(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return False
        try:
            return get_token_issuer(token) == self.service_id and decode_jwt_token(
                token, self.secret
            )
        except TokenError:
            return False

    def handle(self, method: str, path: str, authorization: str, body: bytes) -> tuple[int, dict]:
        if not self._authorised(authorization):
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        if method == "GET" and path.startswith("/v2/notifications/"):
            notification_id = path.removeprefix("/v2/notifications/")
            with self._lock:
                found = [n for n in self.notifications if n["id"] == notification_id]
            if not found:
                return _error(404, "NoResultFound", "No result found")
            return 200, found[0]
        kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(path)
        if method != "POST" or kind is None:
            return _error(404, "NotFound", "Not found")
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        with self._lock:
            self.calls += 1
            if self._failures:
                status, message = self._failures.pop(0)
                error = "BadRequestError" if status < 500 else "ServerError"
                return _error(status, "RateLimitError" if status == 429 else error, message)
        return self._send(kind, data)

    def _send(self, kind: str, data: dict) -> tuple[int, dict]:
        template_id = str(data.get("template_id", ""))
        if not _UUID.fullmatch(template_id):
            return _error(400, "ValidationError", "template_id is not a valid UUID")
        personalisation = data.get("personalisation") or {}
        needed = ("subject", "body") if kind == "email" else ("body",)
        missing = [name for name in needed if name not in personalisation]
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        if kind == "email":
            to = str(data.get("email_address", ""))
            if "@" not in to.strip("@"):
                return _error(400, "ValidationError", "email_address Not a valid email address")
        else:
            to = str(data.get("phone_number", ""))
            if not _PHONE.fullmatch(to):
                return _error(400, "ValidationError", "phone_number Not a UK mobile number")
        notification = {
            "id": str(uuid.uuid4()),
            "reference": data.get("reference"),
            "type": kind,
            "status": "created",
            "template": {"id": template_id, "version": 1, "uri": f"{self.url}/t/{template_id}"},
            "personalisation": personalisation,
            "body": personalisation["body"],
            "subject": personalisation.get("subject"),
            "created_at": _now(),
            "email_address" if kind == "email" else "phone_number": to,
        }
        if kind == "email" and data.get("one_click_unsubscribe_url"):
            notification["one_click_unsubscribe_url"] = data["one_click_unsubscribe_url"]
        with self._lock:
            self.notifications.append(notification)
        content = {"body": personalisation["body"]}
        if kind == "email":
            content |= {"subject": personalisation["subject"], "from_email": "portal@notify.test"}
        else:
            content["from_number"] = "COUNCIL"
        return 201, {
            "id": notification["id"],
            "reference": notification["reference"],
            "content": content,
            "uri": f"{self.url}/v2/notifications/{notification['id']}",
            "template": notification["template"],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of the GOV.UK Notify API.")
    parser.add_argument("--port", type=int, default=6011)
    args = parser.parse_args()
    fake = FakeNotify(port=args.port)
    fake.serve(
        [
            f"NOTIFY_API_KEY={fake.api_key}",
            f"NOTIFY_BASE_URL={fake.url}",
            f"NOTIFY_EMAIL_TEMPLATE_ID={uuid.uuid4()}",
            f"NOTIFY_SMS_TEMPLATE_ID={uuid.uuid4()}",
        ]
    )


if __name__ == "__main__":
    main()

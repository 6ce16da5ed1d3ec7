"""A local stand-in for the GOV.UK Pay API, for tests of the real client (and by hand).

It checks the bearer key, records what it is asked, answers with GOV.UK
Pay-shaped JSON and error codes, and can be told to fail the next calls:

    with FakeGovukPay() as fake:                    # on 127.0.0.1, a free port
        settings.PAY_API_KEY = fake.api_key
        settings.PAY_BASE_URL = fake.url
        fake.fail_next(2, status=500)
        fake.set_state(payment_id, "success")       # as if the resident paid
        ...
        fake.requests[-1]

Like GOV.UK Pay it sends signed webhooks (HMAC-SHA256 of the body with
``signing_secret``, in hex, in ``Pay-Signature``): ``card_payment_succeeded`` and
``card_payment_captured`` when a payment succeeds, ``card_payment_expired`` when it
expires unpaid (code P0020), ``card_payment_failed`` when it is declined, cancelled or
errors, and ``card_payment_refunded`` when a refund is made. They go to ``webhook_url`` when it is set, and each is kept in
``webhooks`` (body, signature, the status the portal answered) for tests to read
or send themselves.

Its card page (``next_url``) is not served: set the state instead. For
development: ``python -m integrations.pay.fake_govuk_pay`` prints the settings
to use and serves until stopped.
"""

import argparse
import hashlib
import hmac
import json
import re
import secrets
import string
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from integrations.fake_api import LocalJsonApi, post_callback

FAKE_API_KEY = "api_test_fake0000000000000000000000000000000000000000"  # noqa: S105 - public
FAKE_SIGNING_SECRET = "webhook_test_fake00000000000000000000000000"  # noqa: S105 - public
MAX_AMOUNT = 10_000_000
FINISHED = {"success", "failed", "cancelled", "error"}
_PAYMENT = re.compile(r"^/v1/payments/([a-z0-9]+)$")
_REFUNDS = re.compile(r"^/v1/payments/([a-z0-9]+)/refunds$")
_REFUND = re.compile(r"^/v1/payments/([a-z0-9]+)/refunds/([a-z0-9]+)$")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


@dataclass
class SentWebhook:
    body: bytes
    signature: str
    status: int | None = None  # what the portal answered; None: not sent, or no answer


def _error(status: int, code: str, description: str, field: str = "") -> tuple[int, dict]:
    body = {"code": code, "description": description}
    if field:
        body["field"] = field
    return status, body


class FakeGovukPay(LocalJsonApi):
    def __init__(
        self,
        api_key: str = FAKE_API_KEY,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        signing_secret: str = FAKE_SIGNING_SECRET,
        webhook_url: str = "",
    ):
        self.api_key = api_key
        self.signing_secret = signing_secret
        self.webhook_url = webhook_url
        self.webhooks: list[SentWebhook] = []
        self.payments: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.requests: list[tuple[str, str, dict]] = []  # (method, path, JSON body)
        self._failures: list[int] = []
        self._lock = threading.Lock()
        super().__init__(host, port)

    # --- Steering --------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.payments.clear()
            self.refunds.clear()
            self.requests.clear()
            self._failures.clear()
            self.webhooks.clear()

    def fail_next(self, times: int = 1, *, status: int = 500) -> None:
        """The next ``times`` calls (of any kind) get ``status`` (500, 503, 429...)."""
        with self._lock:
            self._failures += [status] * times

    def set_state(self, payment_id: str, status: str, code: str = "") -> None:
        """What the resident did on the card page: "success", or "failed" with "P0010"..."""
        messages = {
            "P0010": "Payment method rejected",
            "P0020": "Payment expired",
            "P0030": "Payment was cancelled by the user",
        }
        state = {"status": status, "finished": status in FINISHED}
        if code:
            state |= {"code": code, "message": messages.get(code, "Payment failed")}
        with self._lock:
            self.payments[payment_id]["state"] = state
        if status == "success":
            self._send_webhook(payment_id, "card_payment_succeeded")
            self._send_webhook(payment_id, "card_payment_captured")
        elif status in FINISHED:
            expired = code == "P0020"
            self._send_webhook(
                payment_id, "card_payment_expired" if expired else "card_payment_failed"
            )

    def set_refund_state(self, refund_id: str, status: str) -> None:
        """What the card network did with a submitted refund: "success" or "error"."""
        refunded = []
        with self._lock:
            for refund in self.refunds:
                if refund["refund_id"] == refund_id:
                    refund["status"] = status
                    refunded.append(refund["_payment_id"])
        if status == "success":
            for payment_id in refunded:
                self._send_webhook(payment_id, "card_payment_refunded")

    # --- Webhooks --------------------------------------------------------------

    def _send_webhook(self, payment_id: str, event_type: str) -> SentWebhook:
        with self._lock:
            resource = self._document(self.payments[payment_id])
        body = json.dumps(
            {
                "webhook_message_id": uuid.uuid4().hex,
                "api_version": 1,
                "created_date": _now(),
                "resource_id": payment_id,
                "resource_type": "payment",
                "event_type": event_type,
                "resource": resource,
            }
        ).encode()
        signature = hmac.new(self.signing_secret.encode(), body, hashlib.sha256).hexdigest()
        sent = SentWebhook(body=body, signature=signature)
        self.webhooks.append(sent)
        if self.webhook_url:
            sent.status = post_callback(
                self.webhook_url,
                body,
                {"Content-Type": "application/json", "Pay-Signature": signature},
            )
        return sent

    # --- The API ---------------------------------------------------------------

    def handle(self, method: str, path: str, authorization: str, body: bytes) -> tuple[int, dict]:
        scheme, _, key = authorization.partition(" ")
        if scheme != "Bearer" or not secrets.compare_digest(key.encode(), self.api_key.encode()):
            return 401, {"message": "Credentials are required to access this resource."}
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            return _error(400, "P0197", "Unable to parse JSON")
        with self._lock:
            self.requests.append((method, path, data))
            if self._failures:
                status = self._failures.pop(0)
                if status == 429:
                    return _error(429, "P0900", "Too many requests")
                return _error(status, "P0198", "Downstream system error")
            if method == "POST" and path == "/v1/payments":
                return self._create(data)
            if method == "GET" and (match := _PAYMENT.match(path)):
                found = self.payments.get(match[1])
                return (200, self._document(found)) if found else _error(404, "P0200", "Not found")
            if method == "POST" and (match := _REFUNDS.match(path)):
                return self._refund(match[1], data)
            if method == "GET" and (match := _REFUND.match(path)):
                for refund in self.refunds:
                    if refund["refund_id"] == match[2] and refund["_payment_id"] == match[1]:
                        return 200, {k: v for k, v in refund.items() if k != "_payment_id"}
                return _error(404, "P0700", "Not found")
        return _error(404, "P0200", "Not found")

    def _create(self, data: dict) -> tuple[int, dict]:
        for field in ("amount", "reference", "description", "return_url"):
            if field not in data:
                return _error(400, "P0101", f"Missing mandatory attribute: {field}", field)
        if "moto" in data and not isinstance(data["moto"], bool):
            return _error(
                422, "P0102", "Invalid attribute value: moto. Must be true or false", "moto"
            )
        amount = data["amount"]
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT:
            return _error(
                422,
                "P0102",
                "Invalid attribute value: amount. Must be less than or equal to 10000000",
                "amount",
            )
        alphabet = string.ascii_lowercase + string.digits
        payment_id = "".join(secrets.choice(alphabet) for _ in range(26))
        self.payments[payment_id] = {
            "payment_id": payment_id,
            "amount": amount,
            "reference": data["reference"],
            "description": data["description"],
            "return_url": data["return_url"],
            "language": data.get("language", "en"),
            "email": data.get("email"),
            # A card payment staff type in for someone on the phone (MOTO): GOV.UK Pay
            # accepts it only on accounts that allow it, as a boolean.
            "moto": data.get("moto", False),
            "state": {"status": "created", "finished": False},
            "created_date": _now(),
            "refunded": 0,
        }
        return 201, self._document(self.payments[payment_id])

    def _document(self, payment: dict) -> dict:
        base = f"{self.url}/v1/payments/{payment['payment_id']}"
        paid = payment["state"]["status"] == "success"
        available = payment["amount"] - payment["refunded"] if paid else 0
        document = {key: value for key, value in payment.items() if key != "refunded"}
        document |= {
            "payment_provider": "sandbox",
            "delayed_capture": False,
            "refund_summary": {
                "status": ("available" if available else "full") if paid else "unavailable",
                "amount_available": available,
                "amount_submitted": payment["refunded"],
            },
            "settlement_summary": {},
            "_links": {
                "self": {"href": base, "method": "GET"},
                "refunds": {"href": f"{base}/refunds", "method": "GET"},
                "events": {"href": f"{base}/events", "method": "GET"},
            },
        }
        if not payment["state"]["finished"]:
            card_page = f"https://card.payments.service.gov.uk/secure/{payment['payment_id']}"
            document["_links"]["next_url"] = {"href": card_page, "method": "GET"}
            document["_links"]["cancel"] = {"href": f"{base}/cancel", "method": "POST"}
        return document

    def _refund(self, payment_id: str, data: dict) -> tuple[int, dict]:
        payment = self.payments.get(payment_id)
        if payment is None:
            return _error(404, "P0600", "Not found")
        if payment["state"]["status"] != "success":
            return _error(
                400,
                "P0603",
                "The payment is not available for refund. Payment refund status: unavailable",
            )
        available = payment["amount"] - payment["refunded"]
        if data.get("refund_amount_available") != available:
            return _error(412, "P0604", "Refund amount available mismatch.")
        amount = data.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= available:
            return _error(422, "P0602", "Invalid attribute value: amount.", "amount")
        payment["refunded"] += amount
        refund = {
            "refund_id": secrets.token_hex(13),
            "amount": amount,
            "status": "submitted",
            "created_date": _now(),
            "_links": {
                "payment": {"href": f"{self.url}/v1/payments/{payment_id}", "method": "GET"}
            },
        }
        self.refunds.append({**refund, "_payment_id": payment_id})
        return 202, refund


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of the GOV.UK Pay API.")
    parser.add_argument("--port", type=int, default=6012)
    parser.add_argument(
        "--webhook-url",
        default="http://127.0.0.1:8000/integrations/pay/webhook",
        help="where to send webhooks (the portal's /integrations/pay/webhook); '' for none",
    )
    args = parser.parse_args()
    fake = FakeGovukPay(port=args.port, webhook_url=args.webhook_url)
    fake.serve(
        [
            f"PAY_API_KEY={fake.api_key}",
            f"PAY_BASE_URL={fake.url}",
            f"PAY_WEBHOOK_SIGNING_SECRET={fake.signing_secret}",
        ]
    )


if __name__ == "__main__":
    main()

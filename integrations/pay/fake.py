"""The fake of GOV.UK Pay: one stand-in for development, the demo and tests.

It answers GOV.UK Pay's API as GOV.UK Pay does (``handle``): the bearer key checked, its
JSON, its states and failure codes, its error codes for what it refuses (a bad amount,
a refund of more than is available, an unknown payment), expiry of an unpaid payment
after 90 minutes, refunds guarded by the amount still available, and signed webhooks
(HMAC-SHA256 of the body, in hex, in ``Pay-Signature``: ``card_payment_succeeded`` and
``card_payment_captured`` when a payment succeeds, ``card_payment_expired`` when it
expires, ``card_payment_failed`` when it is declined, cancelled or errors,
``card_payment_refunded`` when a refund is made) to ``webhook_url`` when it is set, each
kept in ``webhooks``. It can be told to fail the next calls (``fail_next``), as GOV.UK Pay
sometimes does.

It keeps its records in a JSON file (``PAY_FAKE_FILE``, under var/), outside the portal's
database, so the production schema has no table of a fake; one lock on the file makes
each change all or nothing, across processes. What it was asked (``requests``), the
failures it was told of and the webhooks it sent are kept in memory.

Two ways to reach it, both reading its answers with the real client's code
(``integrations.pay.govuk.GovukPay``):

- in this process (``in_process()``), as the portal's "fake" provider when there is no
  PAY_API_KEY: what ``make run`` and the tests pay with. Its card page is the portal's
  own (``pay:fake_card``: Pay, Decline, Cancel payment), which only the browser that first
  opened it can use (``card_open``, ``card_press``), like GOV.UK Pay's single-use link;
- over HTTP (``FakeGovukPayServer``), the real client end to end:

    with FakeGovukPayServer(records_file=path) as fake:  # on 127.0.0.1, a free port
        settings.PAY_API_KEY = fake.api_key
        settings.PAY_BASE_URL = fake.url
        fake.fail_next(2, status=500)
        fake.set_state(payment_id, "success")            # as if the resident paid
        fake.requests[-1]

  There its card page (GOV.UK Pay's address) is not served: set the state instead. For
  development: ``python -m integrations.pay.fake`` prints the settings to use and serves
  until stopped.

Nothing here imports Django's models: the HTTP fake runs without the portal.
"""

from __future__ import annotations

import argparse
import datetime
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import string
import threading
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from integrations.fake_api import LocalJsonApi, post_callback

FAKE_API_KEY = "api_test_fake0000000000000000000000000000000000000000"  # noqa: S105 - public
FAKE_SIGNING_SECRET = "webhook_test_fake00000000000000000000000000"  # noqa: S105 - public
MAX_AMOUNT = 10_000_000
EXPIRY = datetime.timedelta(minutes=90)  # as GOV.UK Pay
FINISHED = {"success", "failed", "cancelled", "error"}
GOVUK_CARD_PAGE = "https://card.payments.service.gov.uk/secure/{payment_id}"
MESSAGES = {
    "P0010": "Payment method rejected",
    "P0020": "Payment expired",
    "P0030": "Payment was cancelled by the user",
}
# The card page's buttons, in GOV.UK Pay's terms: (status, failure code).
CARD_CHOICES = {
    "pay": ("success", ""),
    "decline": ("failed", "P0010"),
    "cancel": ("failed", "P0030"),
}
_ID = re.compile(r"^[a-z0-9]{1,100}$")
_PAYMENT = re.compile(r"^/v1/payments/([a-z0-9]+)$")
_REFUNDS = re.compile(r"^/v1/payments/([a-z0-9]+)/refunds$")
_REFUND = re.compile(r"^/v1/payments/([a-z0-9]+)/refunds/([a-z0-9]+)$")
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _stamp(moment: datetime.datetime) -> str:
    """GOV.UK Pay's way of writing a moment: UTC, to the millisecond."""
    return moment.astimezone(datetime.UTC).strftime(_DATE_FORMAT)[:-4] + "Z"


def _moment(stamp: str) -> datetime.datetime:
    return datetime.datetime.strptime(stamp, _DATE_FORMAT).replace(tzinfo=datetime.UTC)


def _error(status: int, code: str, description: str, field: str = "") -> tuple[int, dict]:
    body = {"code": code, "description": description}
    if field:
        body["field"] = field
    return status, body


def _state(status: str, code: str = "") -> dict:
    state = {"status": status, "finished": status in FINISHED}
    if code:
        state |= {"code": code, "message": MESSAGES.get(code, "Payment failed")}
    return state


@dataclass
class SentWebhook:
    body: bytes
    signature: str
    status: int | None = None  # what the portal answered; None: not sent, or no answer


class FakeGovukPay:
    """GOV.UK Pay's API over the records in ``records_file`` (a path, or a function giving
    one, read at each call). ``card_page``: the card page address of a payment
    (``{payment_id}`` in a string, or a function of the id). ``refund_status``: how a
    refund is answered, "submitted" (GOV.UK Pay's usual: made later, ``set_refund_state``)
    or "success" (made at once)."""

    def __init__(
        self,
        records_file: str | Callable[[], str],
        *,
        api_key: str = FAKE_API_KEY,
        signing_secret: str = FAKE_SIGNING_SECRET,
        webhook_url: str = "",
        card_page: str | Callable[[str], str] = GOVUK_CARD_PAGE,
        refund_status: str = "submitted",
    ):
        self.records_file = records_file
        self.api_key = api_key
        self.signing_secret = signing_secret
        self.webhook_url = webhook_url
        self.card_page = card_page
        self.refund_status = refund_status
        self.webhooks: list[SentWebhook] = []
        self.requests: list[tuple[str, str, dict]] = []  # (method, path, JSON body)
        self._failures: list[int] = []
        self._lock = threading.Lock()

    # --- The records -----------------------------------------------------------

    @property
    def path(self) -> Path:
        found = self.records_file() if callable(self.records_file) else self.records_file
        return Path(found)

    @contextmanager
    def _records(self):
        """{"payments": {id: payment}, "refunds": [refund]}, locked; written back on leaving."""
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            text = handle.read()
            try:
                records = json.loads(text) if text.strip() else {}
            except ValueError:  # a damaged file: the fake starts again, as after a reset
                records = {}
            if not isinstance(records, dict):
                records = {}
            records.setdefault("payments", {})
            records.setdefault("refunds", [])
            yield records
            handle.seek(0)
            handle.truncate()
            json.dump(records, handle)
            handle.flush()
            os.fsync(handle.fileno())

    @property
    def payments(self) -> dict[str, dict]:
        """A copy of the payments it holds, by id."""
        with self._records() as records:
            return records["payments"]

    @property
    def refunds(self) -> list[dict]:
        """A copy of the refunds it has made, oldest first."""
        with self._records() as records:
            return records["refunds"]

    # --- Steering --------------------------------------------------------------

    def reset(self, *, records_file: str | Callable[[], str] | None = None) -> None:
        """Forget everything: the records (or start on ``records_file``), the requests, the
        failures it was told of, the webhooks sent."""
        if records_file is not None:
            self.records_file = records_file
        else:
            with self._records() as records:
                records["payments"].clear()
                records["refunds"].clear()
        self.forget()

    def forget(self) -> None:
        """Forget what it was asked, the failures it was told of and the webhooks it sent
        (its records stay)."""
        with self._lock:
            self.requests.clear()
            self._failures.clear()
            self.webhooks.clear()

    def fail_next(self, times: int = 1, *, status: int = 500) -> None:
        """The next ``times`` calls (of any kind) get ``status`` (500, 503, 429...)."""
        with self._lock:
            self._failures += [status] * times

    def recover(self) -> None:
        """Forget the failures it was told of and has not made yet: it answers again."""
        with self._lock:
            self._failures.clear()

    def set_state(self, payment_id: str, status: str, code: str = "") -> None:
        """What the resident did on the card page: "success", or "failed" with "P0010"..."""
        with self._records() as records:
            records["payments"][payment_id]["state"] = _state(status, code)
        self._told_of(payment_id, status, code)

    def payment_update(self, payment_id: str, **fields) -> dict:
        """Change a payment's record directly, as GOV.UK Pay's own admin or time would:
        ``refunded`` (pence refunded elsewhere), ``created`` (a datetime: its age)."""
        if "created" in fields:
            fields["created_date"] = _stamp(fields.pop("created"))
        with self._records() as records:
            records["payments"][payment_id].update(fields)
            return dict(records["payments"][payment_id])

    def set_refund_state(self, refund_id: str, status: str) -> None:
        """What the card network did with a submitted refund: "success" or "error"."""
        refunded = []
        with self._records() as records:
            for refund in records["refunds"]:
                if refund["refund_id"] == refund_id:
                    refund["status"] = status
                    refunded.append(refund["_payment_id"])
        if status == "success":
            for payment_id in refunded:
                self._send_webhook(payment_id, "card_payment_refunded")

    # --- Webhooks --------------------------------------------------------------

    def _told_of(self, payment_id: str, status: str, code: str) -> None:
        """The webhooks GOV.UK Pay sends when a payment's state changes to ``status``."""
        if status == "success":
            self._send_webhook(payment_id, "card_payment_succeeded")
            self._send_webhook(payment_id, "card_payment_captured")
        elif status in FINISHED:
            expired = code == "P0020"
            self._send_webhook(
                payment_id, "card_payment_expired" if expired else "card_payment_failed"
            )

    def _send_webhook(self, payment_id: str, event_type: str) -> SentWebhook:
        with self._records() as records:
            resource = self._document(records["payments"][payment_id])
        body = json.dumps(
            {
                "webhook_message_id": uuid.uuid4().hex,
                "api_version": 1,
                "created_date": _stamp(_now()),
                "resource_id": payment_id,
                "resource_type": "payment",
                "event_type": event_type,
                "resource": resource,
            }
        ).encode()
        signature = hmac.new(self.signing_secret.encode(), body, hashlib.sha256).hexdigest()
        sent = SentWebhook(body=body, signature=signature)
        with self._lock:
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
            failure = self._failures.pop(0) if self._failures else None
        if failure == 429:
            return _error(429, "P0900", "Too many requests")
        if failure is not None:
            return _error(failure, "P0198", "Downstream system error")
        if method == "POST" and path == "/v1/payments":
            return self._create(data)
        if method == "GET" and (match := _PAYMENT.match(path)):
            found = self._payment(match[1])
            return (200, self._document(found)) if found else _error(404, "P0200", "Not found")
        if method == "POST" and (match := _REFUNDS.match(path)):
            return self._refund(match[1], data)
        if method == "GET" and (match := _REFUND.match(path)):
            for refund in self.refunds:
                if refund["refund_id"] == match[2] and refund["_payment_id"] == match[1]:
                    return 200, {k: v for k, v in refund.items() if k != "_payment_id"}
            return _error(404, "P0700", "Not found")
        return _error(404, "P0200", "Not found")

    def _payment(self, payment_id: str) -> dict | None:
        """The payment, failed as expired when it was left unpaid too long (and GOV.UK Pay's
        webhook for that sent)."""
        with self._records() as records:
            payment = records["payments"].get(payment_id)
            if payment is None:
                return None
            expired = (
                not payment["state"]["finished"]
                and _now() - _moment(payment["created_date"]) > EXPIRY
            )
            if expired:
                payment["state"] = _state("failed", "P0020")
            found = dict(payment)
        if expired:
            self._told_of(payment_id, "failed", "P0020")
        return found

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
        payment = {
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
            "state": _state("created"),
            "created_date": _stamp(_now()),
            "refunded": 0,  # the fake's own: pence refunded so far
            "opened": False,  # the fake's own: a browser has its card page
        }
        with self._records() as records:
            records["payments"][payment_id] = payment
        return 201, self._document(payment)

    def _card_page(self, payment_id: str) -> str:
        if callable(self.card_page):
            return self.card_page(payment_id)
        return self.card_page.format(payment_id=payment_id)

    def _document(self, payment: dict) -> dict:
        """The payment as GOV.UK Pay's API shows it."""
        base = f"{getattr(self, 'url', 'https://publicapi.payments.service.gov.uk')}"
        base = f"{base}/v1/payments/{payment['payment_id']}"
        paid = payment["state"]["status"] == "success"
        available = payment["amount"] - payment["refunded"] if paid else 0
        hidden = {"refunded", "opened"}
        document = {key: value for key, value in payment.items() if key not in hidden}
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
            card_page = self._card_page(payment["payment_id"])
            document["_links"]["next_url"] = {"href": card_page, "method": "GET"}
            document["_links"]["cancel"] = {"href": f"{base}/cancel", "method": "POST"}
        return document

    def _refund(self, payment_id: str, data: dict) -> tuple[int, dict]:
        with self._records() as records:
            payment = records["payments"].get(payment_id)
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
            if not isinstance(amount, int) or isinstance(amount, bool):
                return _error(422, "P0602", "Invalid attribute value: amount.", "amount")
            if not 0 < amount <= available:
                return _error(422, "P0602", "Invalid attribute value: amount.", "amount")
            payment["refunded"] += amount
            refund = {
                "refund_id": secrets.token_hex(13),
                "amount": amount,
                "status": self.refund_status,
                "created_date": _stamp(_now()),
                "_links": {"payment": {"href": f"/v1/payments/{payment_id}", "method": "GET"}},
            }
            records["refunds"].append({**refund, "_payment_id": payment_id})
        if self.refund_status == "success":
            self._send_webhook(payment_id, "card_payment_refunded")
        return 202, refund

    # --- The card page (the in-process fake's, served by the portal) -------------------

    def card_open(self, payment_id: str, opened: list[str]) -> dict | None:
        """The payment whose card page this browser opens (``opened``: the card pages it
        opened before), or None: unknown, or another browser's. The first browser to open
        the link claims it (add the id to its ``opened``); any other gets nothing, so a
        leaked or guessed link cannot be used to pay, decline or cancel."""
        if not _ID.match(str(payment_id)) or self._payment(payment_id) is None:
            return None
        with self._records() as records:
            payment = records["payments"][payment_id]
            if payment_id not in opened:
                if payment["opened"]:
                    return None
                payment["opened"] = True
            return dict(payment)

    def card_press(self, payment_id: str, opened: list[str], choice: str) -> dict | None:
        """Pay, decline or cancel (``CARD_CHOICES``) on the card page: only the browser that
        opened it, and only while the payment is not finished. None: not this browser's."""
        if payment_id not in opened or self._payment(payment_id) is None:
            return None
        status, code = CARD_CHOICES[choice]
        with self._records() as records:
            payment = records["payments"][payment_id]
            changed = not payment["state"]["finished"]
            if changed:
                payment["state"] = _state(status, code)
            found = dict(payment)
        if changed:
            self._told_of(payment_id, status, code)
        return found


def card_is_open(payment: dict) -> bool:
    """The card page still takes a choice (the payment is not finished)."""
    return not payment["state"]["finished"]


class FakeGovukPayServer(FakeGovukPay, LocalJsonApi):
    """The fake over HTTP on 127.0.0.1 (a free port unless given), for the real client."""

    def __init__(
        self,
        records_file: str | Callable[[], str],
        api_key: str = FAKE_API_KEY,
        host: str = "127.0.0.1",
        port: int = 0,
        **options,
    ):
        FakeGovukPay.__init__(self, records_file, api_key=api_key, **options)
        LocalJsonApi.__init__(self, host, port)


# --- The fake this process pays with (the portal's "fake" provider) ------------------------

_in_process: FakeGovukPay | None = None


def _portal_card_page(payment_id: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("pay:fake_card", args=[payment_id])


def in_process() -> FakeGovukPay:
    """The fake the portal pays with when there is no PAY_API_KEY (``providers``): its
    records in PAY_FAKE_FILE, its card page the portal's own, refunds made at once."""
    global _in_process
    if _in_process is None:
        _in_process = FakeGovukPay(
            lambda: settings.PAY_FAKE_FILE,
            card_page=_portal_card_page,
            refund_status="success",
        )
    return _in_process


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of the GOV.UK Pay API.")
    parser.add_argument("--port", type=int, default=6012)
    parser.add_argument(
        "--records-file",
        default=os.environ.get("PAY_FAKE_FILE", "var/pay-fake.json"),
        help="where it keeps its payments and refunds (default: $PAY_FAKE_FILE)",
    )
    parser.add_argument(
        "--webhook-url",
        default="http://127.0.0.1:8000/integrations/pay/webhook",
        help="where to send webhooks (the portal's /integrations/pay/webhook); '' for none",
    )
    args = parser.parse_args()
    fake = FakeGovukPayServer(args.records_file, port=args.port, webhook_url=args.webhook_url)
    fake.serve(
        [
            f"PAY_API_KEY={fake.api_key}",
            f"PAY_BASE_URL={fake.url}",
            f"PAY_WEBHOOK_SIGNING_SECRET={fake.signing_secret}",
        ]
    )


if __name__ == "__main__":
    main()

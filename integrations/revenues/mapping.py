"""The revenues contract (see the package docstring), as pure functions.

``parse_account`` turns an answer into an ``Account``, None (no such account) or
``RevenuesUnusable``. It is strict about what a resident relies on (the account, its
balance, each bill's instalments): a council tax page that is half right is worse than
one that says it cannot be shown.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from urllib.parse import quote

from integrations.connectors import BackOfficeUpdate
from integrations.outbox.registry import Result

MAX_BODY = 512 * 1024  # an account with years of bills and payments is a few kilobytes
DEFAULT_TIMEOUT = 3.0  # a resident is waiting for the page
RETRY_STATUSES = {408, 425, 429}
MAX_REFERENCE_LENGTH = 64
RECOVERY_STAGES = (
    "none",
    "reminder",
    "second_reminder",
    "final_notice",
    "summons",
    "liability_order",
)


class RevenuesUnusable(Exception):
    """The revenues system answered, but not with something the portal can rely on.

    The message is for staff and logs; it never quotes the body."""


@dataclass(frozen=True)
class Instalment:
    due_on: datetime.date
    amount_pence: int
    paid_pence: int


@dataclass(frozen=True)
class Discount:
    kind: str
    label: str
    pence: int


@dataclass(frozen=True)
class Bill:
    year: str  # "2026-27"
    starts_on: datetime.date
    issued_on: datetime.date | None
    band: str
    annual_charge_pence: int
    net_charge_pence: int
    discounts: tuple[Discount, ...]
    instalments: tuple[Instalment, ...]

    @property
    def first_instalment_pence(self) -> int | None:
        return self.instalments[0].amount_pence if self.instalments else None


@dataclass(frozen=True)
class Payment:
    paid_on: datetime.date
    amount_pence: int
    method: str
    reference: str


@dataclass(frozen=True)
class ClaimPayment:
    paid_on: datetime.date
    amount_pence: int
    paid_to: str  # "claimant" or "landlord"


@dataclass(frozen=True)
class Claim:
    """A Housing Benefit or Council Tax Support claim of the account's holder."""

    claim_number: str
    kind: str  # "housing_benefit" or "council_tax_support"
    status: str  # "live", "suspended" or "ended"
    weekly_entitlement_pence: int
    paid_to: str  # "claimant", "landlord", or "account" (taken off the council tax bill)
    payee: str
    next_payment_on: datetime.date | None
    payments: tuple[ClaimPayment, ...]  # newest first


@dataclass(frozen=True)
class Account:
    account_number: str
    uprn: str
    address: str
    postcode: str
    liable: tuple[str, ...]
    band: str
    status: str
    balance_pence: int
    recovery_stage: str
    bills: tuple[Bill, ...]  # newest first
    payments: tuple[Payment, ...]  # newest first
    paperless: bool = False  # bills by e-mail only
    claims: tuple[Claim, ...] = ()
    kind: str = "council_tax"  # or "business_rates"
    rateable_value_pence: int | None = None  # business rates only

    @property
    def current_bill(self) -> Bill | None:
        return self.bills[0] if self.bills else None


# --- Asking ------------------------------------------------------------------------------


def account_url(base_url: str, account_number: str) -> str:
    return f"{base_url.rstrip('/')}/revenues/v1/accounts/{quote(account_number, safe='')}"


def change_request_url(base_url: str, reference: str) -> str:
    return f"{base_url.rstrip('/')}/revenues/v1/change-requests/{quote(reference, safe='')}"


def request_headers(*, api_key: str = "", idempotency_key: str = "") -> dict[str, str]:
    headers = {"Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    if idempotency_key:
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = idempotency_key
    return headers


# --- Reading an account ----------------------------------------------------------------


def _pence(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RevenuesUnusable(f"{what} is not a whole number of pence")
    return value


def _date(value, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RevenuesUnusable(f"{what} is not a date") from None


def _text(value, what: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        raise RevenuesUnusable(f"{what} is missing")
    return value.strip()


def _list(value, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RevenuesUnusable(f"{what} is not a list")
    return value


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise RevenuesUnusable(f"{what} is not an object")
    return value


def parse_bill(item) -> Bill:
    item = _object(item, "a bill")
    instalments = tuple(
        Instalment(
            due_on=_date(i.get("due_on"), "an instalment's due date"),
            amount_pence=_pence(i.get("amount_pence"), "an instalment"),
            paid_pence=_pence(i.get("paid_pence", 0), "an instalment's payments"),
        )
        for i in (
            _object(i, "an instalment") for i in _list(item.get("instalments"), "instalments")
        )
    )
    discounts = tuple(
        Discount(
            kind=_text(d.get("kind"), "a discount's kind"),
            label=_text(d.get("label"), "a discount's label", required=False),
            pence=_pence(d.get("pence"), "a discount"),
        )
        for d in (_object(d, "a discount") for d in _list(item.get("discounts"), "discounts"))
    )
    return Bill(
        year=_text(item.get("year"), "a bill's year"),
        starts_on=_date(item.get("starts_on"), "a bill's start"),
        issued_on=_date(item["issued_on"], "a bill's issue date")
        if item.get("issued_on")
        else None,
        band=_text(item.get("band"), "a bill's band", required=False),
        annual_charge_pence=_pence(item.get("annual_charge_pence"), "a bill's charge"),
        net_charge_pence=_pence(item.get("net_charge_pence"), "a bill's net charge"),
        discounts=discounts,
        instalments=tuple(sorted(instalments, key=lambda i: i.due_on)),
    )


def parse_payment(item) -> Payment:
    item = _object(item, "a payment")
    return Payment(
        paid_on=_date(item.get("paid_on"), "a payment's date"),
        amount_pence=_pence(item.get("amount_pence"), "a payment"),
        method=_text(item.get("method"), "a payment's method", required=False) or "other",
        reference=_text(item.get("reference"), "a payment's reference", required=False),
    )


CLAIM_KINDS = ("housing_benefit", "council_tax_support")
ACCOUNT_KINDS = ("council_tax", "business_rates")


def parse_claim(item) -> Claim:
    item = _object(item, "a benefit claim")
    kind = _text(item.get("kind"), "a claim's kind")
    if kind not in CLAIM_KINDS:
        raise RevenuesUnusable("a claim of a kind the portal does not know")
    payments = tuple(
        ClaimPayment(
            paid_on=_date(p.get("paid_on"), "a benefit payment's date"),
            amount_pence=_pence(p.get("amount_pence"), "a benefit payment"),
            paid_to=_text(p.get("paid_to"), "a benefit payment's payee", required=False)
            or "claimant",
        )
        for p in (_object(p, "a benefit payment") for p in _list(item.get("payments"), "payments"))
    )
    return Claim(
        claim_number=_text(item.get("claim_number"), "a claim's number"),
        kind=kind,
        status=_text(item.get("status"), "a claim's status", required=False) or "live",
        weekly_entitlement_pence=_pence(
            item.get("weekly_entitlement_pence"), "a claim's entitlement"
        ),
        paid_to=_text(item.get("paid_to"), "a claim's payee", required=False) or "claimant",
        payee=_text(item.get("payee"), "a claim's payee name", required=False),
        next_payment_on=_date(item["next_payment_on"], "a claim's next payment")
        if item.get("next_payment_on")
        else None,
        payments=tuple(sorted(payments, key=lambda p: p.paid_on, reverse=True)),
    )


def parse_account(status: int, body: bytes, *, account_number: str) -> Account | None:
    """The answer to ``GET account_url(...)``: an Account, None (404), or RevenuesUnusable."""
    if status == 404:
        return None
    if status != 200:
        raise RevenuesUnusable(f"HTTP {status} from the revenues system")
    if len(body) > MAX_BODY:
        raise RevenuesUnusable("the revenues system's answer was too large")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RevenuesUnusable("the revenues system's answer was not JSON") from None
    document = _object(document, "the answer")
    if _text(document.get("account_number"), "the account number") != account_number:
        raise RevenuesUnusable("the revenues system answered for another account")
    stage = _text(document.get("recovery_stage"), "the recovery stage", required=False) or "none"
    kind = _text(document.get("kind"), "the account's kind", required=False) or "council_tax"
    if kind not in ACCOUNT_KINDS:
        raise RevenuesUnusable("an account of a kind the portal does not know")
    rateable_value = document.get("rateable_value_pence")
    bills = tuple(parse_bill(item) for item in _list(document.get("bills"), "bills"))
    payments = tuple(parse_payment(item) for item in _list(document.get("payments"), "payments"))
    liable = tuple(
        _text(_object(p, "a liable person").get("name"), "a liable person's name")
        for p in _list(document.get("liable"), "liable people")
    )
    return Account(
        account_number=account_number,
        uprn=_text(document.get("uprn"), "the property's UPRN", required=False),
        address=_text(document.get("address"), "the property's address", required=False),
        postcode=_text(document.get("postcode"), "the property's postcode", required=False),
        liable=liable,
        band=_text(document.get("band"), "the band", required=kind != "business_rates"),
        status=_text(document.get("status"), "the status", required=False) or "live",
        balance_pence=_pence(document.get("balance_pence"), "the balance"),
        recovery_stage=stage if stage in RECOVERY_STAGES else "none",
        bills=tuple(sorted(bills, key=lambda b: b.starts_on, reverse=True)),
        payments=tuple(sorted(payments, key=lambda p: p.paid_on, reverse=True)),
        paperless=document.get("paperless") is True,
        claims=tuple(parse_claim(item) for item in _list(document.get("claims"), "claims")),
        kind=kind,
        rateable_value_pence=(
            None if rateable_value is None else _pence(rateable_value, "the rateable value")
        ),
    )


def unreachable(exc: BaseException) -> str:
    """Why there was no answer, for staff."""
    if isinstance(exc, TimeoutError):
        return "the revenues system did not answer in time"
    return f"could not reach the revenues system ({type(exc).__name__})"


# --- Writing (through the outbox) ------------------------------------------------------


def payment_body(payment: dict) -> bytes:
    document = {
        "amount_pence": payment["amount_pence"],
        "reference": payment.get("reference", ""),
        "paid_at": payment.get("paid_at", ""),
    }
    return json.dumps(document, sort_keys=True).encode()


def change_body(change: dict) -> bytes:
    document = {"kind": change["kind"], "details": change.get("details") or {}}
    return json.dumps(document, sort_keys=True).encode()


def evidence(attachments: list) -> list[dict]:
    """The files sent with a change (the case payload's ``attachments``) as the change's
    ``evidence``: name, type, size and the signed link the system fetches each from."""
    return [
        {
            "name": str(item.get("name", "")),
            "content_type": str(item.get("content_type", "")),
            "size": item.get("size") if isinstance(item.get("size"), int) else 0,
            "url": str(item.get("url", "")),
        }
        for item in attachments
        if isinstance(item, dict) and item.get("url")
    ]


def result_from_response(status: int, body: bytes) -> Result:
    """2xx with a reference: delivered (with the change's state, if any). 408, 425, 429, 5xx:
    try again later. Anything else: a person must look. Details never quote the body."""
    if 200 <= status < 300:
        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return Result.failed(f"HTTP {status} from the revenues system, but not JSON")
        reference = document.get("reference") if isinstance(document, dict) else None
        if not isinstance(reference, str) or not 0 < len(reference.strip()) <= MAX_REFERENCE_LENGTH:
            return Result.failed(f"HTTP {status} from the revenues system, but no usable reference")
        data = {"external_reference": reference.strip()}
        if document.get("state") in ("accepted", "refused", "queued"):
            data["state"] = document["state"]
            data["reason"] = str(document.get("reason") or "")[:500]
        return Result.delivered(**data)
    if status in RETRY_STATUSES or 500 <= status < 600:
        return Result.retry(f"HTTP {status} from the revenues system")
    return Result.failed(f"HTTP {status} from the revenues system")


def result_from_error(exc: BaseException) -> Result:
    return Result.retry(unreachable(exc))


# What the case becomes when the revenues system decides a change as it receives it; the
# request type's connector setting ``"system"`` names the part of it ("council tax" unless
# it says otherwise, e.g. "business rates").
ACCEPTED_MESSAGE = "Our {system} system has made the change."
QUEUED_MESSAGE = (
    "Our {system} team will look at it. We will tell you here when they have made the "
    "change, or why they cannot."
)
REFUSED_MESSAGE = "Our {system} system could not make this change."


DECIDED_LATER_MESSAGE = "Our {system} team has made the change."


def next_step(
    state: str, reason: str, *, later: bool = False, system: str = "council tax"
) -> tuple[str, str] | None:
    """A change's state as the case's next step: (status, message in the resident's words),
    or None for a state the portal does not know. ``later``: decided by a person after it
    was queued, rather than by the system as it received it."""
    reason = reason.strip()
    if state == "accepted":
        done = DECIDED_LATER_MESSAGE if later else ACCEPTED_MESSAGE
        return "resolved", f"{done.format(system=system)} {reason}".strip()
    if state == "refused":
        return "rejected", reason or REFUSED_MESSAGE.format(system=system)
    if state == "queued":
        return "in_progress", QUEUED_MESSAGE.format(system=system)
    return None


def decision(result: Result, *, system: str = "council tax") -> Result:
    """A delivered change's state as the case's next step (casework.outbox_listeners reads
    ``status`` and ``message``): accepted, done; refused, not accepted with the system's
    reason; queued, received (a person in the revenues team will deal with it)."""
    if result.outcome != "delivered":
        return result
    step = next_step(
        str(result.data.get("state") or ""),
        str(result.data.get("reason") or ""),
        system=system,
    )
    if step is None:
        return result
    status, message = step
    return Result.delivered(**result.data, status=status, message=message)


# --- Landlords paid Housing Benefit direct -------------------------------------------------


@dataclass(frozen=True)
class RunLine:
    """One tenant's Housing Benefit in a payment run: what a landlord's schedule shows."""

    tenant: str
    property: str
    period_from: datetime.date | None
    period_to: datetime.date | None
    amount_pence: int


@dataclass(frozen=True)
class PaymentRun:
    run_reference: str
    paid_on: datetime.date
    total_pence: int
    lines: tuple[RunLine, ...]


@dataclass(frozen=True)
class Landlord:
    reference: str
    name: str
    address: str
    postcode: str
    tenants: tuple[str, ...]  # the tenants' names, whose benefit is paid to the landlord
    runs: tuple[PaymentRun, ...]  # newest first

    @property
    def last_run(self) -> PaymentRun | None:
        return self.runs[0] if self.runs else None


def landlord_url(base_url: str, reference: str) -> str:
    return f"{base_url.rstrip('/')}/revenues/v1/landlords/{quote(reference, safe='')}"


def _optional_date(value, what: str) -> datetime.date | None:
    return None if value in (None, "") else _date(value, what)


def parse_run(item) -> PaymentRun:
    item = _object(item, "a payment run")
    lines = tuple(
        RunLine(
            tenant=_text(line.get("tenant"), "a tenant's name"),
            property=_text(line.get("property"), "a tenant's property", required=False),
            period_from=_optional_date(line.get("period_from"), "a period's start"),
            period_to=_optional_date(line.get("period_to"), "a period's end"),
            amount_pence=_pence(line.get("amount_pence"), "a tenant's amount"),
        )
        for line in (_object(x, "a payment run's line") for x in _list(item.get("lines"), "lines"))
    )
    return PaymentRun(
        run_reference=_text(item.get("run_reference"), "a run's reference", required=False),
        paid_on=_date(item.get("paid_on"), "a run's date"),
        total_pence=_pence(item.get("total_pence"), "a run's total"),
        lines=lines,
    )


def parse_landlord(status: int, body: bytes, *, reference: str) -> Landlord | None:
    """The answer to ``GET landlord_url(...)``: a Landlord, None (404), or RevenuesUnusable."""
    if status == 404:
        return None
    if status != 200:
        raise RevenuesUnusable(f"HTTP {status} from the revenues system")
    if len(body) > MAX_BODY:
        raise RevenuesUnusable("the revenues system's answer was too large")
    try:
        document = _object(json.loads(body.decode("utf-8")), "the answer")
    except (UnicodeDecodeError, ValueError):
        raise RevenuesUnusable("the revenues system's answer was not JSON") from None
    if _text(document.get("landlord_reference"), "the landlord reference") != reference:
        raise RevenuesUnusable("the revenues system answered for another landlord")
    tenants = tuple(
        _text(_object(t, "a tenant").get("name"), "a tenant's name")
        for t in _list(document.get("tenants"), "tenants")
    )
    runs = tuple(parse_run(item) for item in _list(document.get("payment_runs"), "payment runs"))
    return Landlord(
        reference=reference,
        name=_text(document.get("name"), "the landlord's name"),
        address=_text(document.get("address"), "the landlord's address", required=False),
        postcode=_text(document.get("postcode"), "the landlord's postcode", required=False),
        tenants=tenants,
        runs=tuple(sorted(runs, key=lambda r: r.paid_on, reverse=True)),
    )


# --- A queued change decided later (read by polling) -------------------------------------


@dataclass(frozen=True)
class ChangeRequest:
    reference: str
    state: str  # "accepted", "refused" or "queued" (not decided yet)
    reason: str
    decided_on: datetime.date | None


def parse_change_request(status: int, body: bytes, *, reference: str) -> ChangeRequest | None:
    """The answer to ``GET change_request_url(...)``: a ChangeRequest, None (404: the system
    does not know that reference), or RevenuesUnusable."""
    if status == 404:
        return None
    if status != 200:
        raise RevenuesUnusable(f"HTTP {status} from the revenues system")
    if len(body) > MAX_BODY:
        raise RevenuesUnusable("the revenues system's answer was too large")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RevenuesUnusable("the revenues system's answer was not JSON") from None
    document = _object(document, "the answer")
    if _text(document.get("reference"), "the change's reference") != reference:
        raise RevenuesUnusable("the revenues system answered for another change")
    state = _text(document.get("state"), "the change's state")
    if state not in ("accepted", "refused", "queued"):
        raise RevenuesUnusable("a change in a state the portal does not know")
    decided_on = document.get("decided_on")
    return ChangeRequest(
        reference=reference,
        state=state,
        reason=_text(document.get("reason"), "the change's reason", required=False)[:500],
        decided_on=_date(decided_on, "the change's decision date") if decided_on else None,
    )


def decided_update(
    change: ChangeRequest, *, system: str = "council tax"
) -> BackOfficeUpdate | None:
    """A change decided after it was queued, as the update that moves its case on; None
    while it still waits. Its id is the change's, so reading it again changes nothing."""
    if change.state == "queued":
        return None
    status, message = next_step(change.state, change.reason, later=True, system=system)
    return BackOfficeUpdate(
        reference=change.reference,
        status=status,
        message=message,
        update_id=f"decided-{change.reference}",
    )

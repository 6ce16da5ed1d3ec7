"""The housing contract (see the package docstring), as pure functions.

``parse_tenancy`` is strict about what a tenant relies on (the tenancy, its rent, the
account's balance and transactions): a rent page that is half right is worse than one that
says it cannot be shown. What is sent is built from a case's payload (its machine answers).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from integrations.connectors import BackOfficeUpdate, PollResult
from integrations.outbox.registry import Result

MAX_BODY = 512 * 1024
DEFAULT_TIMEOUT = 3.0  # a tenant is waiting for the page
RETRY_STATUSES = {408, 425, 429}
MAX_REFERENCE_LENGTH = 64
TRANSACTION_KINDS = ("rent", "payment", "housing_costs", "adjustment")
UPDATE_STATUSES = ("received", "in_progress", "awaiting_customer", "resolved", "closed", "rejected")
PERIODS = ("am", "pm")
# The request types whose cases this connector sends, and where to.
REPAIR, ASB, RENT_PAYMENT, ARRANGEMENT = (
    "housing-repair",
    "housing-asb",
    "housing-rent-payment",
    "housing-arrangement",
)


class HousingUnusable(Exception):
    """The housing system answered, but not with something the portal can rely on.

    The message is for staff and logs; it never quotes the body."""


@dataclass(frozen=True)
class Transaction:
    on: datetime.date
    kind: str
    description: str
    amount_pence: int  # a charge is positive, a payment or credit negative


@dataclass(frozen=True)
class Arrangement:
    weekly_pence: int
    starts_on: datetime.date | None


@dataclass(frozen=True)
class RentAccount:
    balance_pence: int  # positive: the tenant owes it; negative: in credit
    arrears_pence: int
    next_due_on: datetime.date | None
    housing_costs_weekly_pence: int
    housing_costs_source: str
    arrangement: Arrangement | None
    transactions: tuple[Transaction, ...]  # newest first


@dataclass(frozen=True)
class Tenancy:
    reference: str
    uprn: str
    address: str
    postcode: str
    block: str
    tenants: tuple[str, ...]
    started_on: datetime.date | None
    status: str
    weekly_rent_pence: int
    rent: RentAccount


@dataclass(frozen=True)
class Slot:
    date: datetime.date
    period: str
    places: int


# --- Asking ------------------------------------------------------------------------------


def base(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/housing/v1"


def tenancy_url(base_url: str, reference: str) -> str:
    return f"{base(base_url)}/tenancies/{quote(reference, safe='')}"


def availability_url(base_url: str, *, trade: str, on: datetime.date) -> str:
    return f"{base(base_url)}/availability?{urlencode({'trade': trade, 'from': on.isoformat()})}"


def updates_url(base_url: str, cursor: str) -> str:
    return f"{base(base_url)}/updates?{urlencode({'since': cursor or '0'})}"


def request_headers(*, api_key: str = "", idempotency_key: str = "") -> dict[str, str]:
    headers = {"Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    if idempotency_key:
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = idempotency_key
    return headers


# --- Reading -----------------------------------------------------------------------------


def _pence(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise HousingUnusable(f"{what} is not a whole number of pence")
    return value


def _date(value, what: str, *, required: bool = True) -> datetime.date | None:
    if value in (None, "") and not required:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise HousingUnusable(f"{what} is not a date") from None


def _text(value, what: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        raise HousingUnusable(f"{what} is missing")
    return value.strip()


def _list(value, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise HousingUnusable(f"{what} is not a list")
    return value


def _object(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise HousingUnusable(f"{what} is not an object")
    return value


def _document(status: int, body: bytes) -> dict:
    if status != 200:
        raise HousingUnusable(f"HTTP {status} from the housing system")
    if len(body) > MAX_BODY:
        raise HousingUnusable("the housing system's answer was too large")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HousingUnusable("the housing system's answer was not JSON") from None
    return _object(document, "the answer")


def parse_transaction(item) -> Transaction:
    item = _object(item, "a transaction")
    kind = _text(item.get("kind"), "a transaction's kind", required=False)
    return Transaction(
        on=_date(item.get("on"), "a transaction's date"),
        kind=kind if kind in TRANSACTION_KINDS else "adjustment",
        description=_text(item.get("description"), "a transaction's description", required=False),
        amount_pence=_pence(item.get("amount_pence"), "a transaction"),
    )


def parse_rent_account(item) -> RentAccount:
    item = _object(item, "the rent account")
    arrangement = item.get("arrangement")
    if arrangement is not None:
        arrangement = _object(arrangement, "the arrangement")
        arrangement = Arrangement(
            weekly_pence=_pence(arrangement.get("weekly_pence"), "the arrangement"),
            starts_on=_date(
                arrangement.get("starts_on"), "the arrangement's start", required=False
            ),
        )
    transactions = tuple(
        parse_transaction(t) for t in _list(item.get("transactions"), "transactions")
    )
    return RentAccount(
        balance_pence=_pence(item.get("balance_pence"), "the balance"),
        arrears_pence=_pence(item.get("arrears_pence", 0), "the arrears"),
        next_due_on=_date(item.get("next_due_on"), "the next rent day", required=False),
        housing_costs_weekly_pence=_pence(
            item.get("housing_costs_weekly_pence", 0), "the housing costs"
        ),
        housing_costs_source=_text(
            item.get("housing_costs_source"), "the housing costs' source", required=False
        ),
        arrangement=arrangement,
        transactions=tuple(sorted(transactions, key=lambda t: t.on, reverse=True)),
    )


def parse_tenancy(status: int, body: bytes, *, reference: str) -> Tenancy | None:
    """The answer to ``GET tenancy_url(...)``: a Tenancy, None (404), or HousingUnusable."""
    if status == 404:
        return None
    document = _document(status, body)
    if _text(document.get("reference"), "the tenancy reference") != reference:
        raise HousingUnusable("the housing system answered for another tenancy")
    tenants = tuple(
        _text(_object(t, "a tenant").get("name"), "a tenant's name")
        for t in _list(document.get("tenants"), "tenants")
    )
    return Tenancy(
        reference=reference,
        uprn=_text(document.get("uprn"), "the property's UPRN", required=False),
        address=_text(document.get("address"), "the property's address", required=False),
        postcode=_text(document.get("postcode"), "the property's postcode", required=False),
        block=_text(document.get("block"), "the block", required=False),
        tenants=tenants,
        started_on=_date(document.get("started_on"), "the tenancy's start", required=False),
        status=_text(document.get("status"), "the status", required=False) or "live",
        weekly_rent_pence=_pence(document.get("weekly_rent_pence"), "the weekly rent"),
        rent=parse_rent_account(document.get("rent_account")),
    )


def parse_availability(status: int, body: bytes) -> list[Slot]:
    document = _document(status, body)
    slots = []
    for item in _list(document.get("slots"), "slots"):
        item = _object(item, "a slot")
        period = _text(item.get("period"), "a slot's period")
        if period not in PERIODS:
            raise HousingUnusable("a slot's period is not am or pm")
        slots.append(
            Slot(
                date=_date(item.get("date"), "a slot's date"),
                period=period,
                places=max(0, _pence(item.get("places"), "a slot's places")),
            )
        )
    return slots


def parse_updates(status: int, body: bytes, *, cursor: str) -> PollResult:
    """What ``GET updates_url(...)`` said, as casework's updates (the portal's reference
    when the housing system kept it, else its own)."""
    document = _document(status, body)
    updates = []
    for item in _list(document.get("updates"), "updates"):
        item = _object(item, "an update")
        status_word = _text(item.get("status"), "an update's status", required=False)
        updates.append(
            BackOfficeUpdate(
                reference=_text(item.get("portal_reference"), "", required=False)
                or _text(item.get("reference"), "an update's reference"),
                status=status_word if status_word in UPDATE_STATUSES else "",
                message=_text(item.get("message"), "an update's message", required=False),
                public=True,
                update_id=f"housing-{_text(item.get('id'), 'an update id')}",
            )
        )
    next_cursor = _text(document.get("cursor"), "the cursor", required=False) or cursor
    return PollResult(updates=updates, cursor=next_cursor)


def unreachable(exc: BaseException) -> str:
    """Why there was no answer, for staff."""
    if isinstance(exc, TimeoutError):
        return "the housing system did not answer in time"
    return f"could not reach the housing system ({type(exc).__name__})"


# --- Writing (through the outbox) ------------------------------------------------------


def parse_slot_choice(value) -> dict | None:
    """A booking's choice ("2026-12-09-am") as the contract's appointment."""
    value = str(value or "")
    if len(value) != 13 or value[10] != "-" or value[11:] not in PERIODS:
        return None
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return {"date": day.isoformat(), "period": value[11:]}


def case_request(case: dict) -> tuple[str, dict] | None:
    """Where a case goes in the housing system and what it says: (path, document), or None
    for a case this connector does not know how to send. ``case`` is the case payload."""
    slug = (case.get("request_type") or {}).get("slug", "")
    answers = case.get("answers") or {}
    tenancy = str(answers.get("tenancy_reference") or "")
    photos = [f.get("url", "") for f in case.get("attachments") or [] if isinstance(f, dict)]
    if slug == REPAIR:
        return "repairs", {
            "portal_reference": case.get("reference", ""),
            "tenancy_reference": tenancy,
            "priority": answers.get("priority", "routine"),
            "trade": answers.get("trade", "general"),
            "area": answers.get("area", ""),
            "problem": answers.get("problem", ""),
            "description": answers.get("description", "") or case.get("summary", ""),
            "communal": bool(answers.get("communal")),
            "appointment": parse_slot_choice(answers.get("slot")),
            "access": answers.get("access", ""),
            "contact": case.get("contact") or {},
            "photos": photos,
        }
    if slug == ASB:
        return "asb", {
            "portal_reference": case.get("reference", ""),
            "tenancy_reference": tenancy,
            "what": answers.get("what", "") or case.get("summary", ""),
            "when": answers.get("when", ""),
            "where": answers.get("where", ""),
            "ongoing": answers.get("ongoing", ""),
            "safe_to_contact": answers.get("safe_to_contact", ""),
            "contact": (case.get("contact") or {})
            if answers.get("safe_to_contact") == "yes"
            else {},
            "evidence": photos,
        }
    if not tenancy:
        return None
    where = f"tenancies/{quote(tenancy, safe='')}"
    if slug == RENT_PAYMENT:
        return f"{where}/payments", {
            "amount_pence": answers.get("amount_pence"),
            "reference": case.get("reference", ""),
            "paid_at": case.get("created_at") or "",
        }
    if slug == ARRANGEMENT:
        return f"{where}/arrangements", {
            "portal_reference": case.get("reference", ""),
            "weekly_pence": answers.get("weekly_pence"),
            "starts_on": answers.get("starts_on", ""),
            "reason": answers.get("reason", ""),
        }
    return None


def follow_on_request(payload: dict) -> tuple[str, dict] | None:
    """A follow-on job: (path, document), or None without the original job's reference."""
    job = str(payload.get("job") or "")
    if not job:
        return None
    return f"repairs/{quote(job, safe='')}/follow-on", {
        "portal_reference": str(payload.get("portal_reference") or ""),
        "reason": str(payload.get("reason") or ""),
        "priority": payload.get("priority") or "routine",
        "trade": payload.get("trade") or "general",
    }


def appointment_body(appointment: dict | None) -> bytes:
    document = appointment if appointment else {"cancelled": True}
    return json.dumps(document, sort_keys=True).encode()


def body(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True).encode()


def result_from_response(status: int, body_: bytes) -> Result:
    """2xx with a reference: delivered. 408, 425, 429, 5xx: try again later. Anything else:
    a person must look. Details never quote the body."""
    if 200 <= status < 300:
        try:
            document = json.loads(body_.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return Result.failed(f"HTTP {status} from the housing system, but not JSON")
        reference = document.get("reference") if isinstance(document, dict) else None
        if not isinstance(reference, str) or not 0 < len(reference.strip()) <= MAX_REFERENCE_LENGTH:
            return Result.failed(f"HTTP {status} from the housing system, but no usable reference")
        return Result.delivered(external_reference=reference.strip())
    if status in RETRY_STATUSES or 500 <= status < 600:
        return Result.retry(f"HTTP {status} from the housing system")
    return Result.failed(f"HTTP {status} from the housing system")


def result_from_error(exc: BaseException) -> Result:
    return Result.retry(unreachable(exc))

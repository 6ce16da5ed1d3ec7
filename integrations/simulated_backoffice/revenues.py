"""The simulated revenues system (council tax), under ``/revenues/v1/`` (contract: integrations/revenues).

- ``GET /revenues/v1/accounts/<account number>``: the account, or 404.
- ``GET /revenues/v1/landlords/<landlord reference>``: a landlord paid Housing Benefit
  direct for their tenants (``landlord_document``: the tenants and the payment runs, with
  the amount per tenant), or 404.
- ``POST /revenues/v1/accounts/<account number>/payments`` (JSON ``{"amount_pence": 1000,
  "reference": "...", "paid_at": "<ISO 8601>"}``, an ``Idempotency-Key`` header): 201
  ``{"reference": "RP-000001"}``; the same key again answers 200 with the same reference
  and records nothing new. The payment is taken off the balance and the instalments.
- ``POST /revenues/v1/accounts/<account number>/changes`` (JSON ``{"kind": "...",
  "details": {...}}``, an ``Idempotency-Key``): 202 ``{"reference": "CR-000001",
  "state": "accepted" | "refused" | "queued", "reason": "..."}``: ``change_answer``
  decides (``queued`` by default, as a real system's work tray does); ``"rules"`` decides
  each kind as a revenues system does (``change_decide``: a Direct Debit mandate or ending a
  discount is made at once, a refund with no credit is refused, moves and new discounts
  wait for an officer; small business rate relief refused when the account has it or the
  rateable value is £15,000 or more, queued when the business uses other property, else
  accepted), and an accepted change shows on the account; ``paperless_billing``
  is accepted at once and sets the account's ``paperless``.
- ``GET /revenues/v1/change-requests/<reference>``: 200 ``{"reference": "CR-000001",
  "state": ..., "reason": "...", "decided_on": "YYYY-MM-DD" | null}``, or 404. A queued
  change is decided later, as a person in the revenues team would: by an explicit step
  (``change_request_decide``, or ``POST /revenues/control/change-requests/<reference>/decision``
  ``{"state": "accepted" | "refused", "reason": "..."}``), or by itself once it has waited
  ``decide_after`` seconds (``--revenues-decide-after``; ``change_decide_later`` says how:
  accepted, and made on the account).

With ``api_key`` set, every request needs ``Authorization: Bearer <api_key>`` (else 401).
The office's ``failure_rate`` (503) and ``latency_ms`` apply; ``down`` answers 503 to
everything, ``refuse_connections`` is for the caller's tests (they stop the server).

Accounts come from a JSON file (``--revenues-file``; the demo writes ``var/revenues.json``),
read again when it changes, and from ``RevenuesRecords.accounts`` (tests ``add`` them), which
wins. ``account_document`` builds an account in the contract's shape from plain values;
the demo and the tests use it.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from integrations.simulated_backoffice.watched_file import WatchedFile

if TYPE_CHECKING:
    from integrations.simulated_backoffice.server import BackOffice

JSON = "application/json; charset=utf-8"
# Council tax band ratios to band D, in ninths (Local Government Finance Act 1992, s.5).
BAND_NINTHS = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}
CHANGE_STATES = ("accepted", "refused", "queued")
RULES = "rules"  # change_answer: decide each change by its kind (change_decide)


def financial_year_start(day: datetime.date) -> datetime.date:
    """1 April of the financial year ``day`` is in."""
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def year_label(start: datetime.date) -> str:
    return f"{start.year}-{(start.year + 1) % 100:02d}"


def instalment_amounts(total_pence: int, count: int) -> list[int]:
    """As councils bill: whole pounds each month, the odd amount in the first instalment."""
    rest = (total_pence // count) // 100 * 100
    return [total_pence - rest * (count - 1)] + [rest] * (count - 1)


def bill_document(
    *,
    start: datetime.date,
    band: str,
    band_d_pence: int,
    instalments: int = 10,
    single_person: bool = False,
) -> dict:
    """One year's bill: the charge for the band, less 25% single person discount, in instalments
    due on the 1st of each month from April."""
    annual = band_d_pence * BAND_NINTHS[band] // 9
    discount = annual // 4 if single_person else 0
    amounts = instalment_amounts(annual - discount, instalments)
    dues = [
        datetime.date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
        for i in range(instalments)
    ]
    return {
        "year": year_label(start),
        "starts_on": start.isoformat(),
        "issued_on": (start - datetime.timedelta(days=21)).isoformat(),
        "band": band,
        "annual_charge_pence": annual,
        "discounts": (
            [{"kind": "single_person", "label": "Single person discount 25%", "pence": discount}]
            if single_person
            else []
        ),
        "net_charge_pence": annual - discount,
        "instalments": [
            {"due_on": due.isoformat(), "amount_pence": amount, "paid_pence": 0}
            for due, amount in zip(dues, amounts, strict=True)
        ],
    }


CLAIM_KINDS = ("housing_benefit", "council_tax_support")


def claim_document(
    *,
    claim_number: str,
    kind: str,
    weekly_pence: int,
    today: datetime.date,
    paid_to: str = "claimant",
    payee: str = "",
    payments: int = 4,
) -> dict:
    """A benefit claim: its weekly entitlement and the payments made, every two weeks on
    Mondays (Housing Benefit, to the claimant or their landlord); Council Tax Support is
    not paid out but taken off the council tax bill, so it has no payments."""
    start = financial_year_start(today)
    first_monday = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    paydays = []
    day = first_monday
    while day <= today:
        paydays.append(day)
        day += datetime.timedelta(days=14)
    paid = [] if kind == "council_tax_support" else paydays[-payments:]
    return {
        "claim_number": claim_number,
        "kind": kind,
        "status": "live",
        "weekly_entitlement_pence": weekly_pence,
        "paid_to": "account" if kind == "council_tax_support" else paid_to,
        "payee": payee,
        "next_payment_on": None if kind == "council_tax_support" else day.isoformat(),
        "payments": [
            {"paid_on": d.isoformat(), "amount_pence": weekly_pence * 2, "paid_to": paid_to}
            for d in reversed(paid)
        ],
    }


def landlord_document(
    *,
    reference: str,
    name: str,
    address: str,
    postcode: str,
    tenants: list[dict],
    today: datetime.date,
    runs: int = 4,
) -> dict:
    """A landlord paid Housing Benefit direct for their tenants: the tenants (``claim_number``,
    ``name``, ``property``, ``weekly_pence``) and the payment runs, every two weeks on
    Mondays as the claims are paid, each with the amount per tenant for the two weeks."""
    start = financial_year_start(today)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    paydays = []
    while day <= today:
        paydays.append(day)
        day += datetime.timedelta(days=14)
    payment_runs = []
    for payday in reversed(paydays[-runs:]):
        lines = [
            {
                "claim_number": t["claim_number"],
                "tenant": t["name"],
                "property": t["property"],
                "period_from": (payday - datetime.timedelta(days=14)).isoformat(),
                "period_to": (payday - datetime.timedelta(days=1)).isoformat(),
                "amount_pence": t["weekly_pence"] * 2,
            }
            for t in tenants
        ]
        payment_runs.append(
            {
                "run_reference": f"PR{payday:%Y%m%d}-{reference[-3:]}",
                "paid_on": payday.isoformat(),
                "total_pence": sum(line["amount_pence"] for line in lines),
                "lines": lines,
            }
        )
    return {
        "landlord_reference": reference,
        "name": name,
        "address": address,
        "postcode": postcode,
        "tenants": [
            {"claim_number": t["claim_number"], "name": t["name"], "property": t["property"]}
            for t in tenants
        ],
        "payment_runs": payment_runs,  # newest first
    }


def account_document(
    *,
    account_number: str,
    uprn: int | str,
    address: str,
    postcode: str,
    liable: list[str],
    band: str,
    today: datetime.date,
    band_d_pence: tuple[int, int] = (217_100, 228_000),  # last year's band D, this year's
    instalments: int = 10,
    single_person: bool = False,
    missed: int = 0,
    recovery_stage: str = "none",
    claims: list[dict] | None = None,
) -> dict:
    """An account with last year's bill paid in full and this year's paid up to ``today``,
    except the last ``missed`` instalments already due."""
    this_year = financial_year_start(today)
    last_year = this_year.replace(year=this_year.year - 1)
    bills = [
        bill_document(
            start=start,
            band=band,
            band_d_pence=pence,
            instalments=instalments,
            single_person=single_person,
        )
        for start, pence in ((this_year, band_d_pence[1]), (last_year, band_d_pence[0]))
    ]
    payments = []
    for bill in reversed(bills):
        due = [i for i in bill["instalments"] if i["due_on"] <= today.isoformat()]
        paying = due[: len(due) - missed] if bill is bills[0] else due
        for instalment in paying:
            instalment["paid_pence"] = instalment["amount_pence"]
            payments.append(
                {
                    "paid_on": instalment["due_on"],
                    "amount_pence": instalment["amount_pence"],
                    "method": "direct_debit" if not missed else "card",
                    "reference": f"P{account_number}{len(payments) + 1:03d}",
                }
            )
    owed = sum(i["amount_pence"] - i["paid_pence"] for b in bills for i in b["instalments"])
    return {
        "account_number": account_number,
        "uprn": str(uprn),
        "address": address,
        "postcode": postcode,
        "liable": [{"name": name} for name in liable],
        "band": band,
        "status": "live",
        "balance_pence": owed,
        "paperless": False,
        "recovery_stage": recovery_stage,
        "bills": bills,
        "payments": list(reversed(payments)),
        "claims": list(claims or []),
    }


# Business rates (non-domestic rates): pence of rates per pound of rateable value.
SMALL_MULTIPLIER, STANDARD_MULTIPLIER = 0.499, 0.555
STANDARD_FROM_PENCE = 51_000_00  # rateable value from which the standard multiplier applies


def small_business_relief(rateable_value_pence: int, rates_pence: int) -> int:
    """Small business rate relief: all of it up to £12,000 of rateable value, tapering to
    nothing at £15,000."""
    if rateable_value_pence <= 12_000_00:
        return rates_pence
    if rateable_value_pence >= 15_000_00:
        return 0
    return rates_pence * (15_000_00 - rateable_value_pence) // 3_000_00


def business_rates_document(
    *,
    account_number: str,
    uprn: int | str,
    address: str,
    postcode: str,
    business_name: str,
    rateable_value_pence: int,
    today: datetime.date,
    instalments: int = 10,
    small_business: bool = True,
) -> dict:
    """A business rates account: this year's bill (rateable value times the multiplier, less
    small business rate relief), in instalments from April, paid up to ``today``."""
    start = financial_year_start(today)
    multiplier = (
        STANDARD_MULTIPLIER if rateable_value_pence >= STANDARD_FROM_PENCE else SMALL_MULTIPLIER
    )
    rates = round(rateable_value_pence * multiplier)
    relief = small_business_relief(rateable_value_pence, rates) if small_business else 0
    net = rates - relief
    amounts = instalment_amounts(net, instalments) if net else []
    dues = [
        datetime.date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
        for i in range(len(amounts))
    ]
    bill_instalments = [
        {
            "due_on": due.isoformat(),
            "amount_pence": amount,
            "paid_pence": amount if due <= today else 0,
        }
        for due, amount in zip(dues, amounts, strict=True)
    ]
    payments = [
        {
            "paid_on": i["due_on"],
            "amount_pence": i["amount_pence"],
            "method": "direct_debit",
            "reference": f"B{account_number}{n + 1:03d}",
        }
        for n, i in enumerate(bill_instalments)
        if i["paid_pence"]
    ]
    return {
        "account_number": account_number,
        "kind": "business_rates",
        "uprn": str(uprn),
        "address": address,
        "postcode": postcode,
        "liable": [{"name": business_name}],
        "band": "",
        "rateable_value_pence": rateable_value_pence,
        "status": "live",
        "balance_pence": sum(i["amount_pence"] - i["paid_pence"] for i in bill_instalments),
        "recovery_stage": "none",
        "bills": [
            {
                "year": year_label(start),
                "starts_on": start.isoformat(),
                "issued_on": (start - datetime.timedelta(days=21)).isoformat(),
                "band": "",
                "annual_charge_pence": rates,
                "discounts": (
                    [
                        {
                            "kind": "small_business",
                            "label": "Small business rate relief",
                            "pence": relief,
                        }
                    ]
                    if relief
                    else []
                ),
                "net_charge_pence": net,
                "instalments": bill_instalments,
            }
        ],
        "payments": list(reversed(payments)),
        "claims": [],
    }


@dataclass
class RevenuesRecords:
    """The revenues system's accounts and what it was sent (guarded by the office's lock)."""

    file: str = ""
    api_key: str = ""
    accounts: dict[str, dict] = field(default_factory=dict)  # set here: wins over the file
    down: bool = False
    change_answer: str = "queued"  # one of CHANGE_STATES, or RULES
    change_reason: str = ""
    payments: dict[str, dict] = field(default_factory=dict)  # by Idempotency-Key
    changes: dict[str, dict] = field(default_factory=dict)  # by Idempotency-Key
    # Seconds a queued change waits before it is decided by itself (None: only by a step).
    decide_after: float | None = None
    reads: int = 0
    _from_file: dict[str, dict] = field(default_factory=dict)
    landlords: dict[str, dict] = field(default_factory=dict)  # set here: wins over the file
    _watched: WatchedFile | None = None
    _landlords_watched: WatchedFile | None = None
    _landlords_from_file: dict[str, dict] = field(default_factory=dict)
    file_problem: str = ""

    def add(self, account: dict) -> None:
        self.accounts[str(account["account_number"])] = account

    def _refresh(self) -> None:
        """Read the file again if it has changed (or appeared, or gone)."""
        if not self.file:
            return
        watched = self._watched
        if watched is None or watched.path != self.file:
            watched = self._watched = WatchedFile(self.file)
        items = watched.changed_document("accounts")
        if items is not None:
            self._from_file = {
                str(item["account_number"]): item for item in items if "account_number" in item
            }
        self.file_problem = watched.problem

    def add_landlord(self, landlord: dict) -> None:
        self.landlords[str(landlord["landlord_reference"])] = landlord

    def find_landlord(self, reference: str) -> dict | None:
        """A landlord paid Housing Benefit direct (the file's ``landlords`` list, or added)."""
        if self.file:
            watched = self._landlords_watched
            if watched is None or watched.path != self.file:
                watched = self._landlords_watched = WatchedFile(self.file)
            items = watched.changed_document("landlords")
            if items is not None:
                self._landlords_from_file = {
                    str(i["landlord_reference"]): i for i in items if "landlord_reference" in i
                }
        return self.landlords.get(reference) or self._landlords_from_file.get(reference)

    def change_request(self, reference: str) -> dict | None:
        """The change sent with this reference (the system's ``CR-...``), as recorded."""
        for change in self.changes.values():
            if change["answer"]["reference"] == reference:
                return change
        return None

    def change_request_decide(self, reference: str, state: str, reason: str = "") -> dict:
        """A person in the revenues team decides a queued change: accepted or refused, with
        the reason the resident will read. Raises KeyError (no such change) or ValueError."""
        if state not in ("accepted", "refused"):
            raise ValueError("a change is decided as accepted or refused")
        change = self.change_request(reference)
        if change is None:
            raise KeyError(reference)
        if change["answer"]["state"] != "queued":
            raise ValueError("this change has been decided already")
        if state == "accepted":
            account = self.find(change["account"])
            if account is not None:
                _change_make(account, change["kind"], change.get("details") or {})
        change["answer"] = {**change["answer"], "state": state, "reason": reason}
        change["decided_on"] = datetime.date.today().isoformat()
        return change

    def _decide_waiting(self, change: dict) -> None:
        """A queued change that has waited ``decide_after`` seconds is decided by itself."""
        if self.decide_after is None or change["answer"]["state"] != "queued":
            return
        if time.monotonic() - change.get("queued_at", 0.0) < self.decide_after:
            return
        account = self.find(change["account"]) or {}
        state, reason = change_decide_later(account, change["kind"], change.get("details") or {})
        self.change_request_decide(change["answer"]["reference"], state, reason)

    def find(self, number: str) -> dict | None:
        self._refresh()
        found = self.accounts.get(number)
        if found is None and number in self._from_file:
            found = self.accounts[number] = self._from_file[number]  # payments change it
        return found


def _answer(status: int, document) -> tuple[int, str, bytes]:
    return status, JSON, json.dumps(document).encode()


def _take_payment(account: dict, amount: int) -> None:
    """Allocate a payment to the oldest unpaid instalments, and off the balance."""
    account["balance_pence"] -= amount
    left = amount
    for bill in reversed(account["bills"]):
        for instalment in bill["instalments"]:
            owed = instalment["amount_pence"] - instalment["paid_pence"]
            paid = min(owed, left)
            instalment["paid_pence"] += paid
            left -= paid


def _post(records: RevenuesRecords, account: dict, what: str, body: bytes, key: str | None):
    if not key:
        return _answer(400, {"error": "Idempotency-Key is required"})
    try:
        sent = json.loads(body or b"{}")
    except ValueError:
        return _answer(400, {"error": "not JSON"})
    if not isinstance(sent, dict):
        return _answer(400, {"error": "not an object"})
    if what == "payments":
        if key in records.payments:
            return _answer(200, {"reference": records.payments[key]["reference"]})
        amount = sent.get("amount_pence")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            return _answer(400, {"error": "amount_pence must be a whole number above 0"})
        reference = f"RP-{len(records.payments) + 1:06d}"
        records.payments[key] = {**sent, "reference": reference}
        _take_payment(account, amount)
        paid_on = str(sent.get("paid_at") or datetime.date.today().isoformat())[:10]
        account["payments"].insert(
            0,
            {
                "paid_on": paid_on,
                "amount_pence": amount,
                "method": "card",
                "reference": str(sent.get("reference") or reference),
            },
        )
        return _answer(201, {"reference": reference})
    if key in records.changes:
        return _answer(200, records.changes[key]["answer"])
    if not isinstance(sent.get("kind"), str) or not sent["kind"]:
        return _answer(400, {"error": "kind is required"})
    state, reason = records.change_answer, records.change_reason
    if state == RULES:
        details = sent.get("details") if isinstance(sent.get("details"), dict) else {}
        state, reason = change_decide(account, sent["kind"], details)
    answer = {"reference": f"CR-{len(records.changes) + 1:06d}", "state": state, "reason": reason}
    if sent["kind"] == "paperless_billing":  # e-billing is taken at once, as real systems do
        details = sent.get("details") if isinstance(sent.get("details"), dict) else {}
        account["paperless"] = details.get("paperless") is True
        answer["state"], answer["reason"] = "accepted", ""
    records.changes[key] = {
        "answer": answer,
        "account": account["account_number"],
        "queued_at": time.monotonic(),
        "decided_on": None if answer["state"] == "queued" else datetime.date.today().isoformat(),
        **sent,
    }
    return _answer(202, answer)


def _change_request_document(change: dict) -> dict:
    return {**change["answer"], "decided_on": change.get("decided_on")}


def _change_make(account: dict, kind: str, details: dict) -> None:
    """A queued change accepted later shows on the account, as ``change_decide``'s do."""
    if kind == "single_person_discount" and details.get("action") != "end":
        bills = account.get("bills") or []
        if bills and not _has_discount(account, "single_person"):
            bill = bills[0]
            discount = bill["annual_charge_pence"] // 4
            bill.setdefault("discounts", []).append(
                {"kind": "single_person", "label": "Single person discount 25%", "pence": discount}
            )
            bill["net_charge_pence"] = bill["annual_charge_pence"] - sum(
                d["pence"] for d in bill["discounts"]
            )


def change_decide_later(account: dict, kind: str, details: dict) -> tuple[str, str]:
    """What an officer decides about a queued change after looking at it: (state, reason),
    in the words the resident reads."""
    if account.get("status") != "live":
        return "refused", "This account is closed."
    if kind == "single_person_discount":
        return "accepted", "We have checked the electoral register. We will send you a new bill."
    if kind == "benefit_change":
        return "accepted", "We have worked out your new entitlement and will write to you."
    if kind == "reduction":
        return "accepted", "We have checked your evidence. We will send you a new bill."
    if kind == "move":
        return "accepted", "We have updated your council tax account and will send you a bill."
    return "accepted", "We have made the change."


def _has_discount(account: dict, kind: str) -> bool:
    bills = account.get("bills") or [{}]
    return any(d.get("kind") == kind for d in bills[0].get("discounts") or [])


def change_decide(account: dict, kind: str, details: dict) -> tuple[str, str]:
    """What a revenues system does with a change of ``kind`` at once: (state, reason). An
    accepted change is made on ``account`` (a mandate recorded, a discount ended)."""
    if account.get("status") != "live":
        return "refused", "This account is closed."
    if kind == "direct_debit":
        sort_code = str(details.get("sort_code", ""))
        number = str(details.get("account_number", ""))
        if not (sort_code.isdigit() and len(sort_code) == 6 and number.isdigit()):
            return "refused", "The bank details are not complete."
        account["direct_debit"] = {
            "sort_code": sort_code,
            "account_ending": number[-4:],
            "payment_day": details.get("payment_day"),
        }
        return "accepted", "Payments will be taken by Direct Debit from the next instalment."
    if kind == "single_person_discount":
        has = _has_discount(account, "single_person")
        if details.get("action") == "end":
            if not has:
                return "refused", "This account does not have single person discount."
            return "accepted", "We will send you a new bill."
        if has:
            return "refused", "This account already has single person discount."
        return "queued", ""  # an officer checks the electoral register first
    if kind == "refund":
        if account.get("balance_pence", 0) >= 0:
            return "refused", "This account is not in credit, so there is nothing to refund."
        return "accepted", "The refund will reach you within 10 working days."
    if kind == "instalments_12":
        bills = account.get("bills") or [{}]
        if len(bills[0].get("instalments") or []) >= 12:
            return "refused", "This year's bill is already paid in 12 instalments."
        return "accepted", "We will send you a new bill with the new instalments."
    if kind == "benefit_change":
        return "queued", ""  # an assessor works out the new entitlement
    if kind == "reduction":
        return "queued", ""  # an officer checks the evidence
    if kind == "contact_details":
        return "accepted", ""
    if kind == "small_business_rate_relief":
        if account.get("kind") != "business_rates":
            return "refused", "This is not a business rates account."
        if _has_discount(account, "small_business"):
            return "refused", "This account already has small business rate relief."
        if int(account.get("rateable_value_pence") or 0) >= 15_000_00:
            return "refused", "The rateable value is £15,000 or more."
        if details.get("other_property"):
            return "queued", ""  # an officer checks the other properties' rateable values
        return "accepted", "We will send you a new bill with the relief taken off."
    return "queued", ""  # moves and anything else: an officer looks


def _control_decide(records: RevenuesRecords, reference: str, body: bytes):
    """An officer's decision on a queued change, for trying the portal by hand."""
    try:
        wanted = json.loads(body or b"{}")
    except ValueError:
        return _answer(400, {"error": "not JSON"})
    if not isinstance(wanted, dict):
        return _answer(400, {"error": "not an object"})
    try:
        change = records.change_request_decide(
            reference, str(wanted.get("state", "")), str(wanted.get("reason") or "")
        )
    except KeyError:
        return _answer(404, {"error": "no such change request"})
    except ValueError as exc:
        return _answer(409 if "already" in str(exc) else 400, {"error": str(exc)})
    return _answer(200, _change_request_document(change))


def handle(
    office: BackOffice,
    method: str,
    parts: list[str],
    *,
    body: bytes = b"",
    authorization: str | None = None,
    key: str | None = None,
) -> tuple[int, str, bytes]:
    """A request under /revenues/ (``parts`` after "revenues"): (status, content type, body)."""
    if office.latency_ms:
        time.sleep(office.latency_ms / 1000)
    records = office.revenues
    with office._lock:
        office.calls += 1
        if records.down or office._random.random() < office.failure_rate:
            office.failures += 1
            return _answer(503, {"error": "temporarily unavailable"})
        if records.api_key and authorization != f"Bearer {records.api_key}":
            return _answer(401, {"error": "a valid Authorization: Bearer key is required"})
        if method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "landlords"]:
            landlord = records.find_landlord(unquote(parts[2]))
            if landlord is None:
                return _answer(404, {"error": "no such landlord"})
            records.reads += 1
            return _answer(200, landlord)
        if len(parts) == 3 and parts[:2] == ["v1", "change-requests"] and method == "GET":
            change = records.change_request(unquote(parts[2]))
            if change is None:
                return _answer(404, {"error": "no such change request"})
            records._decide_waiting(change)
            return _answer(200, _change_request_document(change))
        if parts[:2] == ["control", "change-requests"] and parts[3:] == ["decision"]:
            return (
                _control_decide(records, unquote(parts[2]), body)
                if method == "POST"
                else (_answer(404, {"error": "not found"}))
            )
        if len(parts) < 3 or parts[:2] != ["v1", "accounts"]:
            return _answer(404, {"error": "not found"})
        account = records.find(unquote(parts[2]))
        if account is None:
            return _answer(404, {"error": "no such account"})
        if method == "GET" and len(parts) == 3:
            records.reads += 1
            return _answer(200, account)
        if method == "POST" and len(parts) == 4 and parts[3] in ("payments", "changes"):
            return _post(records, account, parts[3], body, key)
        return _answer(404, {"error": "not found"})

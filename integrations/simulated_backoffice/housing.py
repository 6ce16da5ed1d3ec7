"""The simulated housing management system (like Northgate, Civica CX or MRI), under
``/housing/v1/`` (contract: integrations/housing).

- ``GET /housing/v1/tenancies/<reference>``: the tenancy with its rent account, or 404.
- ``POST /housing/v1/tenancies/<reference>/payments`` (``Idempotency-Key``): a rent payment,
  201 ``{"reference": "HP-000001"}``; the same key again answers 200, records nothing new.
- ``POST /housing/v1/tenancies/<reference>/arrangements`` (``Idempotency-Key``): a request to
  pay arrears by instalments, 202 ``{"reference": "AR-000001", "state": "queued"}``.
- ``POST /housing/v1/repairs`` (``Idempotency-Key``): a repair job, 201
  ``{"reference": "RJ-000001", "due_by": "YYYY-MM-DD"}`` (emergency: within 24 hours;
  urgent: 3 working days; routine: 20 working days).
- ``POST /housing/v1/repairs/<job>/appointment`` (``Idempotency-Key``): ``{"date": ...,
  "period": "am" | "pm"}`` moves it, ``{"cancelled": true}`` cancels it; 200.
- ``POST /housing/v1/asb`` (``Idempotency-Key``): an anti-social behaviour case, 201
  ``{"reference": "ASB-000001"}``.
- ``GET /housing/v1/availability?trade=plumbing&from=YYYY-MM-DD``: the contractor's AM/PM
  slots with places left over the next weeks (working days from the day after ``from``).
- ``GET /housing/v1/updates?since=<cursor>``: what happened to jobs and cases since the
  cursor, oldest first, and the next cursor.
- ``POST /housing/control/repairs/<job>/complete`` ``{"message": "..."}``: for the demo and
  tests: the contractor finishes the job (an update "resolved" follows).

With ``api_key`` set, every ``/v1/`` request needs ``Authorization: Bearer <api_key>``. The
office's ``failure_rate`` (503) and ``latency_ms`` apply; ``down`` answers 503 to everything.

Tenancies come from a JSON file (``--housing-file``; the demo writes ``var/housing.json``),
read again when it changes, and from ``HousingRecords.tenancies`` (tests ``add`` them),
which wins. ``tenancy_document`` builds one in the contract's shape from plain values.
Django-free, like the rest of the simulated back office.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote

from integrations.simulated_backoffice.watched_file import WatchedFile

if TYPE_CHECKING:
    from integrations.simulated_backoffice.server import BackOffice

JSON = "application/json; charset=utf-8"
PRIORITY_WORKING_DAYS = {"emergency": 0, "urgent": 3, "routine": 20}
TRADES = ("plumbing", "electrical", "carpentry", "heating", "roofing", "general")
AVAILABILITY_DAYS = 28  # how far ahead the contractor's diary is open
PLACES_A_HALF_DAY = 2


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """Weekdays only: the simulated contractor does not know the bank holidays."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def tenancy_document(
    *,
    reference: str,
    uprn: int | str,
    address: str,
    postcode: str,
    tenants: list[str],
    today: datetime.date,
    weekly_rent_pence: int = 10_450,
    started_on: datetime.date | None = None,
    block: str = "",
    housing_costs_weekly_pence: int = 0,
    housing_costs_source: str = "",
    weeks_missed: int = 0,
    weeks_shown: int = 8,
) -> dict:
    """A tenancy whose rent is charged every Monday and paid the same day, for the last
    ``weeks_shown`` weeks, except the last ``weeks_missed`` weeks' payments (arrears).
    Housing costs from Universal Credit or Housing Benefit pay part of each week's rent."""
    monday = week_start(today)
    started_on = started_on or monday - datetime.timedelta(weeks=52 * 3)
    transactions = []
    for week in range(weeks_shown - 1, -1, -1):
        day = monday - datetime.timedelta(weeks=week)
        transactions.append(
            {
                "on": day.isoformat(),
                "kind": "rent",
                "description": "Weekly rent",
                "amount_pence": weekly_rent_pence,
            }
        )
        if housing_costs_weekly_pence:
            label = {
                "universal_credit": "Universal Credit housing costs",
                "housing_benefit": "Housing Benefit",
            }.get(housing_costs_source, "Housing costs")
            transactions.append(
                {
                    "on": day.isoformat(),
                    "kind": "housing_costs",
                    "description": label,
                    "amount_pence": -housing_costs_weekly_pence,
                }
            )
        if week >= weeks_missed:
            transactions.append(
                {
                    "on": day.isoformat(),
                    "kind": "payment",
                    "description": "Payment, thank you",
                    "amount_pence": -(weekly_rent_pence - housing_costs_weekly_pence),
                }
            )
    balance = sum(item["amount_pence"] for item in transactions)
    return {
        "reference": reference,
        "uprn": str(uprn),
        "address": address,
        "postcode": postcode,
        "block": block,
        "tenants": [{"name": name} for name in tenants],
        "started_on": started_on.isoformat(),
        "status": "live",
        "weekly_rent_pence": weekly_rent_pence,
        "rent_account": {
            "balance_pence": balance,
            "arrears_pence": max(0, balance),
            "next_due_on": (monday + datetime.timedelta(weeks=1)).isoformat(),
            "housing_costs_weekly_pence": housing_costs_weekly_pence,
            "housing_costs_source": housing_costs_source,
            "arrangement": None,
            "transactions": list(reversed(transactions)),  # newest first
        },
    }


def availability(*, trade: str, today: datetime.date, taken: dict | None = None) -> list[dict]:
    """The contractor's slots for ``trade``: morning and afternoon of every working day from
    the next one for AVAILABILITY_DAYS, with places left (fewer for the busiest trades)."""
    taken = taken or {}
    slots = []
    day = today
    last = today + datetime.timedelta(days=AVAILABILITY_DAYS)
    while True:
        day = add_working_days(day, 1)
        if day > last:
            break
        for period in ("am", "pm"):
            places = PLACES_A_HALF_DAY - (1 if trade == "plumbing" and day.weekday() == 0 else 0)
            left = places - taken.get((trade, day.isoformat(), period), 0)
            if left > 0:
                slots.append({"date": day.isoformat(), "period": period, "places": left})
    return slots


@dataclass
class HousingRecords:
    """The housing system's tenancies, jobs, cases and updates (guarded by the office's lock)."""

    file: str = ""
    api_key: str = ""
    tenancies: dict[str, dict] = field(default_factory=dict)  # set here: wins over the file
    down: bool = False
    today: datetime.date | None = None  # None: the real date (tests fix it)
    payments: dict[str, dict] = field(default_factory=dict)  # by Idempotency-Key
    arrangements: dict[str, dict] = field(default_factory=dict)
    repairs: dict[str, dict] = field(default_factory=dict)  # by job reference
    asb: dict[str, dict] = field(default_factory=dict)  # by case reference
    seen: dict[str, dict] = field(default_factory=dict)  # Idempotency-Key -> answer
    updates: list[dict] = field(default_factory=list)
    taken: dict[tuple[str, str, str], int] = field(default_factory=dict)
    reads: int = 0
    file_problem: str = ""
    _from_file: dict[str, dict] = field(default_factory=dict)
    _watched: WatchedFile | None = None

    def add(self, tenancy: dict) -> None:
        self.tenancies[str(tenancy["reference"])] = tenancy

    def day(self) -> datetime.date:
        return self.today or datetime.date.today()

    def _refresh(self) -> None:
        if not self.file:
            return
        watched = self._watched
        if watched is None or watched.path != self.file:
            watched = self._watched = WatchedFile(self.file)
        items = watched.changed_document("tenancies")
        if items is not None:
            self._from_file = {str(i["reference"]): i for i in items if "reference" in i}
        self.file_problem = watched.problem

    def find(self, reference: str) -> dict | None:
        self._refresh()
        found = self.tenancies.get(reference)
        if found is None and reference in self._from_file:
            found = self.tenancies[reference] = self._from_file[reference]  # payments change it
        return found

    def update(self, record: dict, status: str, message: str = "") -> None:
        self.updates.append(
            {
                "id": len(self.updates) + 1,
                "reference": record["reference"],
                "portal_reference": record.get("portal_reference", ""),
                "status": status,
                "message": message,
            }
        )

    def complete(self, job: str, message: str = "") -> dict | None:
        """The contractor finished the job (the demo and tests call this)."""
        record = self.repairs.get(job)
        if record is not None:
            record["status"] = "completed"
            self.update(record, "resolved", message or "The repair has been done.")
        return record


def _answer(status: int, document) -> tuple[int, str, bytes]:
    return status, JSON, json.dumps(document).encode()


def _body(body: bytes) -> dict | None:
    try:
        sent = json.loads(body or b"{}")
    except ValueError:
        return None
    return sent if isinstance(sent, dict) else None


def _pay(records: HousingRecords, tenancy: dict, sent: dict, key: str):
    amount = sent.get("amount_pence")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return _answer(400, {"error": "amount_pence must be a whole number above 0"})
    reference = f"HP-{len(records.payments) + 1:06d}"
    records.payments[key] = {
        **sent,
        "portal_reference": str(sent.get("reference") or ""),
        "reference": reference,
    }
    account = tenancy["rent_account"]
    account["balance_pence"] -= amount
    account["arrears_pence"] = max(0, account["balance_pence"])
    paid_on = str(sent.get("paid_at") or records.day().isoformat())[:10]
    account["transactions"].insert(
        0,
        {
            "on": paid_on,
            "kind": "payment",
            "description": "Card payment online",
            "amount_pence": -amount,
        },
    )
    # A payment is done once it is on the account: the portal's case can be closed.
    records.update(records.payments[key], "resolved", "Your payment is on your rent account.")
    return _answer(201, {"reference": reference})


def _arrange(records: HousingRecords, tenancy: dict, sent: dict):
    weekly = sent.get("weekly_pence")
    if not isinstance(weekly, int) or isinstance(weekly, bool) or weekly <= 0:
        return _answer(400, {"error": "weekly_pence must be a whole number above 0"})
    reference = f"AR-{len(records.arrangements) + 1:06d}"
    records.arrangements[reference] = {**sent, "tenancy": tenancy["reference"]}
    return _answer(202, {"reference": reference, "state": "queued"})


def _repair(records: HousingRecords, sent: dict):
    priority, trade = sent.get("priority"), sent.get("trade")
    if priority not in PRIORITY_WORKING_DAYS or trade not in TRADES:
        return _answer(400, {"error": "priority and trade must be ones this system knows"})
    if not isinstance(sent.get("tenancy_reference"), str) or not records.find(
        sent["tenancy_reference"]
    ):
        return _answer(422, {"error": "no such tenancy"})
    today = records.day()
    due_by = (
        add_working_days(today, PRIORITY_WORKING_DAYS[priority])
        if priority != "emergency"
        else today + datetime.timedelta(days=1)
    )
    reference = f"RJ-{len(records.repairs) + 1:06d}"
    record = {**sent, "reference": reference, "due_by": due_by.isoformat(), "status": "logged"}
    records.repairs[reference] = record
    appointment = sent.get("appointment")
    if isinstance(appointment, dict):
        key = (trade, str(appointment.get("date")), str(appointment.get("period")))
        records.taken[key] = records.taken.get(key, 0) + 1
    records.update(record, "received", "")
    return _answer(201, {"reference": reference, "due_by": due_by.isoformat()})


def _appointment(records: HousingRecords, job: str, sent: dict):
    record = records.repairs.get(job) or next(
        (r for r in records.repairs.values() if r.get("portal_reference") == job), None
    )
    if record is None:
        return _answer(404, {"error": "no such job"})
    job = record["reference"]
    if record.get("status") == "completed":
        return _answer(409, {"error": "the job is finished"})
    old = record.get("appointment")
    if isinstance(old, dict):
        key = (record["trade"], str(old.get("date")), str(old.get("period")))
        records.taken[key] = max(0, records.taken.get(key, 0) - 1)
    if sent.get("cancelled"):
        record["appointment"] = None
        record["status"] = "cancelled"
    else:
        record["appointment"] = {"date": sent.get("date"), "period": sent.get("period")}
        key = (record["trade"], str(sent.get("date")), str(sent.get("period")))
        records.taken[key] = records.taken.get(key, 0) + 1
    return _answer(200, {"reference": job, "appointment": record["appointment"]})


def _follow_on(records: HousingRecords, job: str, sent: dict):
    """The tenant says a finished job did not fix it: a new job, linked to the first."""
    original = records.repairs.get(job)
    if original is None:
        return _answer(404, {"error": "no such job"})
    priority = sent.get("priority") if sent.get("priority") in PRIORITY_WORKING_DAYS else "urgent"
    trade = sent.get("trade") if sent.get("trade") in TRADES else original["trade"]
    due_by = add_working_days(records.day(), PRIORITY_WORKING_DAYS.get(priority, 3))
    reference = f"RJ-{len(records.repairs) + 1:06d}"
    record = {
        **{k: v for k, v in original.items() if k not in ("appointment", "photos")},
        "portal_reference": str(sent.get("portal_reference") or original.get("portal_reference")),
        "reference": reference,
        "follow_on_of": original["reference"],
        "reason": str(sent.get("reason") or ""),
        "priority": priority,
        "trade": trade,
        "appointment": None,  # the contractor's office arranges it with the tenant
        "due_by": due_by.isoformat(),
        "status": "logged",
    }
    records.repairs[reference] = record
    return _answer(201, {"reference": reference, "due_by": due_by.isoformat(), "follow_on_of": job})


def _asb(records: HousingRecords, sent: dict):
    if not isinstance(sent.get("what"), str) or not sent["what"].strip():
        return _answer(400, {"error": "what happened is required"})
    reference = f"ASB-{len(records.asb) + 1:06d}"
    records.asb[reference] = {**sent, "reference": reference, "status": "open"}
    return _answer(201, {"reference": reference})


def _write(records: HousingRecords, parts: list[str], body: bytes, key: str | None):
    if not key:
        return _answer(400, {"error": "Idempotency-Key is required"})
    if key in records.seen:
        status, document = records.seen[key]
        return _answer(200, document)
    sent = _body(body)
    if sent is None:
        return _answer(400, {"error": "not a JSON object"})
    if parts[1:] == ["repairs"]:
        answer = _repair(records, sent)
    elif parts[1:] == ["asb"]:
        answer = _asb(records, sent)
    elif len(parts) == 4 and parts[1] == "repairs" and parts[3] == "follow-on":
        answer = _follow_on(records, unquote(parts[2]), sent)
    elif len(parts) == 4 and parts[1] == "repairs" and parts[3] == "appointment":
        answer = _appointment(records, unquote(parts[2]), sent)
    elif len(parts) == 4 and parts[1] == "tenancies" and parts[3] in ("payments", "arrangements"):
        tenancy = records.find(unquote(parts[2]))
        if tenancy is None:
            return _answer(404, {"error": "no such tenancy"})
        if parts[3] == "payments":
            answer = _pay(records, tenancy, sent, key)
        else:
            answer = _arrange(records, tenancy, sent)
    else:
        return _answer(404, {"error": "not found"})
    if 200 <= answer[0] < 300:
        records.seen[key] = (answer[0], json.loads(answer[2]))
    return answer


def _read(records: HousingRecords, parts: list[str], query: str):
    asked = parse_qs(query)
    if len(parts) == 3 and parts[1] == "tenancies":
        tenancy = records.find(unquote(parts[2]))
        if tenancy is None:
            return _answer(404, {"error": "no such tenancy"})
        records.reads += 1
        return _answer(200, tenancy)
    if parts[1:] == ["availability"]:
        trade = (asked.get("trade") or [""])[0]
        if trade not in TRADES:
            return _answer(400, {"error": "trade must be one this system knows"})
        try:
            start = datetime.date.fromisoformat((asked.get("from") or [""])[0])
        except ValueError:
            start = records.day()
        slots = availability(trade=trade, today=start, taken=records.taken)
        return _answer(200, {"trade": trade, "slots": slots})
    if parts[1:] == ["updates"]:
        try:
            since = int((asked.get("since") or ["0"])[0] or 0)
        except ValueError:
            return _answer(400, {"error": "since must be a cursor from an earlier answer"})
        found = [u for u in records.updates if u["id"] > since]
        return _answer(200, {"updates": found, "cursor": str(found[-1]["id"] if found else since)})
    return _answer(404, {"error": "not found"})


def handle(
    office: BackOffice,
    method: str,
    parts: list[str],
    *,
    query: str = "",
    body: bytes = b"",
    authorization: str | None = None,
    key: str | None = None,
) -> tuple[int, str, bytes]:
    """A request under /housing/ (``parts`` after "housing"): (status, content type, body)."""
    if office.latency_ms:
        time.sleep(office.latency_ms / 1000)
    records = office.housing
    with office._lock:
        office.calls += 1
        if records.down or office._random.random() < office.failure_rate:
            office.failures += 1
            return _answer(503, {"error": "temporarily unavailable"})
        if parts[:2] == ["control", "repairs"] and len(parts) == 4 and parts[3] == "complete":
            sent = _body(body) or {}
            done = records.complete(unquote(parts[2]), str(sent.get("message") or ""))
            return _answer(200, done) if done else _answer(404, {"error": "no such job"})
        if records.api_key and authorization != f"Bearer {records.api_key}":
            return _answer(401, {"error": "a valid Authorization: Bearer key is required"})
        if len(parts) < 2 or parts[0] != "v1":
            return _answer(404, {"error": "not found"})
        if method == "GET":
            return _read(records, parts, query)
        if method == "POST":
            return _write(records, parts, body, key)
        return _answer(405, {"error": "not allowed"})

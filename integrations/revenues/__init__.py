"""The revenues system (council tax): read an account while the resident waits, send writes
through the outbox.

A council runs one of a few revenues and benefits systems (Capita, Northgate, Civica);
each is reached through an adapter that speaks this contract. The simulated back office
(integrations/simulated_backoffice/revenues.py) speaks it for the demo and the tests.

The contract (JSON; money in whole pence; dates ``YYYY-MM-DD``; with an API key every
request carries ``Authorization: Bearer <REVENUES_API_KEY>``)::

    GET <REVENUES_URL>/revenues/v1/accounts/<account number>

    200 {"account_number": "60010001", "kind": "council_tax" | "business_rates",
         "uprn": "100090000001",
         "address": "1 Mill Lane, Millbrook", "postcode": "MB1 1AA",
         "liable": [{"name": "Sam Taylor"}], "band": "C",      # "" for business rates
         "rateable_value_pence": 1450000,                    # business rates only
         "status": "live" | "closed", "balance_pence": 40400,
         "paperless": false,                      # bills by e-mail only (optional)
         "recovery_stage": "none" | "reminder" | "second_reminder" | "final_notice"
                           | "summons" | "liability_order",
         "bills": [{"year": "2026-27", "starts_on": "2026-04-01", "issued_on": "2026-03-11",
                    "band": "C", "annual_charge_pence": 202666,
                    "discounts": [{"kind": "single_person", "label": "...", "pence": 50666}],
                    "net_charge_pence": 152000,
                    "instalments": [{"due_on": "2026-04-01", "amount_pence": 20866,
                                     "paid_pence": 20866}, ...]}, ...],   # newest first
         "payments": [{"paid_on": "2026-11-01", "amount_pence": 20200,
                       "method": "direct_debit" | "card" | "cash" | "bank_transfer",
                       "reference": "..."}, ...],                         # newest first
         "claims": [{"claim_number": "HB400001",                             # optional
                     "kind": "housing_benefit" | "council_tax_support",
                     "status": "live" | "suspended" | "ended",
                     "weekly_entitlement_pence": 8550,
                     "paid_to": "claimant" | "landlord" | "account", "payee": "...",
                     "next_payment_on": "2026-12-14" | null,
                     "payments": [{"paid_on": "2026-11-30", "amount_pence": 17100,
                                   "paid_to": "landlord"}, ...]}, ...]}   # newest first
    404 no account with that number

    GET <REVENUES_URL>/revenues/v1/landlords/<landlord reference>

    200 {"landlord_reference": "LL500001", "name": "Millbrook Homes",
         "address": "...", "postcode": "MB1 3AA",
         "tenants": [{"claim_number": "HB400001", "name": "Sam Taylor",
                      "property": "1 Mill Lane, Millbrook"}, ...],
         "payment_runs": [{"run_reference": "...", "paid_on": "2026-11-30",
                           "total_pence": 34200,
                           "lines": [{"claim_number": "HB400001", "tenant": "Sam Taylor",
                                      "property": "1 Mill Lane, Millbrook",
                                      "period_from": "2026-11-16", "period_to": "2026-11-29",
                                      "amount_pence": 17100}, ...]}, ...]}  # newest first
    404 no landlord with that reference (Housing Benefit is paid to it direct)

    POST <REVENUES_URL>/revenues/v1/accounts/<number>/payments   (Idempotency-Key header)
         {"amount_pence": 20200, "reference": "<portal payment reference>",
          "paid_at": "<ISO 8601>"}
    201 {"reference": "RP-000001"}; 200 the same for a key it has already seen

    POST <REVENUES_URL>/revenues/v1/accounts/<number>/changes    (Idempotency-Key header)
         {"kind": "single_person_discount", "details": {...}}
         (kinds: single_person_discount, reduction (a discount, disregard or exemption,
         with its evidence), direct_debit, move, refund, instalments_12, benefit_change,
         contact_details, paperless_billing)
         (``"paperless_billing"``, details ``{"paperless": true, "email": "..."}``, is
         e-billing on or off: a system takes it at once, "accepted")
    202 {"reference": "CR-000001", "state": "accepted" | "refused" | "queued",
         "reason": "..."}

    GET <REVENUES_URL>/revenues/v1/change-requests/<reference>
    200 {"reference": "CR-000001", "state": "accepted" | "refused" | "queued",
         "reason": "...",                         # the resident reads it; required if refused
         "decided_on": "2026-12-09" | null}       # null while queued
    404 the system knows no change with that reference

    A change answered "queued" waits for a person in the revenues team, who later accepts
    or refuses it (with a reason). The portal learns which by polling
    (``casework.inbound.polling``, every five minutes): ``tasks.poll`` reads the change request of
    every open case of a ``revenues`` request type.

Anything else (another status, not JSON, an account that is not the one asked for, no
answer within REVENUES_TIMEOUT) means "could not be read": the portal says so and shows
nothing stale. A write that gets no usable answer is retried by the outbox. ``client.py``
does the HTTP, ``mapping.py`` reads and writes the JSON (pure, tested with recorded
answers in tests/fixtures/revenues/), ``lookup.py`` is the one read the portal makes, and
``tasks.py`` the outbox handlers for writes.

A request type whose connector is ``revenues`` (council tax changes made as cases) has
each case delivered as a change: the case's ``data`` (``casework.actions.case_submit``'s
``back_office_data``) is ``{"account_number": "...", "change": {"kind": "...",
"details": {...}}}``; the portal's reference goes with the details, and the files the
resident sent with it (evidence for a discount or exemption) as ``details["evidence"]``:
``[{"name": "certificate.pdf", "content_type": "application/pdf", "size": 12345,
"url": "<signed link, good for BACK_OFFICE_FILE_LINK_DAYS>"}]`` (never the bytes). The system's answer
becomes the case's next step: accepted (done), refused (not accepted, with its reason) or
queued (received, in the revenues team's work tray). The request type's connector setting
``"system"`` names the part of the system in what the case says ("council tax" unless it
says otherwise; business rates changes say "business rates"). A queued change's later
decision is polled and moves the case the same way (``mapping.decided_update``), with the
reason on the resident's timeline and the notification every status change sends; the
system down during a poll is recorded for staff and asked again at the next poll.
"""

from integrations.connectors import Connector, common_settings_errors, connectors
from integrations.outbox.registry import handlers
from integrations.revenues.tasks import deliver_case_change, deliver_change, deliver_payment, poll

PAYMENT_KIND = "revenues.payment"
CHANGE_KIND = "revenues.change"
CONNECTOR = "revenues"


def register() -> None:
    """Called from IntegrationsConfig.ready: the outbox handlers for writes."""
    handlers.register(PAYMENT_KIND, deliver_payment)
    handlers.register(CHANGE_KIND, deliver_change)
    connectors.add(
        Connector(
            name=CONNECTOR,
            label="Revenues and benefits system",
            validate_settings=lambda settings: common_settings_errors(settings, timeout=False),
            deliver=deliver_case_change,
            poll=poll,
        )
    )

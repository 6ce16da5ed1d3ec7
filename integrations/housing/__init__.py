"""The housing management system (Northgate, Civica CX, MRI...): read a tenancy and its rent
account while the tenant waits; send repairs, anti-social behaviour reports, rent payments
and arrangement requests as a back-office connector (through the outbox); poll for what
happened to them.

The contract (JSON; money in whole pence, charges positive and credits negative; dates
``YYYY-MM-DD``; with an API key every request carries ``Authorization: Bearer
<HOUSING_API_KEY>``; every POST an ``Idempotency-Key``)::

    GET  <HOUSING_URL>/housing/v1/tenancies/<reference>
    200 {"reference": "HT-100001", "uprn": "...", "address": "...", "postcode": "MB1 1AA",
         "block": "Mill Court" | "", "tenants": [{"name": "..."}], "started_on": "...",
         "status": "live" | "ended", "weekly_rent_pence": 10450,
         "rent_account": {"balance_pence": 0, "arrears_pence": 0, "next_due_on": "...",
             "housing_costs_weekly_pence": 0,
             "housing_costs_source": "universal_credit" | "housing_benefit" | "",
             "arrangement": null | {"weekly_pence": 500, "starts_on": "..."},
             "transactions": [{"on": "...", "kind": "rent" | "payment" | "housing_costs"
                               | "adjustment", "description": "...", "amount_pence": 10450}]}}
    404 no such tenancy

    GET  .../housing/v1/availability?trade=plumbing&from=YYYY-MM-DD
    200 {"trade": "plumbing", "slots": [{"date": "...", "period": "am" | "pm", "places": 2}]}

    POST .../housing/v1/repairs        {"portal_reference", "tenancy_reference", "priority",
                                        "trade", "area", "problem", "description", "communal",
                                        "appointment": {"date", "period"} | null, "access",
                                        "photos": [signed links]}
    201 {"reference": "RJ-000001", "due_by": "YYYY-MM-DD"}
    POST .../housing/v1/repairs/<job, or the portal's reference>/appointment
                                       {"date", "period"} | {"cancelled": true}
    POST .../housing/v1/repairs/<job>/follow-on   the tenant says the job did not fix it:
                                       {"portal_reference", "reason", "priority", "trade"}
    201 {"reference": "RJ-000002", "due_by": "YYYY-MM-DD", "follow_on_of": "RJ-000001"}
    POST .../housing/v1/asb            {"portal_reference", "tenancy_reference", "what", ...}
    201 {"reference": "ASB-000001"}
    POST .../housing/v1/tenancies/<reference>/payments      {"amount_pence", "reference",
                                                             "paid_at"}
    POST .../housing/v1/tenancies/<reference>/arrangements  {"weekly_pence", "starts_on",
                                                             "reason"}
    GET  .../housing/v1/updates?since=<cursor>
    200 {"updates": [{"id": 1, "reference": "RJ-000001", "portal_reference": "MB-...",
                      "status": "received" | "in_progress" | "resolved" | ..., "message"}],
         "cursor": "1"}

A read with no usable answer (refused, 5xx, not JSON, another tenancy, no answer within
HOUSING_TIMEOUT) means "cannot show right now"; a write with none is retried by the outbox.
``client.py`` does the HTTP, ``mapping.py`` the JSON (pure, tested with recorded answers in
tests/fixtures/housing/), ``lookup.py`` the reads, ``tasks.py`` the connector's delivery
and polling.
"""

from integrations.connectors import Connector, connectors
from integrations.housing import tasks
from integrations.outbox.registry import handlers

CONNECTOR = "housing"
APPOINTMENT_KIND = "housing.appointment"
FOLLOW_ON_KIND = "housing.follow_on"


def register() -> None:
    """Called from IntegrationsConfig.ready: the connector, and the appointment messages."""
    connectors.add(
        Connector(
            name=CONNECTOR,
            label="Housing management system",
            validate_settings=tasks.validate_settings,
            deliver=tasks.deliver_case,
            poll=tasks.poll,
        )
    )
    handlers.register(APPOINTMENT_KIND, tasks.deliver_appointment)
    handlers.register(FOLLOW_ON_KIND, tasks.deliver_follow_on)

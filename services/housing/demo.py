"""Demo tenancies for the simulated housing system, and the housing request types (`make run`).

Written to ``settings.HOUSING_DEMO_FILE`` (``var/housing.json``), which the simulated back
office serves at /housing/v1/ (``--housing-file``). Sam (the demo resident) rents 1 Mill
Lane, MB1 1AA, in the block Mill Court, as tenancy SAM_TENANCY (weekly rent £104.50, two
weeks behind); the other homes on Mill Lane are Mill Court's other flats, let to other
tenants. Written afresh on each load, with rent weeks up to the day it is loaded.

Also: the housing request types go to the housing system (connector "housing"), repairs
offer a morning or an afternoon from the contractor's diary, and the tenancy requests
(a pet, a lodger, alterations, mutual exchange, succession, a change in household) are
built as an administrator builds any form (services/forms), with no code of their own.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings

from accounts.models import Address
from casework.bookings.models import BookingCalendar
from casework.models import RequestType
from core import clock
from core.demo import page, q
from integrations.housing import CONNECTOR
from integrations.simulated_backoffice.housing import tenancy_document
from services.housing.apps import ARRANGEMENT, ASB, RENT_PAYMENT, REPAIR

SAM_TENANCY = "HT-100001"
SAM_ADDRESS = ("MB1 1AA", "1 Mill Lane")
SAM_WEEKLY_RENT = "104.50"
BLOCK = "Mill Court"
_FIRST = ("Alex", "Jordan", "Priya", "Chris", "Morgan", "Ellis", "Robin", "Jamie")
_SURNAMES = ("Smith", "Jones", "Patel", "Brown", "Khan", "Wilson", "Evans", "Ahmed")

# Repairs: a morning or an afternoon on weekdays, from the next working day, four weeks
# ahead; two jobs a half day for each trade; changed or cancelled up to the working day before.
REPAIR_DIARY = {
    "capacity": 2,
    "half_days": True,
    "lead_working_days": 1,
    "horizon_days": 28,
    "cutoff_working_days": 1,
    "reminder_days": 1,
}

TENANCY_FORMS = [
    {
        "slug": "housing-permission-pet",
        "name": "Ask for permission to keep a pet",
        "description": "Council tenants need our permission before keeping a pet.",
        "team": "housing",
        "sla_days": 10,
        "pages": [
            page(
                "Your pet",
                q("What kind of pet?", "radios", key="kind", choices="Dog\nCat\nSomething else"),
                q(
                    "Tell us about it",
                    "long_text",
                    key="about",
                    max_length=1000,
                    hint="Its breed and size, and how you will keep it in your home",
                ),
            ),
        ],
    },
    {
        "slug": "housing-permission-lodger",
        "name": "Ask for permission to take in a lodger",
        "description": "You need our permission before a lodger moves into your council home.",
        "team": "housing",
        "sla_days": 10,
        "pages": [
            page(
                "Your lodger",
                q("Lodger's full name", "text", key="lodger_name", max_length=200),
                q("When will they move in?", "date", key="moving_in"),
                q("Will they pay you rent?", "yes_no", key="pays_rent"),
            ),
        ],
    },
    {
        "slug": "housing-permission-alterations",
        "name": "Ask for permission to make alterations to your home",
        "description": "A new kitchen, a shower, a shed: ask us before you start.",
        "team": "housing",
        "sla_days": 20,
        "pages": [
            page(
                "The alterations",
                q("What do you want to do?", "long_text", key="what", max_length=2000),
                q(
                    "Who will do the work?",
                    "radios",
                    key="who",
                    choices="Me or my family\nA builder or tradesperson",
                ),
            ),
        ],
    },
    {
        "slug": "housing-mutual-exchange",
        "name": "Register interest in a mutual exchange",
        "description": "Swap your home with another social housing tenant.",
        "team": "housing",
        "sla_days": 20,
        "pages": [
            page(
                "The home you want",
                q(
                    "How many bedrooms do you need?",
                    "radios",
                    key="bedrooms",
                    choices="1\n2\n3\n4 or more",
                ),
                q("Where do you want to live?", "long_text", key="where", max_length=1000),
            ),
        ],
    },
    {
        "slug": "housing-succession",
        "name": "Ask to take over a tenancy after the tenant died (succession)",
        "description": "If you lived with a council tenant who has died.",
        "team": "housing",
        "sla_days": 20,
        "pages": [
            page(
                "About the tenant",
                q("Tenant's full name", "text", key="tenant_name", max_length=200),
                q("Date they died", "date", key="died_on"),
                q(
                    "Your relationship to them",
                    "radios",
                    key="relationship",
                    choices="Husband, wife or civil partner\nPartner\nOther family member",
                ),
                q("How long have you lived there?", "text", key="how_long", max_length=100),
            ),
        ],
    },
    {
        "slug": "housing-household-change",
        "name": "Tell us about a change in your household",
        "description": "Someone moving in or out, a birth, or a death in your council home.",
        "team": "housing",
        "sla_days": 10,
        "pages": [
            page(
                "The change",
                q(
                    "What has changed?",
                    "radios",
                    key="change",
                    choices="Someone moved in\nSomeone moved out\nA baby was born\nSomeone died",
                ),
                q("Their full name", "text", key="name", max_length=200),
                q("Date of the change", "date", key="changed_on"),
            ),
        ],
    },
]


def demo_tenancies(*, today) -> list[dict]:
    postcode, line1 = SAM_ADDRESS
    tenancies = []
    homes = Address.objects.filter(town="Millbrook", line1__endswith="Mill Lane").order_by("uprn")
    for index, address in enumerate(homes.iterator()):
        common = {
            "uprn": address.uprn,
            "address": f"{address.line1}, {address.town}",
            "postcode": address.postcode,
            "today": today,
            "block": BLOCK,
        }
        if (address.postcode, address.line1) == (postcode, line1):
            tenancies.append(
                tenancy_document(
                    reference=SAM_TENANCY,
                    tenants=["Sam Taylor"],
                    weekly_rent_pence=10_450,
                    weeks_missed=2,
                    **common,
                )
            )
        else:
            name = f"{_FIRST[index % len(_FIRST)]} {_SURNAMES[index % len(_SURNAMES)]}"
            tenancies.append(
                tenancy_document(
                    reference=f"HT-{100001 + index + 1:06d}",
                    tenants=[name],
                    weekly_rent_pence=9_800 + 75 * (index % 6),
                    housing_costs_weekly_pence=6_000 if index % 3 == 0 else 0,
                    housing_costs_source="universal_credit" if index % 3 == 0 else "",
                    **common,
                )
            )
    return tenancies


def _write(path: Path, document: dict) -> None:
    """All at once, so the back office never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".housing-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def request_types_connect() -> None:
    """The housing request types go to the housing system; repairs book the contractor's
    diary. Only those with no connector yet: an administrator's later choice stands."""
    RequestType.objects.filter(
        slug__in=(REPAIR, ASB, RENT_PAYMENT, ARRANGEMENT), connector=""
    ).update(connector=CONNECTOR, connector_settings={"name": "Millbrook Homes"})
    repair = RequestType.objects.filter(slug=REPAIR).first()
    if repair is not None:
        BookingCalendar.objects.get_or_create(request_type=repair, defaults=REPAIR_DIARY)


def load_all() -> list[str]:
    request_types_connect()
    tenancies = demo_tenancies(today=clock.today())
    path = Path(settings.HOUSING_DEMO_FILE)
    _write(path, {"tenancies": tenancies})
    line = f"Housing: {len(tenancies)} tenancies in {path}"
    if any(t["reference"] == SAM_TENANCY for t in tenancies):
        line += (
            f"\n  Sam links tenancy {SAM_TENANCY} with postcode {SAM_ADDRESS[0]} "
            f"and weekly rent £{SAM_WEEKLY_RENT}"
        )
    return [line]

"""The demo landlord, added to the simulated revenues system's file
(``settings.REVENUES_DEMO_FILE``, written first by the council tax demo): Millbrook Homes,
Sam's landlord, paid Housing Benefit direct for Sam and one other tenant every two weeks.
Pat (the demo's landlord, ``pat@millbrook-homes.example``) links it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings

from core import clock
from integrations.simulated_backoffice.revenues import landlord_document

LANDLORD_REFERENCE = "LL500001"
LANDLORD_POSTCODE = "MB1 9HM"
TENANTS = [
    {
        "claim_number": "HB400001",  # Sam's claim (services/counciltax/demo.py)
        "name": "S Taylor",
        "property": "1 Mill Lane, Millbrook",
        "weekly_pence": 8_550,
    },
    {
        "claim_number": "HB400017",
        "name": "R Shah",
        "property": "Flat 2, 5 Mill Lane, Millbrook",
        "weekly_pence": 9_200,
    },
]


def demo_landlord(*, today) -> dict:
    return landlord_document(
        reference=LANDLORD_REFERENCE,
        name="Millbrook Homes",
        address="12 Market Square, Millbrook",
        postcode=LANDLORD_POSTCODE,
        tenants=TENANTS,
        today=today,
    )


def load() -> str:
    path = Path(settings.REVENUES_DEMO_FILE)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = {"accounts": []}
    ours = demo_landlord(today=clock.today())
    document["landlords"] = [
        item
        for item in document.get("landlords", [])
        if item.get("landlord_reference") != LANDLORD_REFERENCE
    ] + [ours]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".revenues-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    last = ours["payment_runs"][0]["total_pence"] if ours["payment_runs"] else 0
    return (
        f"Housing Benefit for landlords: Pat links landlord reference {LANDLORD_REFERENCE} with"
        f" postcode {LANDLORD_POSTCODE} and last payment £{last // 100:,}.{last % 100:02d}"
    )

"""Demo business rates accounts, added to the simulated revenues system's file
(``settings.REVENUES_DEMO_FILE``, written first by the council tax demo): the Millbrook
Bakery (Jo's business account) at 3 High Street, with small business rate relief."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings

from accounts.models import Address
from core import clock
from integrations.simulated_backoffice.revenues import business_rates_document

BAKERY_ACCOUNT = "70010001"
BAKERY_ADDRESS = ("MB1 2AA", "3 High Street")
BAKERY_RATEABLE_VALUE = 14_500_00


def demo_accounts(*, today) -> list[dict]:
    postcode, line1 = BAKERY_ADDRESS
    address = Address.objects.filter(postcode=postcode, line1=line1).first()
    if address is None:
        return []
    return [
        business_rates_document(
            account_number=BAKERY_ACCOUNT,
            uprn=address.uprn,
            address=f"{address.line1}, {address.town}",
            postcode=address.postcode,
            business_name="Millbrook Bakery",
            rateable_value_pence=BAKERY_RATEABLE_VALUE,
            today=today,
        )
    ]


def load() -> str:
    path = Path(settings.REVENUES_DEMO_FILE)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = {"accounts": []}
    ours = demo_accounts(today=clock.today())
    numbers = {a["account_number"] for a in ours}
    document["accounts"] = [
        a for a in document.get("accounts", []) if a.get("account_number") not in numbers
    ] + ours
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".revenues-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if not ours:
        return "Business rates: no demo account (3 High Street is not in the gazetteer)"
    first = ours[0]["bills"][0]["instalments"][0]["amount_pence"]
    return (
        f"Business rates: Jo links account {BAKERY_ACCOUNT} with postcode {ours[0]['postcode']}"
        f" and first instalment £{first // 100:,}.{first % 100:02d}"
    )

"""Demo council tax accounts for the simulated revenues system (`make run`).

Written to ``settings.REVENUES_DEMO_FILE`` (``var/revenues.json``), which the simulated
back office serves at /revenues/v1/ (``--revenues-file``). Sam (the demo resident) has
account SAM_ACCOUNT at 1 Mill Lane, MB1 1AA; every other Millbrook address has one too,
some with single person discount, 12 instalments, or missed instalments and a reminder.
Sam also gets Housing Benefit, paid to his landlord (the same revenues and benefits system).
Written afresh on each load, with bills for the financial year of the day it is loaded.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

from django.conf import settings

from accounts.models import Address
from core import clock
from integrations.simulated_backoffice.revenues import account_document, claim_document

SAM_ACCOUNT = "60010001"
SAM_ADDRESS = ("MB1 1AA", "1 Mill Lane")
_SEED = 1992  # the year council tax began
_SURNAMES = ("Taylor", "Smith", "Jones", "Patel", "Brown", "Khan", "Wilson", "Evans", "Ahmed")
_FIRST = ("Alex", "Jordan", "Priya", "Chris", "Morgan", "Ellis", "Robin", "Sam", "Jamie")


def _other(address: Address, number: str, rng: random.Random, today) -> dict:
    single = rng.random() < 0.3
    people = 1 if single else 2
    surname = rng.choice(_SURNAMES)
    missed = 1 if rng.random() < 0.05 else 0
    return account_document(
        account_number=number,
        uprn=address.uprn,
        address=f"{address.line1}, {address.town}",
        postcode=address.postcode,
        liable=[f"{rng.choice(_FIRST)} {surname}" for _ in range(people)],
        band=rng.choice("AABBBCCCDDEFGH"),
        today=today,
        instalments=12 if rng.random() < 0.2 else 10,
        single_person=single,
        missed=missed,
        recovery_stage="reminder" if missed else "none",
    )


def demo_accounts(*, today) -> list[dict]:
    rng = random.Random(_SEED)
    postcode, line1 = SAM_ADDRESS
    accounts = []
    addresses = Address.objects.filter(town="Millbrook").order_by("uprn")
    for index, address in enumerate(addresses.iterator()):
        if (address.postcode, address.line1) == (postcode, line1):
            accounts.append(
                account_document(
                    account_number=SAM_ACCOUNT,
                    uprn=address.uprn,
                    address=f"{address.line1}, {address.town}",
                    postcode=address.postcode,
                    liable=["Sam Taylor"],
                    band="C",
                    today=today,
                    claims=[
                        claim_document(
                            claim_number="HB400001",
                            kind="housing_benefit",
                            weekly_pence=8_550,
                            today=today,
                            paid_to="landlord",
                            payee="Millbrook Homes",
                        )
                    ],
                )
            )
        else:
            accounts.append(_other(address, f"{60020000 + index}", rng, today))
    return accounts


def first_instalment(account: dict) -> str:
    pence = account["bills"][0]["instalments"][0]["amount_pence"]
    return f"£{pence // 100:,}.{pence % 100:02d}"


def _write(path: Path, document: dict) -> None:
    """All at once, so the back office never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".revenues-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load() -> str:
    accounts = demo_accounts(today=clock.today())
    path = Path(settings.REVENUES_DEMO_FILE)
    _write(path, {"accounts": accounts})
    line = f"Council tax: {len(accounts)} accounts in {path}"
    sam = next((a for a in accounts if a["account_number"] == SAM_ACCOUNT), None)
    if sam is not None:
        line += (
            f"\n  Sam links council tax account {SAM_ACCOUNT} with postcode {sam['postcode']} "
            f"and first instalment {first_instalment(sam)}"
        )
    return line

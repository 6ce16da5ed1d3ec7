"""The access matrix's entries for the council tax service.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.helpers import journey_answers
from tests.urlmap_types import Provided, Provider

CTAX_CHANGES = (
    "discount",
    "reduction",
    "direct_debit",
    "move",
    "refund",
    "instalments",
    "benefit_change",
)


REDIRECTING = {
    # Council tax pages that act on the linked account: no account linked, on to linking.
    "counciltax:pay",
    "counciltax:paperless",
    "counciltax:reminders",
}


POST_ONLY = {
    "counciltax:document",
}


# The council tax change journeys: (module, journey, the steps answered to reach check).
def _ctax_answers() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    today = timezone.localdate()
    day = {"day": today.day, "month": today.month, "year": today.year}
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    bank = {"account_holder": "S Taylor", "sort_code": "089999", "bank_account_number": "66374958"}
    return {
        "discount": (
            "discount",
            "JOURNEY",
            [
                ("action", {"discount": "apply"}),
                (
                    "apply",
                    {**{f"living_alone_from_{k}": v for k, v in day.items()}, "declaration": "on"},
                ),
            ],
        ),
        "reduction": (
            "reductions",
            "JOURNEY",
            [
                ("which", {"reduction": "carer"}),
                (
                    "details",
                    {"person": "Alex Taylor", **{f"applies_from_{k}": v for k, v in day.items()}},
                    {"files": [SimpleUploadedFile("carer.pdf", pdf, "application/pdf")]},
                ),
            ],
        ),
        "direct_debit": (
            "direct_debit",
            "JOURNEY",
            [
                ("bank", {**bank, "sole_authoriser": "on"}),
                ("day", {"payment_day": "15"}),
            ],
        ),
        "move": (
            "moves",
            "JOURNEY",
            [
                ("move", {"move": "out"}),
                ("date", {f"moved_on_{k}": v for k, v in day.items()}),
                (
                    "forwarding",
                    {
                        "forwarding_line1": "2 High Street",
                        "forwarding_town": "Leeds",
                        "forwarding_postcode": "LS1 1AA",
                    },
                ),
                ("leaving", {}),
            ],
        ),
        "refund": ("money", "REFUND", [("to", {"refund_to": "bank"}), ("bank", bank)]),
        "instalments": ("money", "TWELVE_MONTHS", [("confirm", {"confirm": "on"})]),
        "benefit_change": (
            "benefits",
            "JOURNEY",
            [
                ("what", {"what": ["income"]}),
                (
                    "details",
                    {
                        **{f"changed_on_{k}": v for k, v in day.items()},
                        "details": "I started a new job at the bakery, 16 hours a week.",
                    },
                ),
            ],
        ),
    }


def ctax_linked(user, *, credit: bool = False):
    """``user``'s council tax account linked, and (as if just read from the revenues
    system) in their own cache, so that no page needs the system itself."""
    import json

    from django.utils import timezone

    from casework.request_types import request_types_sync
    from integrations.revenues.mapping import parse_account
    from integrations.simulated_backoffice.revenues import account_document, claim_document
    from linking.models import ServiceLink
    from services.counciltax import selectors

    request_types_sync()
    if user is None:
        return
    ServiceLink.objects.get_or_create(
        user=user,
        service="council-tax",
        defaults={"account_ref": "60010001", "linked_at": timezone.now()},
    )
    document = account_document(
        account_number="60010001",
        uprn=100090000001,
        address="1 Mill Lane, Millbrook",
        postcode="MB1 1AA",
        liable=["Sam Taylor"],
        band="C",
        today=timezone.localdate(),
        claims=[
            claim_document(
                claim_number="HB400001",
                kind="housing_benefit",
                weekly_pence=8_550,
                today=timezone.localdate(),
                paid_to="landlord",
                payee="Millbrook Homes",
            )
        ],
    )
    if credit:
        document["balance_pence"] = -5_000
    account = parse_account(200, json.dumps(document).encode(), account_number="60010001")
    selectors.account_cache_set(user=user, account=account, account_number="60010001")


def _ctax_journey(name: str, *, answered: int = 0, step: str | None = None, link=True):
    """A change journey's page for the visitor: linked (or not), ``answered`` steps in."""

    def make(user, session) -> Provided:
        import importlib

        if link:
            ctax_linked(user, credit=name == "refund")
        else:
            ctax_linked(None)
        module, attr, steps = _ctax_answers()[name]
        journey = getattr(importlib.import_module(f"services.counciltax.journeys.{module}"), attr)
        journey_answers(journey, user, steps[:answered])
        return Provided({"step_name": step} if step else {})

    return make


def _ctax_sent(name: str):
    def make(user, session) -> Provided:
        from casework.models import RequestType
        from services.counciltax.actions import council_tax_change_submit

        ctax_linked(user)
        slug = {
            "discount": "council-tax-single-person-discount",
            "reduction": "council-tax-discounts-exemptions",
            "direct_debit": "council-tax-direct-debit",
            "move": "council-tax-move",
            "refund": "council-tax-refund",
            "instalments": "council-tax-instalments",
            "benefit_change": "benefit-change-of-circumstances",
        }[name]
        case = council_tax_change_submit(
            user=user,
            actor=user,
            request_type=RequestType.objects.get(slug=slug),
            account_number="60010001",
            kind="test",
            details={},
            answers={"request": "A change"},
            summary="A change",
        )
        return Provided({"reference": case.reference}, case)

    return make


def _ctax_providers() -> dict:
    steps = {name: [s[0] for s in spec[2]] for name, spec in _ctax_answers().items()}
    providers = {}
    for name in CTAX_CHANGES:
        count = len(steps[name])
        providers[f"counciltax:{name}"] = Provider(_ctax_journey(name))
        if count > 1:
            providers[f"counciltax:{name}_step"] = Provider(
                _ctax_journey(name, answered=1, step=steps[name][1])
            )
        else:  # a one-step journey: its step by name is its first page
            providers[f"counciltax:{name}_step"] = Provider(
                _ctax_journey(name, step=steps[name][0])
            )
        providers[f"counciltax:{name}_check"] = Provider(_ctax_journey(name, answered=count))
        providers[f"counciltax:{name}_outcome"] = Provider(_ctax_journey(name, link=False))
        providers[f"counciltax:{name}_sent"] = Provider(_ctax_sent(name), owned=True)
    return providers


PROVIDERS: dict[str, Provider] = {
    **_ctax_providers(),
    "counciltax:document": Provider(lambda user, session: Provided({"what": "bill"})),
}

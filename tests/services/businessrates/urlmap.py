"""The access matrix's entries for business rates (pay, and its change journeys).

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider

REDIRECTING = {
    # Paying acts on the linked account: no account linked, on to linking.
    "businessrates:pay",
}


# Business rates changes (services/businessrates/journeys): the bakery's account linked and
# cached (no relief yet, so the relief journey asks its questions), answers step by step.
BRATES_CHANGES = {
    "relief": ("relief", [("other", {"other_property": "no"})]),
    "moving_out": (
        "moving_out",
        [
            ("date", "moved_out_on"),
            (
                "forwarding",
                {
                    "forwarding_line1": "5 Quay Street",
                    "forwarding_town": "Bristol",
                    "forwarding_postcode": "BS1 4DJ",
                },
            ),
            ("occupier", {"occupier_known": "no"}),
        ],
    ),
}


def _brates_steps(name: str) -> list:
    from django.utils import timezone

    today = timezone.localdate()
    day = {"day": today.day, "month": today.month, "year": today.year}
    return [
        (step, {f"{data}_{k}": v for k, v in day.items()} if isinstance(data, str) else data)
        for step, data in BRATES_CHANGES[name][1]
    ]


def _brates_linked(user):
    import json

    from django.utils import timezone

    from casework.request_types import request_types_sync
    from integrations.revenues.mapping import parse_account
    from integrations.simulated_backoffice.revenues import business_rates_document
    from linking.models import ServiceLink
    from services.businessrates import selectors

    request_types_sync()
    if user is None:
        return
    ServiceLink.objects.get_or_create(
        user=user,
        service="business-rates",
        defaults={"account_ref": "70010001", "linked_at": timezone.now()},
    )
    document = business_rates_document(
        account_number="70010001",
        uprn=100090000077,
        address="3 High Street, Millbrook",
        postcode="MB1 2AA",
        business_name="Millbrook Bakery",
        rateable_value_pence=14_500_00,
        today=timezone.localdate(),
        small_business=False,
    )
    account = parse_account(200, json.dumps(document).encode(), account_number="70010001")
    selectors.account_cache_set(user=user, account=account, account_number="70010001")


def _brates_journey(name: str, *, answered: int = 0, step: str | None = None, link=True):
    def make(user, session) -> Provided:
        import importlib

        from casework.journeys.actions import journey_answer

        _brates_linked(user if link else None)
        module = BRATES_CHANGES[name][0]
        journey = importlib.import_module(f"services.businessrates.journeys.{module}").JOURNEY
        for step_name, data in _brates_steps(name)[:answered] if user is not None else ():
            journey_answer(
                journey=journey, user=user, url_kwargs={}, step_name=step_name, data=data
            )
        return Provided({"step_name": step} if step else {})

    return make


def _brates_sent(name: str):
    def make(user, session) -> Provided:
        from casework.journeys.account_changes import account_change_submit
        from casework.models import RequestType

        _brates_linked(user)
        slug = {
            "relief": "business-rates-small-business-relief",
            "moving_out": "business-rates-moving-out",
        }[name]
        case = account_change_submit(
            user=user,
            actor=user,
            request_type=RequestType.objects.get(slug=slug),
            account_number="70010001",
            kind="test",
            details={},
            answers={"request": "A change"},
            summary="A change",
        )
        return Provided({"reference": case.reference}, case)

    return make


def _brates_providers() -> dict:
    providers = {}
    for name in BRATES_CHANGES:
        steps = [step for step, _data in _brates_steps(name)]
        count = len(steps)
        providers[f"businessrates:{name}"] = Provider(_brates_journey(name))
        if count > 1:
            providers[f"businessrates:{name}_step"] = Provider(
                _brates_journey(name, answered=1, step=steps[1])
            )
        else:  # a one-step journey: its step by name is its first page
            providers[f"businessrates:{name}_step"] = Provider(_brates_journey(name, step=steps[0]))
        providers[f"businessrates:{name}_check"] = Provider(_brates_journey(name, answered=count))
        providers[f"businessrates:{name}_outcome"] = Provider(_brates_journey(name, link=False))
        providers[f"businessrates:{name}_sent"] = Provider(_brates_sent(name), owned=True)
    return providers


PROVIDERS: dict[str, Provider] = {
    **_brates_providers(),
}

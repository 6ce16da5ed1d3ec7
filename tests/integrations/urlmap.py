"""The access matrix's entries for integrations: GOV.UK Notify's and GOV.UK Pay's URLs and the fake card page.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # Machines, not people: each checks its own credentials.
    "notify:callback": Rule(why="GOV.UK Notify delivery receipts (bearer token)"),
    "pay_webhook:webhook": Rule(why="GOV.UK Pay webhooks (HMAC-signed JSON)"),
    # Payments: residents without an account pay too, so these check their own way.
    "pay:return": Rule(why="back from the payment provider: the owner, or the browser that paid"),
    "pay:fake_card": Rule(why="the fake payment provider's card page: whoever holds the link"),
}


POST_ONLY = {
    "notify:callback",
    "pay_webhook:webhook",
}


NOT_HTML = {
    "notify:callback",
    "pay_webhook:webhook",
}


NOT_CRAWLED = {
    "notify:callback": "for GOV.UK Notify only, by POST",
    "pay_webhook:webhook": "for GOV.UK Pay only, by signed POST",
}


def _payment(user):
    """A payment of ``user``'s (None: without an account) at the fake provider, not yet paid."""
    from integrations.pay.actions import payment_create

    return payment_create(
        amount_pence=4500,
        description="Book a pest control treatment",
        reference="MB-PAY-0001",
        purpose="",
        return_to="/",
        owner=user,
    )


def _own_payment(user, session) -> Provided:
    payment = _payment(user)
    return Provided({"payment_id": payment.pk}, payment)


def _fake_card(user, session) -> Provided:
    payment = _payment(user)
    return Provided({"provider_id": payment.provider_payment_id}, payment)


PROVIDERS: dict[str, Provider] = {
    "pay:return": Provider(_own_payment, owned=True),
    "pay:fake_card": Provider(_fake_card),
}

"""Payments: a GOV.UK Pay-style flow.

Create a payment, send the resident to the provider's card page, take them back
to ``pay:return``, and there ask the provider what happened: a payment is marked
paid only when the provider says so, never because a browser came back. A
periodic job settles payments whose resident never came back. Services hear of
the outcome through listeners (``registry.payment_listeners``).

Providers (``providers.py``): GOV.UK Pay when PAY_API_KEY is set, else the fake of
GOV.UK Pay (``fake.py``) asked in this process, with its own card page, for development
(production settings refuse it).
"""

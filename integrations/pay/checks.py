"""`manage.py check --deploy`: a deployment must never take payments with the fake provider.

Production settings turn the fake off outright (PAY_FAKE_ALLOWED = False), so
even a deployment that skips this check cannot use it. A council without
PAY_API_KEY then simply has no online payment: services that charge a fee tell
residents payment is not available, and this check says so (as information, since
a council that charges no fees needs no key).
"""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_payment_provider(app_configs, **kwargs):
    found = []
    if settings.PAY_FAKE_ALLOWED:
        found.append(
            checks.Error(
                "The fake payment provider is allowed: anyone could 'pay' without paying.",
                hint="Use portal.settings.production, which sets PAY_FAKE_ALLOWED = False.",
                id="pay.E001",
            )
        )
    if settings.PAY_API_KEY and not settings.PAY_BASE_URL.startswith("https://"):
        found.append(checks.Error("PAY_BASE_URL must be an https:// address.", id="pay.E002"))
    if not settings.PAY_API_KEY and not settings.PAY_FAKE_ALLOWED:
        found.append(
            checks.Info(
                "PAY_API_KEY is not set: residents cannot pay online.",
                hint="Set PAY_API_KEY to a GOV.UK Pay API key if any service charges a fee.",
                id="pay.I001",
            )
        )
    return found

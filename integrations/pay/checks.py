"""`manage.py check --deploy`: a deployment must never take payments with the fake of
GOV.UK Pay (integrations/pay/fake.py), in its process or over HTTP.

Production settings turn the in-process fake off outright (PAY_FAKE_ALLOWED = False), so
even a deployment that skips this check cannot use it; the fake served over HTTP answers
only to its public key, over plain http, both refused here. A council without
PAY_API_KEY then simply has no online payment: services that charge a fee tell
residents payment is not available, and this check says so (as information, since
a council that charges no fees needs no key).
"""

from django.conf import settings
from django.core import checks

from integrations.pay.fake import FAKE_API_KEY


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
    if settings.PAY_API_KEY == FAKE_API_KEY:
        found.append(
            checks.Error(
                "PAY_API_KEY is the fake GOV.UK Pay's public key: nothing would be paid.",
                hint="Set PAY_API_KEY to the council's GOV.UK Pay API key.",
                id="pay.E003",
            )
        )
    if not settings.PAY_API_KEY and not settings.PAY_FAKE_ALLOWED:
        found.append(
            checks.Info(
                "PAY_API_KEY is not set: residents cannot pay online.",
                hint="Set PAY_API_KEY to a GOV.UK Pay API key if any service charges a fee.",
                id="pay.I001",
            )
        )
    return found

"""`check --deploy` refuses the fake of GOV.UK Pay; production settings never allow it."""

import os
import subprocess
import sys

from django.conf import settings as django_settings

from integrations.pay.checks import check_payment_provider


def ids(found) -> list[str]:
    return [message.id for message in found]


def test_the_fake_provider_fails_the_deploy_check(settings):
    settings.PAY_FAKE_ALLOWED = True
    assert ids(check_payment_provider(None)) == ["pay.E001"]


def test_without_a_key_or_the_fake_payments_are_off_which_is_said_not_refused(settings):
    settings.PAY_FAKE_ALLOWED = False
    settings.PAY_API_KEY = ""
    assert ids(check_payment_provider(None)) == ["pay.I001"]


def test_gov_uk_pay_only_over_https(settings):
    settings.PAY_FAKE_ALLOWED = False
    settings.PAY_API_KEY = "api_live_x"
    settings.PAY_BASE_URL = "http://publicapi.payments.service.gov.uk"
    assert ids(check_payment_provider(None)) == ["pay.E002"]
    settings.PAY_BASE_URL = "https://publicapi.payments.service.gov.uk"
    assert check_payment_provider(None) == []


def test_the_fake_gov_uk_pay_over_http_fails_the_deploy_check(settings):
    from integrations.pay.fake import FAKE_API_KEY

    settings.PAY_FAKE_ALLOWED = False
    settings.PAY_API_KEY = FAKE_API_KEY
    settings.PAY_BASE_URL = "http://127.0.0.1:6012"
    assert ids(check_payment_provider(None)) == ["pay.E002", "pay.E003"]


def test_production_settings_turn_the_fake_off_whatever_the_environment_says():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-for-tests-only",
        "ALLOWED_HOSTS": "portal.example",
        "PAY_FAKE_ALLOWED": "true",
        "PAY_API_KEY": "",
    }
    code = "from integrations.pay.providers import fake_active; print(fake_active())"
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr

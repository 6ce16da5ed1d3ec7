"""`check --deploy` warns when e-mail would never leave the building."""

import pytest

from integrations.checks import check_email_is_sent


@pytest.mark.parametrize("backend", ["filebased", "console", "locmem", "dummy"])
def test_a_backend_that_sends_nothing_is_warned_about(settings, backend):
    settings.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"

    (warning,) = check_email_is_sent(None)

    assert warning.id == "integrations.W001"
    assert "would never arrive" in warning.msg


def test_smtp_or_another_sending_backend_passes(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_email_is_sent(None) == []
    settings.EMAIL_BACKEND = "anymail.backends.amazon_ses.EmailBackend"
    assert check_email_is_sent(None) == []

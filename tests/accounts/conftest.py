import pytest

from tests.accounts.helpers import DownEmailBackend


@pytest.fixture
def mail_down(settings):
    """E-mail cannot be sent (the mail server is down) until the test says otherwise."""
    settings.EMAIL_BACKEND = "tests.accounts.helpers.DownEmailBackend"
    yield DownEmailBackend
    DownEmailBackend.error = ConnectionRefusedError(111, "Connection refused")

"""Codes by text message: a text service outage is said plainly (503), and nobody can
make the portal send one text after another (each costs the council, and floods a phone)."""

import pytest

from accounts.models import SMSDevice
from integrations.notify import sms
from tests.accounts.helpers import last_sms_code

pytestmark = pytest.mark.django_db

SETUP = "/account/security/text/"


class DownSMSBackend:
    def send(self, message):
        raise OSError("Notify could not be reached")


@pytest.fixture
def texts():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_setting_up_text_codes_while_the_text_service_is_down_says_so(
    citizen_client, settings, texts
):
    settings.SMS_BACKEND = "tests.accounts.test_sms_codes.DownSMSBackend"
    response = citizen_client.post(SETUP, {"number": "07911 123456"})

    assert response.status_code == 503
    assert "We could not send a code to" in response.content.decode()
    assert not SMSDevice.objects.filter(confirmed=True).exists()


def test_after_the_outage_the_code_is_sent_straight_away(citizen_client, citizen, settings, texts):
    settings.SMS_BACKEND = "tests.accounts.test_sms_codes.DownSMSBackend"
    citizen_client.post(SETUP, {"number": "07911 123456"})
    settings.SMS_BACKEND = "integrations.notify.sms.LocmemSMSBackend"

    response = citizen_client.post(SETUP, {"number": "07911 123456"})
    assert response.status_code == 302  # no cooldown for a code that never went
    response = citizen_client.post(response["Location"], {"code": last_sms_code("+447911123456")})
    assert response.status_code == 302
    assert SMSDevice.objects.get(user=citizen).confirmed


def test_asking_again_at_once_sends_no_second_text(citizen_client, texts):
    first = citizen_client.post(SETUP, {"number": "07911 123456"})
    again = citizen_client.post(SETUP, {"number": "07911 123456"})

    assert first.status_code == again.status_code == 302
    assert len(texts) == 1
    page = citizen_client.get(again["Location"]).content.decode()
    assert "you can ask for a new one after" in page


def test_another_number_at_once_is_refused_until_the_cooldown_ends(
    citizen_client, citizen, texts, settings
):
    citizen_client.post(SETUP, {"number": "07911 123456"})
    response = citizen_client.post(SETUP, {"number": "07700 900123"})

    assert response.status_code == 400
    assert "You can have a code sent to another number after" in response.content.decode()
    assert [t.to for t in texts] == ["+447911123456"]

    settings.OTP_SMS_COOLDOWN_DURATION = 0
    response = citizen_client.post(SETUP, {"number": "07700 900123"})
    assert response.status_code == 302
    assert [t.to for t in texts] == ["+447911123456", "+447700900123"]
    assert str(SMSDevice.objects.get(user=citizen).number) == "+447700900123"

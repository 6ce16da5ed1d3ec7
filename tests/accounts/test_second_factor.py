"""A7: tiered authentication. Tier-2 pages need a second factor verified in this session."""

import datetime

import pytest
from django.conf import settings
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SMSDevice
from core.formatting import govuk_time
from tests.accounts.helpers import last_email_code, last_sms_code, totp_code
from tests.conftest import signed_in
from tests.factories import add_totp_device

pytestmark = pytest.mark.django_db

SECURITY = "/account/security/"
COOLDOWN = datetime.timedelta(seconds=getattr(settings, "OTP_EMAIL_COOLDOWN_DURATION", 60))


def test_tier2_page_sends_a_signed_in_resident_to_step_up_and_back(citizen):
    device = add_totp_device(citizen)
    client = signed_in(citizen)

    response = client.get(SECURITY)
    assert response.status_code == 302
    assert response["Location"] == "/account/security/verify/?next=%2Faccount%2Fsecurity%2F"

    page = client.get(response["Location"])
    assert "shows personal or financial information" in page.content.decode()

    response = client.post(
        response["Location"], {"step": "verify", "code": totp_code(device), "next": SECURITY}
    )
    assert response.status_code == 302
    assert response["Location"] == SECURITY
    assert client.get(SECURITY).status_code == 200


def test_wrong_code_keeps_the_page_closed(citizen):
    add_totp_device(citizen)
    client = signed_in(citizen)
    response = client.post(
        "/account/security/verify/", {"step": "verify", "code": "000000", "next": SECURITY}
    )
    assert response.status_code == 400
    assert "The security code is not right" in response.content.decode()
    assert client.get(SECURITY).status_code == 302


def test_step_up_is_per_session(citizen):
    verified = signed_in(citizen, verified=True)
    assert verified.get(SECURITY).status_code == 200
    other_session = signed_in(citizen)
    assert other_session.get(SECURITY).status_code == 302


def test_anonymous_visitor_is_asked_to_sign_in_first(client):
    response = client.get(SECURITY)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


def test_step_up_never_redirects_off_site(citizen):
    device = add_totp_device(citizen)
    client = signed_in(citizen)
    response = client.post(
        "/account/security/verify/",
        {"step": "verify", "code": totp_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/account/"


def test_resident_without_a_second_factor_is_offered_ways_to_set_one_up(citizen_client):
    response = citizen_client.get("/account/security/verify/?next=/account/security/")
    body = response.content.decode()
    assert "Set up a second way to confirm it’s you" in body
    assert "/account/security/app/?next=/account/security/" in body


def test_enrol_an_authenticator_app_with_a_qr_code(citizen_client, citizen, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # retry at once after the wrong code
    response = citizen_client.get("/account/security/app/")
    assert "<svg" in response.content.decode()
    device = TOTPDevice.objects.get(user=citizen, confirmed=False)

    response = citizen_client.post("/account/security/app/", {"code": "123 456"})
    assert response.status_code == 400
    assert "The code is not right" in response.content.decode()

    response = citizen_client.post("/account/security/app/", {"code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/security/backup-codes/")
    device.refresh_from_db()
    assert device.confirmed
    # Confirming the app also verifies this session.
    assert citizen_client.get(SECURITY).status_code == 200


def test_enrol_codes_by_email(citizen_client, citizen):
    citizen_client.post("/account/security/email/", {"step": "send"})
    code = last_email_code(citizen.email)
    response = citizen_client.post("/account/security/email/", {"step": "verify", "code": code})
    assert response.status_code == 302
    assert EmailDevice.objects.get(user=citizen).confirmed


def test_enrol_codes_by_text_message(citizen_client, citizen):
    response = citizen_client.post("/account/security/text/", {"number": "07911 123456"})
    assert response.status_code == 302
    code = last_sms_code("+447911123456")
    response = citizen_client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert SMSDevice.objects.get(user=citizen).confirmed


def test_a_landline_cannot_receive_codes(citizen_client):
    response = citizen_client.post("/account/security/text/", {"number": "0121 496 0000"})
    assert response.status_code == 400
    assert "we cannot text a landline" in response.content.decode()


def test_step_up_by_emailed_code(citizen):
    EmailDevice.objects.create(user=citizen, name="Email", confirmed=True)
    client = signed_in(citizen)
    page = client.get("/account/security/verify/?next=/account/security/")
    assert "Send a new code" in page.content.decode()
    code = last_email_code(citizen.email)
    response = client.post(
        "/account/security/verify/", {"step": "verify", "code": code, "next": SECURITY}
    )
    assert response["Location"] == SECURITY


def _clock(moment) -> str:
    return govuk_time(timezone.localtime(moment))


def test_one_email_device_gets_its_code_when_the_page_is_shown(citizen):
    device = EmailDevice.objects.create(user=citizen, name="Email", confirmed=True)
    client = signed_in(citizen)

    page = client.get("/account/security/verify/?next=/account/security/")
    again = client.get("/account/security/verify/?next=/account/security/")  # a reload

    codes = [m for m in mail.outbox if m.to == [citizen.email]]
    assert len(codes) == 1
    device.refresh_from_db()
    sent, after = device.last_generated_timestamp, device.last_generated_timestamp + COOLDOWN
    for response in (page, again):
        body = response.content.decode()
        assert response.status_code == 200
        assert f"We sent a code to s••@example.org at {_clock(sent)}" in body
        assert f"you can ask for a new one after {_clock(after)}" in body
        assert "We sent a code using" not in body


def test_asking_again_inside_the_cooldown_sends_nothing_and_says_when_the_last_one_went(citizen):
    device = EmailDevice.objects.create(user=citizen, name="Email", confirmed=True)
    client = signed_in(citizen)
    client.get("/account/security/verify/?next=/account/security/")

    response = client.post(
        "/account/security/verify/", {"step": "send", "next": SECURITY}, follow=True
    )

    body = response.content.decode()
    assert len(mail.outbox) == 1
    assert "We have sent you a security code" not in body
    device.refresh_from_db()
    assert f"We sent a code to s••@example.org at {_clock(device.last_generated_timestamp)}" in body
    assert f"after {_clock(device.last_generated_timestamp + COOLDOWN)}" in body


def test_after_the_cooldown_a_new_code_is_sent_and_works(citizen):
    device = EmailDevice.objects.create(user=citizen, name="Email", confirmed=True)
    client = signed_in(citizen)
    client.get("/account/security/verify/?next=/account/security/")
    EmailDevice.objects.filter(pk=device.pk).update(
        last_generated_timestamp=timezone.now() - COOLDOWN - datetime.timedelta(seconds=1)
    )

    client.post("/account/security/verify/", {"step": "send", "next": SECURITY})

    assert len(mail.outbox) == 2
    new = last_email_code(citizen.email)
    right = client.post(
        "/account/security/verify/", {"step": "verify", "code": new, "next": SECURITY}
    )
    assert right["Location"] == SECURITY


def test_staff_with_one_email_device_get_a_code_and_reach_the_staff_pages(agent):
    EmailDevice.objects.create(user=agent, name="Email", confirmed=True)
    client = signed_in(agent)

    response = client.get("/staff/", follow=True)

    assert response.status_code == 200
    assert len(mail.outbox) == 1
    code = last_email_code(agent.email)
    response = client.post(
        "/account/security/verify/", {"step": "verify", "code": code, "next": "/staff/"}
    )
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_adding_a_second_device_needs_the_first(citizen):
    add_totp_device(citizen)
    client = signed_in(citizen)  # has a device, not verified this session
    response = client.get("/account/security/app/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/security/verify/")
    response = client.post("/account/security/text/", {"number": "07911 123456"})
    assert response.status_code == 302
    assert not SMSDevice.objects.filter(user=citizen).exists()


def test_backup_codes_are_shown_once_and_each_works_once(citizen):
    verified = signed_in(citizen, verified=True)
    response = verified.post("/account/security/backup-codes/")
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert codes[0] not in verified.get("/account/security/backup-codes/").content.decode()

    fresh = signed_in(citizen)
    backup = StaticDevice.objects.get(user=citizen)
    fresh.post(
        "/account/security/verify/",
        {"step": "choose", "device": backup.persistent_id, "next": SECURITY},
    )
    response = fresh.post(
        "/account/security/verify/", {"step": "verify", "code": codes[0], "next": SECURITY}
    )
    assert response["Location"] == SECURITY

    again = signed_in(citizen)
    again.post(
        "/account/security/verify/",
        {"step": "choose", "device": backup.persistent_id, "next": SECURITY},
    )
    response = again.post(
        "/account/security/verify/", {"step": "verify", "code": codes[0], "next": SECURITY}
    )
    assert response.status_code == 400


def test_remove_a_device(citizen):
    client = signed_in(citizen, verified=True)
    sms_device = SMSDevice.objects.create(user=citizen, number="+447911123456", confirmed=True)
    response = client.post(f"/account/security/device/text/{sms_device.pk}/remove/")
    assert response["Location"] == SECURITY
    assert not SMSDevice.objects.filter(pk=sms_device.pk).exists()


def test_another_resident_cannot_see_or_remove_my_device(citizen, another_citizen):
    mine = SMSDevice.objects.create(user=citizen, number="+447911123456", confirmed=True)
    intruder = signed_in(another_citizen, verified=True)
    url = f"/account/security/device/text/{mine.pk}/remove/"
    assert intruder.get(url).status_code == 404
    assert intruder.post(url).status_code == 404
    assert SMSDevice.objects.filter(pk=mine.pk).exists()


def test_my_security_page_lists_only_my_devices(citizen, another_citizen):
    SMSDevice.objects.create(user=another_citizen, number="+447911123123", confirmed=True)
    response = signed_in(citizen, verified=True).get(SECURITY)
    body = response.content.decode()
    assert "Authenticator app" in body
    assert "123" not in body.split("Ways to confirm")[1].split("Backup codes")[0]


def _replaying(client) -> Client:
    """Another browser holding a copy of ``client``'s session cookie as it is now."""
    other = Client()
    name = django_settings.SESSION_COOKIE_NAME
    other.cookies[name] = client.cookies[name].value
    return other


def test_step_up_gives_a_new_session_id_so_a_copied_one_never_reaches_tier_2(citizen):
    device = add_totp_device(citizen)
    client = signed_in(citizen)
    thief = _replaying(client)
    assert thief.get("/account/").status_code == 200  # the copy is signed in (tier 1)

    response = client.post(
        "/account/security/verify/", {"step": "verify", "code": totp_code(device), "next": SECURITY}
    )
    assert response["Location"] == SECURITY
    assert client.get(SECURITY).status_code == 200
    response = thief.get(SECURITY)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_confirming_a_first_device_also_gives_a_new_session_id(citizen_client, citizen):
    citizen_client.get("/account/security/app/")
    device = TOTPDevice.objects.get(user=citizen, confirmed=False)
    thief = _replaying(citizen_client)

    response = citizen_client.post("/account/security/app/", {"code": totp_code(device)})
    assert response.status_code == 302
    assert citizen_client.get(SECURITY).status_code == 200
    assert thief.get(SECURITY)["Location"].startswith("/account/login/")

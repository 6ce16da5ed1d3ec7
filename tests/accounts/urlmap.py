"""The access matrix's entries for accounts: allauth's pages, the account pages and staff assisting a caller.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from tests.casework.urlmap import person_record
from tests.factories import add_totp_device
from tests.services.counciltax.urlmap import ctax_linked
from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # allauth: entrance pages. Signed-in people are sent to their account.
    "account_login": Rule(signed_in_to="account_home"),
    "account_signup": Rule(signed_in_to="account_home"),
    "account_request_login_code": Rule(signed_in_to="account_home"),
    "account_confirm_login_code": Rule(
        anonymous_to="account_request_login_code",
        signed_in_to="account_home",
        why="only inside a sign-in-by-code flow",
    ),
    "account_email_verification_sent": Rule(
        anonymous_to="account_login",
        signed_in_to="account_email",
        why="enter the e-mailed code: only inside a verification flow",
    ),
    "account_inactive": Rule(why="explains a closed account"),
    "account_reset_password": Rule(),
    "account_reset_password_done": Rule(),
    "account_reset_password_from_key": Rule(why="a bad or used link says so"),
    "account_reset_password_from_key_done": Rule(),
    "account_logout": Rule(
        anonymous_to="home", why="GET only asks 'are you sure?'; signing out is a POST"
    ),
    # allauth's OpenID Connect sign-in for staff (accounts.staff_sign_in). No provider is
    # configured in the test settings, so its pages answer 404 (tests/accounts/
    # test_staff_sign_in.py runs the whole flow against the fake identity provider).
    "openid_connect_login": Rule(status=404, why="staff sign-in by OIDC: none configured here"),
    "openid_connect_callback": Rule(status=404, why="back from the identity provider"),
    "socialaccount_login_cancelled": Rule(why="says the identity provider sign-in was cancelled"),
    "socialaccount_login_error": Rule(status=401, why="says the identity provider sign-in failed"),
    "socialaccount_signup": Rule(
        anonymous_to="account_login",
        signed_in_to="account_login",
        status=302,
        why="only inside an identity provider sign-in (we sign staff up without a form)",
    ),
    # allauth: need sign-in (allauth's own login_required).
    "socialaccount_connections": Rule(tier=1, why="accounts linked to the identity provider"),
    "account_email": Rule(tier=1),
    "account_change_password": Rule(tier=1),
    "account_set_password": Rule(
        tier=1, signed_in_to="account_change_password", why="only for accounts without one"
    ),
    "account_reauthenticate": Rule(tier=1),
}


POST_ONLY = {
    "assisting:stop",
    "accounts:address_choose",
}


NOT_HTML = {
    "accounts:data_download_json",
}


NOT_CRAWLED = {
    "account_logout": "a crawl must not sign itself out",
}


PAGE_PERMISSIONS = {
    "assisting:start": roles.FIND_PEOPLE,
    "assisting:check": roles.FIND_PEOPLE,
    "linking_staff:for_caller": roles.FIND_PEOPLE,
}


def _own_device(user, session) -> Provided:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_totp_device(user)
    return Provided({"kind": "app", "device_id": device.pk}, device)


def _sms_enrolment(user, session) -> Provided:
    """The text-message confirm page needs an enrolment in progress."""
    if user is None:
        return Provided({})
    from accounts.models import SMSDevice
    from accounts.views import SMS_ENROL_DEVICE

    device = SMSDevice.objects.create(user=user, number="+447700900982", confirmed=False)
    session[SMS_ENROL_DEVICE] = device.pk
    return Provided({}, device)


def _reset_key(user, session) -> Provided:
    return Provided({"uidb36": "0", "key": "not-a-real-key"})


def _tell_us_once(user, session) -> Provided:
    """A new phone number waiting to be offered to the person's linked council tax account."""
    from accounts import tell_us_once

    if user is None:
        return Provided({})
    ctax_linked(user)
    change = tell_us_once.ContactChange(kind=tell_us_once.PHONE, phone="+447700900123")
    tell_us_once.change_offer(session, change)
    return Provided({})


def _assisting(visitor, session) -> Provided:
    """Staff helping a caller (phone), who has not yet answered the security questions."""
    from accounts.assisting import session_store

    provided = person_record(visitor, session)
    if visitor is not None and visitor.is_staff:
        session_store(session, person_id=provided.obj.pk, channel="phone", reason="Called us")
    return Provided({}, provided.obj)


PROVIDERS: dict[str, Provider] = {
    "accounts:tell_us_once": Provider(_tell_us_once),
    "openid_connect_login": Provider(lambda user, session: Provided({"provider_id": "council"})),
    "openid_connect_callback": Provider(lambda user, session: Provided({"provider_id": "council"})),
    "assisting:start": Provider(person_record),
    "assisting:check": Provider(_assisting),
    "linking_staff:for_caller": Provider(_assisting),
    "accounts:device_remove": Provider(_own_device, owned=True),
    "accounts:device_confirm_sms": Provider(_sms_enrolment),
    "account_reset_password_from_key": Provider(_reset_key),
}

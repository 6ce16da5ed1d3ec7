"""Step-up's steps (accounts.step_up), without a web request: which device the page asks
a code from, what each step does, and what is refused and why."""

import pytest
from django.core import mail
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.selectors import device_list
from accounts.step_up import SESSION_KEY, WRONG_CODE, Page, Posted, step_up_take
from tests.accounts.helpers import last_email_code, totp_code
from tests.factories import add_totp_device

pytestmark = pytest.mark.django_db


def _checks(device, code) -> bool:
    return device.verify_token(code)


def _take(user, session, posted=None, *, choose_again=False):
    return step_up_take(
        devices=device_list(user=user),
        session=session,
        choose_again=choose_again,
        posted=posted,
        verify=_checks,
    )


def _email_device(user):
    return EmailDevice.objects.create(user=user, name="Email", confirmed=True)


def _backup_device(user):
    return StaticDevice.objects.create(user=user, name="backup", confirmed=True)


def test_someone_with_no_second_factor_is_asked_to_set_one_up(citizen):
    assert _take(citizen, {}).page == Page.SETUP


def test_someone_with_one_app_is_asked_for_its_code_straight_away(citizen):
    app = add_totp_device(citizen)

    answer = _take(citizen, {})

    assert (answer.page, answer.device, answer.status) == (Page.CODE, app, 200)
    assert answer.code is None  # the app makes its own codes: nothing is sent


def test_someone_with_several_devices_chooses_one_first(citizen):
    add_totp_device(citizen)
    _backup_device(citizen)

    assert _take(citizen, {}).page == Page.CHOOSE


def test_the_device_chosen_is_remembered_and_the_page_shown_again(citizen):
    add_totp_device(citizen)
    backup = _backup_device(citizen)
    session = {}

    answer = _take(citizen, session, Posted("choose", device_id=backup.persistent_id))

    assert answer.page == Page.AGAIN
    assert session[SESSION_KEY] == backup.persistent_id
    assert _take(citizen, session).device == backup


def test_choosing_nothing_or_someone_elses_device_is_refused(citizen, another_citizen):
    add_totp_device(citizen)
    _backup_device(citizen)
    theirs = add_totp_device(another_citizen)
    session = {}

    for device_id in (None, theirs.persistent_id):
        answer = _take(citizen, session, Posted("choose", device_id=device_id))
        assert (answer.page, answer.status) == (Page.CHOOSE, 400)
    assert session == {}


def test_asking_to_choose_again_shows_the_list_though_a_device_was_chosen(citizen):
    app = add_totp_device(citizen)
    _backup_device(citizen)
    session = {SESSION_KEY: app.persistent_id}

    assert _take(citizen, session, choose_again=True).page == Page.CHOOSE


def test_an_email_device_gets_one_code_however_often_the_page_is_shown(citizen):
    _email_device(citizen)

    first, again = _take(citizen, {}), _take(citizen, {})

    assert len(mail.outbox) == 1
    assert first.code.pending and again.code.pending
    assert first.code.to == "s••@example.org"


def test_a_code_the_mail_service_could_not_send_is_a_503_that_says_so(citizen, mail_down):
    _email_device(citizen)

    answer = _take(citizen, {})

    assert (answer.page, answer.status) == (Page.CODE, 503)
    assert answer.code.failed and not answer.code.pending


def test_asking_for_a_new_code_inside_the_cooldown_sends_nothing(citizen):
    device = _email_device(citizen)
    session = {}
    _take(citizen, session)

    answer = _take(citizen, session, Posted("send"))

    assert answer.page == Page.AGAIN
    assert len(mail.outbox) == 1
    assert session[SESSION_KEY] == device.persistent_id


def test_an_app_has_no_code_to_send_so_asking_shows_its_code_page(citizen):
    add_totp_device(citizen)

    answer = _take(citizen, {}, Posted("send"))

    assert (answer.page, answer.status) == (Page.CODE, 200)
    assert len(mail.outbox) == 0


def test_the_right_code_lets_the_person_on_and_forgets_the_device(citizen):
    app = add_totp_device(citizen)
    session = {SESSION_KEY: app.persistent_id}

    answer = _take(citizen, session, Posted("verify", code=totp_code(app)))

    assert answer.page == Page.DONE
    assert SESSION_KEY not in session


def test_a_code_from_email_works_once_it_is_sent(citizen):
    _email_device(citizen)
    _take(citizen, {})

    answer = _take(citizen, {}, Posted("verify", code=last_email_code(citizen.email)))

    assert answer.page == Page.DONE


def test_a_wrong_code_is_refused_with_the_reason(citizen):
    app = add_totp_device(citizen)
    session = {SESSION_KEY: app.persistent_id}

    answer = _take(citizen, session, Posted("verify", code="000000"))

    assert (answer.page, answer.status) == (Page.CODE, 400)
    assert answer.refused == WRONG_CODE
    assert session[SESSION_KEY] == app.persistent_id  # still the device to try again with


def test_no_code_at_all_is_refused_without_trying_it(citizen):
    add_totp_device(citizen)
    tried = []

    answer = step_up_take(
        devices=device_list(user=citizen),
        session={},
        choose_again=False,
        posted=Posted("verify", code=None),
        verify=lambda device, code: tried.append(code),
    )

    assert (answer.page, answer.status, answer.refused) == (Page.CODE, 400, "")
    assert tried == []


def test_a_code_before_any_device_is_chosen_shows_the_list_to_choose_from(citizen):
    app = add_totp_device(citizen)
    _backup_device(citizen)

    answer = _take(citizen, {}, Posted("verify", code=totp_code(app)))

    assert (answer.page, answer.status) == (Page.CHOOSE, 200)

"""Administrators write what residents are told, one box per event, checked before it is saved.

A placeholder we cannot fill in is refused in the admin, and one that reached the
database some other way is never sent raw: that event's default text goes instead.
"""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats

from accounts.access import login_url, step_up_url
from casework import actions, registry
from casework.notifications import DEFAULT_TEXTS, PLACEHOLDERS, text_problems
from integrations.notify import sms
from integrations.outbox.worker import outbox_sweep
from tests import urlmap
from tests.casework.factories import RequestTypeFactory
from tests.casework.test_request_type_admin import _form_data
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

# What the admin page calls each event, as an administrator reads it.
LABELS = {
    "submitted": "When the request is made",
    "received": "When the request is received",
    "resolved": "When it is resolved",
    "escalated": "When it is past its target date",
}


@pytest.fixture
def admin_client(admin_user):
    return signed_in(admin_user, verified=True)


@pytest.fixture
def request_type(db):
    return RequestTypeFactory(
        name="Report a broken bench", notification_texts={"resolved": "Mended."}
    )


def _change_url(request_type):
    return reverse("admin:casework_requesttype_change", args=[request_type.pk])


def _texts(**texts):
    """The admin form's boxes: every event empty unless given."""
    return {f"text_{key}": texts.get(key, "") for key in DEFAULT_TEXTS}


def _resident_mail(citizen):
    return [message.body for message in mail.outbox if message.to == [citizen.email]]


def test_the_admin_page_has_a_box_per_event_its_default_and_the_placeholders(
    admin_client, request_type
):
    page = admin_client.get(_change_url(request_type))

    assert page.status_code == 200
    html = page.content.decode()
    for key in DEFAULT_TEXTS:
        assert f'<textarea name="text_{key}"' in html, key
    for key, label in LABELS.items():
        assert f'for="id_text_{key}">{label}' in html, label
    assert 'name="notification_texts"' not in html  # no JSON to write by hand
    # Each box shows the text used when it is left empty, and the stored one is in its box.
    assert "We have received your request. We aim to finish it by {due}." in html
    assert "Mended.</textarea>" in html
    # The placeholders, in plain words, under the boxes.
    for name in PLACEHOLDERS:
        assert "{" + name + "}" in html
    assert "the request’s reference" in html
    assert "the date we aim to finish it by" in html


def test_the_add_page_has_the_boxes_too(admin_client):
    page = admin_client.get(reverse("admin:casework_requesttype_add"))
    assert page.status_code == 200
    assert '<textarea name="text_resolved"' in page.content.decode()


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "Done. Reference {refrence}.",
            "‘When it is resolved’ uses {refrence}, which is not one we can fill in. "
            "You can use: {reference}, {request}, {due}, {council}.",
        ),
        ("Done {due.__class__}", "‘When it is resolved’ uses {due.__class__}"),
        ("Done {due!r}", "‘When it is resolved’ uses {due!r}"),
        ("Done by {due:>40}", "‘When it is resolved’ uses {due:&gt;40}"),
        ("Done {}", "‘When it is resolved’ uses {}"),
        ("Done {0}", "‘When it is resolved’ uses {0}"),
        ("Done {reference", "‘When it is resolved’ has a { or } that is not part of"),
        ("Done reference}", "‘When it is resolved’ has a { or } that is not part of"),
    ],
)
def test_a_placeholder_we_cannot_fill_is_refused_and_nothing_is_saved(
    admin_client, request_type, text, problem
):
    response = admin_client.post(
        _change_url(request_type),
        _form_data(
            request_type, name="Renamed", **_texts(submitted="Thanks {reference}", resolved=text)
        ),
    )

    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert problem in html
    assert "Please correct the error below." in html
    request_type.refresh_from_db()
    assert request_type.name == "Report a broken bench"
    assert request_type.notification_texts == {"resolved": "Mended."}


def test_a_text_too_long_for_a_text_message_is_refused(admin_client, request_type):
    response = admin_client.post(
        _change_url(request_type), _form_data(request_type, **_texts(resolved="Done. " * 101))
    )
    assert response.status_code == 200
    assert "at most 600 characters" in response.content.decode()
    request_type.refresh_from_db()
    assert request_type.notification_texts == {"resolved": "Mended."}


def test_an_empty_box_means_the_default_text(admin_client, request_type, citizen, agent):
    response = admin_client.post(_change_url(request_type), _form_data(request_type, **_texts()))
    assert response.status_code == 302
    request_type.refresh_from_db()
    assert request_type.notification_texts == {}

    case = actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Broken slats"
    )
    actions.case_resolve(case=case, actor=agent, message="New slats.")
    outbox_sweep()
    assert any(body.startswith("Your request is done.") for body in _resident_mail(citizen))


def test_the_text_saved_is_what_the_resident_is_sent(admin_client, request_type, citizen, agent):
    words = "Thank you. {request} ({reference}) will be done by {due}. {council}"
    response = admin_client.post(
        _change_url(request_type),
        _form_data(request_type, **_texts(submitted=words, resolved="{reference} is mended.")),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request_type.refresh_from_db()
    assert request_type.notification_texts["submitted"] == words

    case = actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Broken slats"
    )
    outbox_sweep()

    due = formats.date_format(case.due_date, "j F Y")
    [told] = _resident_mail(citizen)
    assert told.startswith(
        f"Thank you. Report a broken bench ({case.reference}) will be done by {due}. "
        "Millbrook Borough Council\n"
    )
    actions.case_resolve(case=case, actor=agent, message="New slats.")
    outbox_sweep()
    assert _resident_mail(citizen)[-1].startswith(f"{case.reference} is mended.\n")


def test_a_text_message_carries_the_filled_in_text(request_type, citizen):
    citizen.preferred_channel = "sms"
    citizen.phone = "+447700900123"
    citizen.save()
    request_type.notification_texts = {"submitted": "Got it: {reference}, due {due}."}
    request_type.save()

    case = actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Broken slats"
    )
    outbox_sweep()

    due = formats.date_format(case.due_date, "j F Y")
    [text] = [message for message in sms.outbox if message.to == "+447700900123"]
    assert text.body.startswith(f"Got it: {case.reference}, due {due}. Ref {case.reference}.")


def test_a_brace_written_twice_is_sent_as_one(admin_client, request_type, citizen):
    words = "Thanks. Quote {{{reference}}} when you call."
    response = admin_client.post(
        _change_url(request_type), _form_data(request_type, **_texts(submitted=words))
    )
    assert response.status_code == 302
    request_type.refresh_from_db()
    assert request_type.notification_texts["submitted"] == words

    case = actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Broken slats"
    )
    outbox_sweep()
    assert _resident_mail(citizen)[0].startswith(
        "Thanks. Quote {" + case.reference + "} when you call.\n"
    )


@pytest.mark.parametrize(
    "stored", ["Mended {refrence}", "Mended {due.__class__}", "Mended {due!r}", "Mended {", "{0}"]
)
def test_a_stored_text_we_cannot_fill_falls_back_to_the_default(
    request_type, citizen, agent, caplog, stored
):
    # Set through the data (or before texts were checked), never through the admin form.
    request_type.notification_texts = {"resolved": stored}
    request_type.save()
    case = actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Broken slats"
    )

    with caplog.at_level(logging.WARNING, logger="casework.notifications"):
        actions.case_resolve(case=case, actor=agent, message="New slats.")
    outbox_sweep()

    told = _resident_mail(citizen)[-1]
    assert told.startswith("Your request is done.\n")
    assert "Mended" not in told and "{" not in told
    warning = next(r for r in caplog.records if r.levelno == logging.WARNING)
    assert request_type.slug in warning.getMessage() and "resolved" in warning.getMessage()


def test_every_text_the_services_register_can_be_filled_in():
    """The defaults and the texts service apps register (synced into request types) pass the check."""
    texts = {f"default {key}": str(text) for key, text in DEFAULT_TEXTS.items()}
    for service in registry.services():
        for defaults in service.request_types:
            for key, text in defaults.notification_texts.items():
                assert key in DEFAULT_TEXTS, f"{defaults.slug}: no event called {key}"
                texts[f"{defaults.slug} {key}"] = str(text)
    assert any("{due}" in text for text in texts.values())
    for where, text in texts.items():
        assert text_problems(text, label=where) == [], where


# Who may open the page and change the words: administrators only.
ROLE_GETS = {
    "anonymous": "login",
    "resident": 403,
    "resident_verified": 403,
    "another_resident": 403,
    "staff_unverified": "step-up",
    "staff_verified": 403,  # an agent: staff, but not an administrator
    "admin_verified": 200,
}


@pytest.mark.parametrize("role", urlmap.ROLES, ids=str)
def test_only_administrators_may_open_or_change_the_texts(role, request, request_type):
    visitor, _owner = urlmap.people(role, request.getfixturevalue)
    client = urlmap.client_for(visitor, verified=role.verified)
    url = _change_url(request_type)

    page = client.get(url)
    post = client.post(url, _form_data(request_type, **_texts(resolved="Changed {reference}")))

    want = ROLE_GETS[role.name]
    if want == "login":
        assert (page.status_code, page["Location"]) == (302, login_url(url))
    elif want == "step-up":
        assert (page.status_code, page["Location"]) == (302, step_up_url(url))
    else:
        assert page.status_code == want
    if want == 200:
        assert post.status_code == 302
        expected = {"resolved": "Changed {reference}"}
    else:
        assert post.status_code in (302, 403) and post.status_code == page.status_code
        expected = {"resolved": "Mended."}
    request_type.refresh_from_db()
    assert request_type.notification_texts == expected

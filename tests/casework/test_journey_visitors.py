"""Drafts for visitors with no account (casework.journeys.owners), through a journey
open to them (tests/casework/journey_urls.py ``LitterBin``): whose a draft is, who may
open it, signing in mid-journey, "Save and come back later" by an e-mailed link, and
the expiry sweep."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from casework import drafts
from casework.journeys import owners
from casework.models import Case, Draft, JourneyEvent
from integrations.outbox.models import Message
from tests.casework.factories import RequestTypeFactory
from tests.casework.journey_urls import SLUG, VISITOR_SLUG
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.casework.journey_urls")]

BIN = "/bin/"
DRAFTS = "/requests/saved/"


@pytest.fixture
def bin_type(db):
    return RequestTypeFactory(slug=VISITOR_SLUG, name="Report a litter bin", auth_tier=0)


@pytest.fixture
def visitor(bin_type):
    return Client()


def _version(page) -> str:
    return re.search(r'name="version" value="([^"]+)"', page.content.decode()).group(1)


def _answer_all(client):
    client.post(BIN, {"blue_badge": "no"})
    return client.post(f"{BIN}details/", {"where": "Outside 4 Mill Lane"})


def _link_in_last_email() -> str:
    message = Message.objects.filter(kind="notify.email").latest("pk")
    return re.search(r"http\S*/requests/saved/resume/\S+/", message.payload["body"]).group(0)


# --- Whose a draft is ----------------------------------------------------------------------


def test_a_visitor_answers_without_signing_in_and_their_draft_has_no_user(visitor):
    assert visitor.get(BIN).status_code == 200

    assert visitor.post(BIN, {"blue_badge": "no"})["Location"] == f"{BIN}details/"

    draft = Draft.objects.get()
    assert draft.user is None and len(draft.visitor_key) == 64
    assert draft.visitor_key not in str(dict(visitor.session))  # only its digest is stored
    assert JourneyEvent.objects.filter(kind="started", actor=None).exists()


def test_a_visitor_sends_once_and_sees_their_confirmation(visitor):
    _answer_all(visitor)
    check = visitor.get(f"{BIN}check/")
    assert "Outside 4 Mill Lane" in check.content.decode()

    first = visitor.post(f"{BIN}check/", {"version": _version(check)})
    second = visitor.post(f"{BIN}check/", {"version": _version(check)})

    case = Case.objects.get()
    assert case.resident is None and case.contact_email == "visitor@example.net"
    assert first["Location"] == second["Location"] == f"{BIN}sent/{case.reference}/"
    assert visitor.get(first["Location"]).status_code == 200
    assert not Draft.objects.exists()


def test_nobody_else_sees_a_visitor_s_confirmation(visitor, citizen):
    _answer_all(visitor)
    sent = visitor.post(f"{BIN}check/", {"version": _version(visitor.get(f"{BIN}check/"))})

    assert Client().get(sent["Location"]).status_code == 404
    assert signed_in(citizen).get(sent["Location"]).status_code == 404


def test_another_visitor_and_another_user_do_not_find_a_visitor_s_answers(visitor, citizen):
    _answer_all(visitor)

    stranger = Client()
    page = stranger.get(f"{BIN}details/")
    assert page["Location"] == BIN  # their own journey starts from the beginning
    assert "Outside 4 Mill Lane" not in stranger.get(BIN).content.decode()
    assert stranger.get(f"{BIN}check/")["Location"] == BIN
    assert signed_in(citizen).get(f"{BIN}check/")["Location"] == BIN
    draft = Draft.objects.get()
    assert stranger.get(f"{DRAFTS}{draft.pk}/save/").status_code == 404
    assert signed_in(citizen).get(f"{DRAFTS}{draft.pk}/save/").status_code == 404
    assert signed_in(citizen).get(f"{DRAFTS}{draft.pk}/continue/").status_code == 404


def test_a_visitor_cannot_open_a_user_s_draft(citizen, bin_type):
    resident = signed_in(citizen)
    _answer_all(resident)
    draft = Draft.objects.get(user=citizen)

    visitor = Client()
    assert visitor.get(f"{DRAFTS}{draft.pk}/save/").status_code == 404
    assert visitor.get(f"{BIN}check/")["Location"] == BIN
    assert visitor.get(f"{DRAFTS}{draft.pk}/continue/")["Location"].startswith("/account/login/")


def test_a_sent_draft_cannot_be_answered_again_or_sent_twice(visitor):
    _answer_all(visitor)
    check = visitor.get(f"{BIN}check/")
    visitor.post(f"{BIN}check/", {"version": _version(check)})

    assert visitor.get(f"{BIN}check/")["Location"] == BIN
    visitor.post(f"{BIN}check/", {"version": "1:tampered"})
    assert Case.objects.count() == 1


def test_journeys_not_open_to_visitors_still_ask_them_to_sign_in(client, bin_type):
    RequestTypeFactory(slug=SLUG, name="Request a dropped kerb", auth_tier=0)
    assert client.get("/kerb/")["Location"].startswith("/account/login/?next=")
    assert client.post("/kerb/", {"blue_badge": "no"})["Location"].startswith("/account/login/")
    assert not Draft.objects.exists()


def test_a_request_type_raised_to_tier_1_asks_visitors_to_sign_in(visitor, bin_type):
    bin_type.auth_tier = 1
    bin_type.save()

    assert visitor.get(BIN)["Location"] == "/account/login/?next=%2Fbin%2F"
    assert visitor.post(BIN, {"blue_badge": "no"})["Location"].startswith("/account/login/")
    assert not Draft.objects.exists()


def test_a_draft_has_exactly_one_owner(bin_type, citizen):
    keep = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(request_type=bin_type, expires_at=keep)
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(
            user=citizen, visitor_key="a" * 64, request_type=bin_type, expires_at=keep
        )


# --- Signing in mid-journey -----------------------------------------------------------------


def test_a_visitor_who_signs_in_keeps_their_answers_as_their_own(visitor, citizen):
    _answer_all(visitor)

    visitor.force_login(citizen)

    draft = Draft.objects.get()
    assert draft.user == citizen and draft.visitor_key == ""
    check = visitor.get(f"{BIN}check/")
    assert check.status_code == 200 and "Outside 4 Mill Lane" in check.content.decode()
    visitor.post(f"{BIN}check/", {"version": _version(check)})
    assert Case.objects.get().resident == citizen


def test_signing_in_replaces_an_older_draft_of_the_same_request(visitor, citizen, bin_type):
    drafts.draft_save(user=citizen, request_type=bin_type, answers={"old": True})
    _answer_all(visitor)

    visitor.force_login(citizen)

    draft = Draft.objects.get()
    assert draft.user == citizen and "old" not in draft.answers


# --- Save and come back later ---------------------------------------------------------------


def test_save_and_come_back_later_emails_a_link_that_resumes_on_another_device(visitor):
    visitor.post(BIN, {"blue_badge": "no"})
    saved = visitor.post(f"{BIN}details/", {"where": "By the bus stop", "action": "save"})
    draft = Draft.objects.get()
    assert saved["Location"] == f"{DRAFTS}{draft.pk}/save/"
    page = visitor.get(saved["Location"])
    assert page.status_code == 200 and "Email address" in page.content.decode()

    bad = visitor.post(saved["Location"], {"email": "not-an-address"})
    assert bad.status_code == 400
    assert "Enter an email address in the correct format" in bad.content.decode()
    sent = visitor.post(saved["Location"], {"email": "robin@example.net"})
    assert sent.status_code == 200 and "robin@example.net" in sent.content.decode()
    message = Message.objects.get(kind="notify.email")
    assert message.payload["to"] == "robin@example.net"

    other_device = Client()
    resumed = other_device.get(_link_in_last_email())
    assert resumed["Location"] == f"{BIN}check/"  # every step answered: on to check
    page = other_device.get(resumed["Location"])
    assert "By the bus stop" in page.content.decode()


def test_the_link_works_once_and_the_old_session_loses_the_draft(visitor):
    visitor.post(BIN, {"blue_badge": "no"})
    draft = Draft.objects.get()
    visitor.post(f"{DRAFTS}{draft.pk}/save/", {"email": "robin@example.net"})
    link = _link_in_last_email()

    assert Client().get(link).status_code == 302
    again = Client().get(link)
    assert again.status_code == 404
    assert "This link has expired or been used" in again.content.decode()
    assert visitor.get(f"{BIN}details/")["Location"] == BIN


def test_a_link_followed_by_a_signed_in_person_gives_them_the_draft(visitor, citizen):
    visitor.post(BIN, {"blue_badge": "no"})
    visitor.post(f"{DRAFTS}{Draft.objects.get().pk}/save/", {"email": "sam@example.org"})

    assert signed_in(citizen).get(_link_in_last_email()).status_code == 302

    assert Draft.objects.get().user == citizen


def test_a_made_up_or_expired_link_is_a_404(visitor):
    assert Client().get(DRAFTS + "resume/" + "x" * 43 + "/").status_code == 404
    assert Client().get(DRAFTS + "resume/short/").status_code == 404
    visitor.post(BIN, {"blue_badge": "no"})
    draft = Draft.objects.get()
    visitor.post(f"{DRAFTS}{draft.pk}/save/", {"email": "robin@example.net"})
    Draft.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    assert Client().get(_link_in_last_email()).status_code == 404


def test_the_expiry_sweep_removes_visitor_drafts_and_records_them_abandoned(visitor):
    visitor.post(BIN, {"blue_badge": "no"})
    later = timezone.now() + datetime.timedelta(days=29)

    assert drafts.drafts_expire(now=later) == 1

    assert not Draft.objects.exists()
    assert JourneyEvent.objects.filter(kind="abandoned", step="about", actor=None).exists()


def test_visitor_drafts_get_no_reminder(visitor):
    visitor.post(BIN, {"blue_badge": "no"})
    assert drafts.drafts_send_reminders(now=timezone.now() + datetime.timedelta(days=26)) == 0


def test_the_access_rule_finds_only_the_owner_s_draft(visitor, citizen, bin_type):
    visitor.post(BIN, {"blue_badge": "no"})
    draft = Draft.objects.get()
    mine = owners.Owner(visitor_key=draft.visitor_key)

    assert owners.draft_for_owner(mine, draft_id=draft.pk) == draft
    assert owners.draft_for_owner(owners.Owner(visitor_key="b" * 64), draft_id=draft.pk) is None
    assert owners.draft_for_owner(owners.Owner(), draft_id=draft.pk) is None
    assert owners.draft_for_owner(owners.Owner(user=citizen), draft_id=draft.pk) is None


def test_links_for_one_draft_are_limited_so_no_inbox_is_flooded(visitor):
    visitor.post(BIN, {"blue_badge": "no"})
    url = f"{DRAFTS}{Draft.objects.get().pk}/save/"
    for _ in range(5):
        assert visitor.post(url, {"email": "robin@example.net"}).status_code == 200

    refused = visitor.post(url, {"email": "robin@example.net"})

    assert refused.status_code == 400
    assert "You have asked for a link too many times" in refused.content.decode()
    assert Message.objects.filter(kind="notify.email").count() == 5

"""The council tax account page (tier 2): what the resident sees, fresh and only theirs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from linking.actions import service_link_attempt, service_link_remove
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from tests.conftest import signed_in
from tests.services.counciltax.conftest import (
    ALEXS_NUMBER,
    SAMS_NUMBER,
    alexs_account,
    sams_account,
)

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("counciltax:account")


def link(user, number=SAMS_NUMBER):
    now = timezone.now()
    return ServiceLink.objects.create(
        user=user, service=SLUG, account_ref=number, linked_at=now, last_used_at=None
    )


def test_the_account_shows_bill_band_instalments_payments_and_balance(
    verified_citizen_client, citizen, revenues
):
    link(citizen)

    response = verified_citizen_client.get(ACCOUNT)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Your 2026-27 bill" in text
    assert "£2,026.66" in text  # the year's charge for band C
    assert "£202 left to pay" in text
    assert text.count("govuk-tag--green") == 9 + 10  # this year's paid, and last year's
    assert "Your next instalment of £202 is due on 1 January 2027" in text
    assert "Direct Debit" in text
    assert "Your 2025-26 bill" in text  # previous years
    assert "From our council tax system at" in text
    assert "Warning" not in text


def test_arrears_show_overdue_instalments_and_the_recovery_stage_in_plain_words(
    verified_citizen_client, citizen, revenues
):
    revenues.add(sams_account(missed=2, recovery_stage="final_notice"))
    link(citizen)

    text = verified_citizen_client.get(ACCOUNT).content.decode()

    assert text.count("govuk-tag--red") == 2
    assert "£404 is overdue" in text
    assert "you have lost the right to pay by instalments" in text


def test_one_call_to_the_revenues_system_then_cached_for_that_person_only(
    citizen, another_citizen, revenues
):
    revenues.add(alexs_account())
    link(citizen)
    link(another_citizen, ALEXS_NUMBER)  # an account is linked to one online account
    sam, alex = signed_in(citizen, verified=True), signed_in(another_citizen, verified=True)

    sam.get(ACCOUNT)
    sam.get(ACCOUNT)
    assert revenues.reads == 1
    alex.get(ACCOUNT)
    assert revenues.reads == 2, "another person's page never comes from Sam's cache"


def test_the_revenues_system_down_is_a_clear_503_never_a_500(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    revenues.down = True

    response = verified_citizen_client.get(ACCOUNT)

    assert response.status_code == 503
    assert "We cannot show your council tax account right now" in response.content.decode()


def test_an_account_the_system_no_longer_has_is_said_plainly(
    verified_citizen_client, citizen, revenues
):
    link(citizen, number="60019999")

    response = verified_citizen_client.get(ACCOUNT)

    assert response.status_code == 200
    assert "We could not find council tax account 60019999" in response.content.decode()


def test_opening_the_account_marks_the_link_used_and_home_shows_it(
    verified_citizen_client, citizen, revenues, django_capture_on_commit_callbacks
):
    found = link(citizen)
    home = verified_citizen_client.get(reverse("account_home")).content.decode()
    assert f"Your council tax account {SAMS_NUMBER} is linked" in home
    assert "You last looked at it" not in home

    with django_capture_on_commit_callbacks(execute=True):  # the home snapshot is forgotten
        verified_citizen_client.get(ACCOUNT)

    found.refresh_from_db()
    assert found.last_used_at is not None
    home = verified_citizen_client.get(reverse("account_home")).content.decode()
    assert "You last looked at it on" in home
    assert reverse("counciltax:account") in home


def test_home_offers_linking_when_not_linked(verified_citizen_client):
    home = verified_citizen_client.get(reverse("account_home")).content.decode()

    assert "Link your council tax account" in home
    assert reverse("counciltax:link") in home


def test_the_start_page_links_to_the_council_tax_account(client):
    text = client.get(reverse("home")).content.decode()

    assert reverse("counciltax:account") in text
    assert "see your council tax account" in text


def test_another_resident_sees_only_their_own_state(another_citizen, citizen, revenues):
    link(citizen)

    response = signed_in(another_citizen, verified=True).get(ACCOUNT)

    assert response.status_code == 200
    assert SAMS_NUMBER not in response.content.decode()
    assert revenues.reads == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, citizen, revenues):
    link(citizen)

    response = client.get(ACCOUNT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert revenues.reads == 0


def test_the_home_panel_reads_the_link_from_the_home_snapshot(
    verified_citizen_client, citizen, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        service_link_attempt(user=citizen, service=SLUG, account_ref=SAMS_NUMBER, proven=True)
    verified_citizen_client.get(reverse("account_home"))  # builds the snapshot
    with CaptureQueriesContext(connection) as captured:
        home = verified_citizen_client.get(reverse("account_home")).content.decode()
    assert f"Your council tax account {SAMS_NUMBER} is linked" in home
    assert not [q for q in captured if "linking_" in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        service_link_remove(user=citizen, service=SLUG)
    home = verified_citizen_client.get(reverse("account_home")).content.decode()
    assert "Link your council tax account" in home

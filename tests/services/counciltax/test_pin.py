"""Linking without the bill: a one-time PIN posted to the property, its letter made for the
print room, kept only as a hash, running out, and tries limited like the bill's details."""

import datetime
import re

import pytest
from django.urls import reverse

from core import clock as project_clock
from documents.models import Document
from linking.models import ServiceLink
from services.counciltax.models import LinkPin
from tests.conftest import signed_in
from tests.documents.test_documents import the_worker
from tests.services.counciltax.conftest import SAMS_NUMBER

pytestmark = pytest.mark.django_db
ASK = reverse("counciltax:pin_request")
ENTER = reverse("counciltax:pin_enter")


def ask(client, postcode="mb1 1aa"):
    return client.post(ASK, {"account_number": SAMS_NUMBER, "postcode": postcode})


def the_pin(client) -> str:
    """Ask for a PIN and read it as the print room's letter has it."""
    ask(client)
    the_worker()
    letter = Document.objects.get(kind="council-tax-pin-letter")
    return letter.params["pin"]


def test_the_link_page_offers_a_pin_by_post_to_someone_without_their_bill(
    verified_citizen_client, revenues
):
    text = verified_citizen_client.get(reverse("counciltax:link")).content.decode()
    assert "I do not have my bill" in text
    assert f'href="{ASK}"' in text


def test_asking_posts_a_pin_letter_for_the_print_room_and_keeps_only_a_hash(
    verified_citizen_client, citizen, revenues
):
    response = ask(verified_citizen_client)
    the_worker()

    assert "We are posting a PIN to the property" in response.content.decode()
    pin = LinkPin.objects.get(user=citizen)
    letter = pin.letter
    assert letter.state == Document.State.READY
    assert letter.params["address"] == "1 Mill Lane, Millbrook"
    digits = letter.params["pin"].replace(" ", "")
    assert re.fullmatch(r"\d{8}", digits)
    assert digits not in pin.pin_hash
    assert (pin.expires_at - pin.created_at) == datetime.timedelta(days=28)
    # The letter is for the print room, never for whoever asked (the PIN proves the post).
    download = reverse("documents:download", args=[letter.pk])
    assert verified_citizen_client.get(download).status_code == 404
    assert ask(verified_citizen_client).status_code == 200
    assert LinkPin.objects.count() == 1, "one PIN at a time"


def test_the_right_pin_links_the_account_once(verified_citizen_client, citizen, revenues):
    pin = the_pin(verified_citizen_client)

    response = verified_citizen_client.post(ENTER, {"pin": pin})

    assert response["Location"] == reverse("counciltax:account")
    assert ServiceLink.objects.get(user=citizen).account_ref == SAMS_NUMBER
    assert LinkPin.objects.get().used_at is not None


def test_a_wrong_pin_counts_and_the_fourth_locks_like_the_bills_details(
    verified_citizen_client, citizen, revenues
):
    pin = the_pin(verified_citizen_client)
    wrong = "00000000" if pin.replace(" ", "") != "00000000" else "11111111"

    first = verified_citizen_client.post(ENTER, {"pin": wrong})
    assert first.status_code == 400
    assert "You have 3 more tries" in first.content.decode()
    for _try in range(3):
        response = verified_citizen_client.post(ENTER, {"pin": wrong})
    assert response.status_code == 429
    assert "You cannot link your council tax account right now" in response.content.decode()
    locked = verified_citizen_client.post(ENTER, {"pin": pin})
    assert locked.status_code == 429, "not even the right PIN while locked"
    assert not ServiceLink.objects.exists()


def test_a_pin_that_has_run_out_does_not_link(verified_citizen_client, citizen, revenues):
    pin = the_pin(verified_citizen_client)
    LinkPin.objects.update(expires_at=project_clock.now() - datetime.timedelta(minutes=1))

    response = verified_citizen_client.post(ENTER, {"pin": pin})

    assert response.status_code == 400
    assert "The PIN is not right, or it has run out" in response.content.decode()
    assert not ServiceLink.objects.exists()


def test_another_persons_pin_links_nothing_for_me(citizen, another_citizen, revenues):
    pin = the_pin(signed_in(citizen, verified=True))
    response = signed_in(another_citizen, verified=True).post(ENTER, {"pin": pin})
    assert response.status_code == 400
    assert not ServiceLink.objects.exists()


def test_wrong_details_when_asking_count_as_wrong_tries(verified_citizen_client, revenues):
    response = ask(verified_citizen_client, postcode="MB1 1AB")
    assert response.status_code == 400
    text = response.content.decode()
    assert "The account number and postcode do not match our records" in text
    assert "You have 3 more tries" in text
    assert not LinkPin.objects.exists()
    bad = verified_citizen_client.post(ASK, {"account_number": "12", "postcode": "nowhere"})
    assert bad.status_code == 400
    assert "Enter a real postcode" in bad.content.decode()


def test_the_print_room_lists_letters_and_posting_one_deletes_it(
    verified_citizen_client,
    verified_agent_client,
    revenues,
    django_capture_on_commit_callbacks,
):
    the_pin(verified_citizen_client)
    letter = Document.objects.get(kind="council-tax-pin-letter")
    room = reverse("counciltax_staff:print_room")

    text = verified_agent_client.get(room).content.decode()
    assert f"Download the letter for {SAMS_NUMBER}" in text
    download = verified_agent_client.get(reverse("documents:download", args=[letter.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"

    with django_capture_on_commit_callbacks(execute=True):
        verified_agent_client.post(room, {"pin": LinkPin.objects.get().pk})

    assert not Document.objects.exists(), "the PIN is readable nowhere once posted"
    assert LinkPin.objects.get().posted_at is not None
    assert "There are no letters to post" in verified_agent_client.get(room).content.decode()
    assert verified_agent_client.post(room, {"pin": "x"}).status_code == 302

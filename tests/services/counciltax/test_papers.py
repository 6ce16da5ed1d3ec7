"""The bill and a statement as PDF (made in the background), and paperless bills."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from integrations.outbox.models import Message
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from tests.conftest import signed_in
from tests.documents.test_documents import pdf_text, the_worker
from tests.services.counciltax.conftest import SAMS_NUMBER, TODAY, deliver_outbox

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("counciltax:account")


def link(user, number=SAMS_NUMBER):
    return ServiceLink.objects.create(
        user=user, service=SLUG, account_ref=number, linked_at=timezone.now()
    )


def test_the_account_page_offers_the_bill_and_a_statement_as_pdf(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    text = verified_citizen_client.get(ACCOUNT).content.decode()
    assert "Get your bill as a PDF" in text
    assert "Get a statement as a PDF" in text
    assert "You get your bills by post." in text


def test_the_bill_pdf_has_band_charge_and_instalments_and_only_sam_can_have_it(
    verified_citizen_client, citizen, another_citizen, revenues
):
    link(citizen)
    response = verified_citizen_client.post(reverse("counciltax:document", args=["bill"]))
    assert the_worker() == 1

    document = Document.objects.get(owner=citizen)
    assert response["Location"] == reverse("documents:status", args=[document.pk])
    page = verified_citizen_client.get(response["Location"]).content.decode()
    assert "Your document is ready" in page
    assert "Download Council tax bill 2026-27, account 60010001 (PDF" in page
    download = verified_citizen_client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert 'filename="council-tax-bill-2026-27.pdf"' in download["Content-Disposition"]
    assert document.params["band"] == "C"
    assert document.params["annual_charge_pence"] == 202666
    assert [i["amount_pence"] for i in document.params["instalments"]][:2] == [20866, 20200]
    assert b"/StructTreeRoot" in pdf_text(b"".join(download.streaming_content))
    stranger = signed_in(another_citizen, verified=True)
    assert stranger.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_asking_for_the_bill_again_gives_the_same_document(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    first = verified_citizen_client.post(reverse("counciltax:document", args=["bill"]))
    second = verified_citizen_client.post(reverse("counciltax:document", args=["bill"]))
    assert first["Location"] == second["Location"]
    assert Document.objects.count() == 1


def test_a_statement_has_the_payments_and_the_balance_of_the_day(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    verified_citizen_client.post(reverse("counciltax:document", args=["statement"]))

    document = Document.objects.get(owner=citizen, kind="council-tax-statement")
    assert document.params["on"] == TODAY.isoformat()
    assert document.params["balance_pence"] == 20200
    assert len(document.params["payments"]) == 19  # this year's 9 and last year's 10


def test_without_a_linked_account_there_is_no_pdf(verified_citizen_client, revenues):
    response = verified_citizen_client.post(reverse("counciltax:document", args=["bill"]))
    assert response["Location"] == reverse("counciltax:link")
    assert not Document.objects.exists()


def test_an_unknown_document_is_a_clear_message_not_a_500(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    response = verified_citizen_client.post(
        reverse("counciltax:document", args=["tax-return"]), follow=True
    )
    assert response.status_code == 200
    assert "There is no bill on your account" in response.content.decode()


def test_the_revenues_system_down_says_so_when_a_pdf_is_asked_for(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    revenues.down = True
    response = verified_citizen_client.post(reverse("counciltax:document", args=["bill"]))
    assert response.status_code == 503
    assert "We cannot show your council tax account right now" in response.content.decode()


def test_paperless_bills_reach_the_revenues_system_through_the_outbox(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    page = verified_citizen_client.get(reverse("counciltax:paperless"))
    assert "You get your bills by post." in page.content.decode()

    response = verified_citizen_client.post(reverse("counciltax:paperless"), {"paperless": "yes"})
    assert deliver_outbox() == 1

    assert response["Location"] == ACCOUNT
    message = Message.objects.get(kind="revenues.change")
    assert message.state == Message.State.DELIVERED
    assert message.payload["change"] == {
        "kind": "paperless_billing",
        "details": {"paperless": True, "email": citizen.email},
    }
    assert revenues.find(SAMS_NUMBER)["paperless"] is True
    text = verified_citizen_client.get(ACCOUNT).content.decode()
    assert "You get your bills by email only." in text


def test_paperless_while_the_revenues_system_is_down_waits_in_the_outbox(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    verified_citizen_client.get(ACCOUNT)  # the account is read (and cached) while it is up
    revenues.down = True
    verified_citizen_client.post(reverse("counciltax:paperless"), {"paperless": "yes"})
    deliver_outbox()

    message = Message.objects.get(kind="revenues.change")
    assert message.state == Message.State.PENDING
    assert "503" in message.last_error


def test_paperless_without_a_choice_is_a_clear_error(verified_citizen_client, citizen, revenues):
    link(citizen)
    response = verified_citizen_client.post(reverse("counciltax:paperless"), {})
    assert response.status_code == 400
    assert "Select how you want to get your bills" in response.content.decode()

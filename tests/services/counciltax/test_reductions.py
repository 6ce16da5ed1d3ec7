"""Other discounts, disregards and exemptions: the evidence asked for depends on the one
chosen, is shown on the check page, stored on the case, and named (with a signed link, not
the bytes) in the change sent to the revenues system; bad files get the engine's errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Attachment
from casework.workflow import Status
from tests.helpers import png
from tests.services.counciltax import test_changes as changes
from tests.services.counciltax.conftest import SAMS_NUMBER, TODAY
from tests.services.counciltax.test_changes import date, send, sent_change, step, url

# Sam signed in with the second factor and his account linked, as for the other changes.
change_types, linked, client = changes.change_types, changes.linked, changes.client

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def certificate(name="student-certificate.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def details(**extra):
    return {"person": "Alex Taylor", **date("applies_from", TODAY.replace(day=1)), **extra}


@pytest.mark.parametrize(
    ("reduction", "asked_for"),
    [
        ("all_students", "Add a council tax certificate from each student’s university"),
        ("carer", "Add carer’s evidence"),
        ("care_home", "Add a letter from the care home or hospital"),
        ("severe_mental_impairment", "Add a certificate from their doctor"),
    ],
)
def test_the_evidence_asked_for_depends_on_the_reduction_chosen(client, reduction, asked_for):
    chosen = client.post(url("reduction"), {"reduction": reduction})
    assert chosen["Location"] == step("reduction", "details")

    page = client.get(step("reduction", "details")).content.decode()

    assert asked_for in page
    assert 'enctype="multipart/form-data"' in page


def test_evidence_is_checked_shown_stored_and_named_to_the_revenues_system(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("reduction"), {"reduction": "student_disregard"})
    answered = client.post(step("reduction", "details"), details(files=[certificate()]))
    assert answered["Location"] == url("reduction_check")

    check = client.get(url("reduction_check")).content.decode()
    assert "Their student certificate, or a letter from their training provider" in check
    assert "student-certificate.pdf" in check
    assert "Alex Taylor" in check

    case, response = send(client, "reduction", django_capture_on_commit_callbacks)

    assert response["Location"] == url("reduction_sent", reference=case.reference)
    (stored,) = Attachment.objects.filter(case=case)
    assert stored.original_name == "student-certificate.pdf"
    change = sent_change(revenues)
    assert change["kind"] == "reduction"
    assert change["account"] == SAMS_NUMBER
    assert change["details"]["reduction"] == "student_disregard"
    assert change["details"]["class"] == "disregard"
    (evidence,) = change["details"]["evidence"]
    assert evidence["name"] == "student-certificate.pdf"
    assert evidence["content_type"] == "application/pdf"
    assert "/integrations/files/" in evidence["url"]
    assert "%PDF" not in str(change), "names and links, never the bytes"
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # an officer checks the evidence
    page = client.get(reverse("casework:detail", kwargs={"reference": case.reference}))
    assert "student-certificate.pdf" in page.content.decode()


def test_no_evidence_a_wrong_type_or_a_file_too_big_is_a_clear_400(client, settings):
    client.post(url("reduction"), {"reduction": "carer"})

    none = client.post(step("reduction", "details"), details())
    assert none.status_code == 400
    assert "Add carer’s evidence" in none.content.decode()

    wrong = client.post(
        step("reduction", "details"),
        details(files=[SimpleUploadedFile("letter.docx", b"PK\x03\x04 not a pdf")]),
    )
    assert wrong.status_code == 400
    assert "must be a JPG, PNG, WebP or PDF" in wrong.content.decode()

    settings.CASE_ATTACHMENT_MAX_BYTES = 50
    big = client.post(step("reduction", "details"), details(files=[png("letter.png")]))
    assert big.status_code == 400
    assert "must be smaller than" in big.content.decode()


def test_evidence_added_before_is_kept_and_the_answers_can_change(client):
    client.post(url("reduction"), {"reduction": "care_home"})
    client.post(step("reduction", "details"), details(files=[png("care-home-letter.png")]))

    again = client.get(step("reduction", "details")).content.decode()
    assert "care-home-letter.png" in again  # listed, ticked: no need to add it again
    kept = client.post(
        step("reduction", "details"),
        {**details(person="Jo Taylor"), "keep": [], "listed": ""},
    )
    assert kept["Location"] == url("reduction_check")
    check = client.get(url("reduction_check")).content.decode()
    assert "Jo Taylor" in check
    assert "care-home-letter.png" in check

"""What a resident is told when an answer is not right, and that bad input is never a 500."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Case, Draft
from tests.casework.factories import RequestTypeFactory
from tests.helpers import png
from tests.services.general.conftest import answer, version_on

pytestmark = pytest.mark.django_db

QUESTION = "/services/general/general-enquiry/"
CHECK = "/services/general/general-enquiry/check/"


def _errors(page) -> str:
    html = page.content.decode()
    assert page.status_code == 400, page.status_code
    assert "govuk-error-summary" in html
    assert "<title>Error: " in html
    return html


def test_nothing_answered(resident, question_type):
    html = _errors(resident.post(QUESTION, {}))

    assert '<a href="#id_summary">Enter what your request is about</a>' in html
    assert '<a href="#id_details">Enter the details of your request</a>' in html
    assert not Draft.objects.exists()


def test_only_spaces_is_no_answer(resident, question_type):
    html = _errors(answer(resident, question_type, summary="   ", details="\r\n  "))

    assert "Enter what your request is about" in html
    assert "Enter the details of your request" in html


def test_too_long(resident, question_type):
    html = _errors(answer(resident, question_type, summary="x" * 151, details="y" * 5001))

    assert "What your request is about must be 150 characters or fewer" in html
    assert "The details of your request must be 5,000 characters or fewer" in html
    assert "y" * 5001 in html  # what they typed is given back to cut down, not lost
    assert not re.search(r"\smaxlength=", html)  # and the browser does not cut it off unseen


def test_line_breaks_count_once_as_the_character_count_says(resident, question_type):
    # 5,000 characters as the resident (and the character count) sees them; the
    # browser sends each line break as two.
    details = ("x" * 9 + "\r\n") * 499 + "x" * 10

    assert answer(resident, question_type, details=details).status_code == 302
    assert answer(resident, question_type, details=details + "x").status_code == 400


def test_errors_are_shown_next_to_the_character_count_too(resident, question_type):
    html = _errors(answer(resident, question_type, details=""))

    assert 'id="id_details-error"' in html
    assert 'aria-describedby="id_details-info id_details-hint id_details-error"' in html
    assert "govuk-textarea--error" in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a photo", "image/jpeg"),
            "The selected file must be a JPG, PNG, WebP or PDF",
        ),
        (SimpleUploadedFile("empty.png", b"", "image/png"), "The selected file is empty"),
        (
            SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\nnot really", "image/png"),
            "The selected file must be a JPG, PNG, WebP or PDF",
        ),
    ],
)
def test_files_we_do_not_take(resident, question_type, upload, message):
    html = _errors(answer(resident, question_type, files=[upload]))

    assert f'<a href="#id_files">{message}</a>' in html
    assert not Draft.objects.exists()


def test_too_big(resident, question_type, settings):
    settings.CASE_ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * 2000, "application/pdf")

    html = _errors(answer(resident, question_type, files=[big]))

    assert "The selected file must be smaller than 1KB" in html


def test_too_many_files(resident, question_type, settings):
    settings.CASE_ATTACHMENT_MAX_COUNT = 2

    html = _errors(
        answer(resident, question_type, files=[png("a.png"), png("b.png"), png("c.png")])
    )
    assert "Select up to 2 files" in html

    assert answer(resident, question_type, files=[png("a.png"), png("b.png")]).status_code == 302
    html = _errors(answer(resident, question_type, files=[png("c.png")]))
    assert "You can send up to 2 files. Untick one to add another" in html


def test_tampered_question_page_input_is_a_400_or_ignored_never_a_500(resident, question_type):
    assert answer(resident, question_type, action="delete-everything").status_code == 302
    answer(resident, question_type, files=[png()])
    page = answer(resident, question_type, keep=["not-a-file"], listed="x,y,,")
    assert page.status_code == 400
    assert "Select the files you want to send" in page.content.decode()
    assert resident.post(QUESTION, {"summary": ["a", "b"], "details": "\x00"}).status_code == 400


def test_tampered_check_page_input_is_never_a_500(citizen, resident, question_type):
    # Nothing to check yet: back to the question.
    assert resident.get(CHECK)["Location"] == QUESTION
    assert resident.post(CHECK, {"version": "1:nonsense"})["Location"] == QUESTION

    answer(resident, question_type)
    for version in ("", "x" * 500, "1:2", "\x00"):
        page = resident.post(CHECK, {"version": version})
        assert page.status_code == 400, version
    assert not Case.objects.exists()
    # Answers changed behind the page's back (saved for later, half done): answer them first.
    resident.post(QUESTION, {"summary": "Half", "action": "save"})
    assert resident.get(CHECK)["Location"] == QUESTION
    check = resident.post(CHECK, {"version": "whatever"})
    assert check["Location"] == QUESTION


def test_unknown_inactive_and_other_services_request_types_are_not_found(resident, question_type):
    RequestTypeFactory(service="waste", slug="missed-bin")
    question_type.active = False
    question_type.save()

    for slug in ("no-such-thing", "missed-bin", "general-enquiry"):
        assert resident.get(f"/services/general/{slug}/").status_code == 404
        assert resident.get(f"/services/general/{slug}/check/").status_code == 404
    assert resident.get("/services/general/general-enquiry/sent/NOPE-NOPE/").status_code == 404


def test_the_confirmation_page_is_for_this_service_and_this_type_only(
    citizen, resident, request_types
):
    from casework import actions

    other = RequestTypeFactory(service="waste", slug="missed-bin")
    theirs = actions.case_submit(request_type=other, resident=citizen, answers={}, summary="x")
    ours = actions.case_submit(
        request_type=request_types["general-enquiry"], resident=citizen, answers={}, summary="y"
    )

    assert resident.get(f"/services/general/missed-bin/sent/{theirs.reference}/").status_code == 404
    assert (
        resident.get(f"/services/general/pest-control-treatment/sent/{ours.reference}/").status_code
        == 404
    )
    assert (
        resident.get(f"/services/general/general-enquiry/sent/{ours.reference}/").status_code == 200
    )


def test_the_check_page_version_is_given_back_after_a_refusal(resident, question_type):
    answer(resident, question_type)
    page = resident.post(CHECK, {"version": "stale"})
    assert page.status_code == 400
    assert version_on(page)

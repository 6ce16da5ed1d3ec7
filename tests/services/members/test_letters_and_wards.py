"""Letters from templates and the public cases of a member's wards."""

import pytest

from casework import actions
from integrations.outbox.models import Message
from services.members.letters import letter_html, template_problems
from services.members.models import Letter, LetterTemplate
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.factories import AddressFactory, WardFactory
from tests.services.members.members_data import enquiry_make, member_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return LetterTemplate.objects.create(
        name="Update",
        subject="Your enquiry {reference}",
        body="Dear {constituent},\n\nThe council replied:\n\n{officer_reply}\n\nAt {address}.",
    )


@pytest.fixture
def enquiry(caseworker):
    member = member_make()
    case = enquiry_make(member.user, contact_email="margaret@example.org")
    actions.case_reply(case=case, actor=caseworker, message="New bench on Friday.", to="member")
    return case


def _url(case, *rest):
    return f"/staff/members/enquiries/{case.reference}/" + "".join(rest)


def test_a_letter_is_previewed_with_its_merge_fields_filled_in(enquiry, template):
    client = signed_in(enquiry.member_enquiry.member, verified=True)

    page = client.get(_url(enquiry, "letter/"), {"template": template.pk})

    text = page.content.decode()
    assert page.status_code == 200
    assert f"Your enquiry {enquiry.reference}" in text
    assert "Dear Margaret Ellis" in text
    assert "New bench on Friday." in text
    assert "7 Mill Lane" in text
    assert "Councillor Ravi Patel" in text  # the signature block
    assert not Letter.objects.exists()


def test_a_letter_emailed_to_the_constituent_is_on_the_timeline(enquiry, template):
    member = enquiry.member_enquiry.member
    client = signed_in(member, verified=True)

    response = client.post(_url(enquiry, "letter/"), {"template": template.pk, "delivery": "email"})

    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.sent_to == "margaret@example.org"
    sent = Message.objects.get(idempotency_key=f"letter-{letter.pk}")
    assert sent.payload["to"] == "margaret@example.org"
    assert "New bench on Friday." in sent.payload["body"]
    event = enquiry.events.get(kind="letter")
    assert event.actor == member and event.data["delivery"] == "email"
    assert "Letter ‘Your enquiry" in client.get(_url(enquiry)).content.decode()


def test_a_letter_for_post_is_ready_to_print(enquiry, template):
    client = signed_in(enquiry.member_enquiry.member, verified=True)

    response = client.post(_url(enquiry, "letter/"), {"template": template.pk, "delivery": "post"})

    letter = Letter.objects.get()
    assert response["Location"] == _url(enquiry, f"letters/{letter.pk}/")
    printed = client.get(response["Location"]).content.decode()
    assert "<h1" in printed and "Dear Margaret Ellis" in printed
    assert not Message.objects.filter(idempotency_key__startswith="letter-").exists()


def test_a_letter_cannot_be_emailed_without_an_address(template):
    member = member_make()
    case = enquiry_make(member.user)  # no e-mail address for the constituent

    response = signed_in(member.user, verified=True).post(
        _url(case, "letter/"), {"template": template.pk, "delivery": "email"}
    )

    assert response.status_code == 400
    assert "Send it by post" in response.content.decode()
    assert not Letter.objects.exists()


def test_a_made_up_template_is_a_clear_error(enquiry):
    client = signed_in(enquiry.member_enquiry.member, verified=True)
    response = client.get(_url(enquiry, "letter/"), {"template": "999"})
    assert response.status_code == 400
    assert "Select a letter template" in response.content.decode()


def test_templates_with_unknown_merge_fields_are_refused():
    assert template_problems("Dear {constituent}, {reference}") == []
    assert "{salary}" in template_problems("Dear {salary}")[0]
    assert template_problems("A lone { brace")


def test_merge_values_are_escaped_in_the_letter():
    html = letter_html(
        {
            "title": "T",
            "paragraphs": ["<script>alert(1)</script>"],
            "address_lines": [],
            "signature_lines": [],
        }
    )
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_members_see_public_cases_of_their_wards_without_personal_data():
    ward, elsewhere = WardFactory(name="Millbrook Central"), WardFactory(name="Abbey")
    member = member_make(wards=[ward])
    pothole = RequestTypeFactory(slug="pothole", name="Pothole", public=True)
    private = RequestTypeFactory(slug="council-tax-query", name="Council tax", public=False)
    mine = actions.case_submit(
        request_type=pothole,
        answers={},
        summary="Deep pothole",
        contact_name="Pat Reporter",
        contact_email="pat@example.org",
        address=AddressFactory(ward=ward),
    )
    actions.case_submit(
        request_type=private, answers={}, summary="Bill", address=AddressFactory(ward=ward)
    )
    other = actions.case_submit(
        request_type=pothole, answers={}, summary="Far", address=AddressFactory(ward=elsewhere)
    )

    page = signed_in(member.user, verified=True).get("/staff/members/wards/")

    text = page.content.decode()
    assert page.status_code == 200
    assert mine.reference in text
    assert other.reference not in text
    assert "Council tax" not in text
    assert "Pat Reporter" not in text and "pat@example.org" not in text
    assert "ward=" in text  # each ward's reports on the public map


def _letter_for_post(case, template):
    from services.members.actions import letter_send

    case.enquiry = case.member_enquiry
    return letter_send(case=case, template=template, delivery="post", user=case.enquiry.member)


def test_a_letter_is_made_a_tagged_pdf_for_its_member_and_their_support_officer(
    enquiry, template, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from accounts import roles
    from documents.models import Document
    from documents.registry import kinds
    from services.members.documents import LETTER
    from tests.documents.test_documents import pdf_text, the_worker
    from tests.services.members.members_data import staff

    letter = _letter_for_post(enquiry, template)
    member = enquiry.member_enquiry.member
    officer = staff(roles.MEMBER_SUPPORT)
    member.member.support_officers.add(officer)
    page = signed_in(member, verified=True).get(_url(enquiry, f"letters/{letter.pk}/"))
    assert "Download the letter as a PDF" in page.content.decode()
    assert "Download the letter as a PDF" in (
        signed_in(member, verified=True).get(_url(enquiry)).content.decode()
    )

    as_member, as_officer = signed_in(member, verified=True), signed_in(officer, verified=True)
    with django_capture_on_commit_callbacks() as queued:
        asked = as_member.post(_url(enquiry, f"letters/{letter.pk}/pdf/"))
        again = as_officer.post(_url(enquiry, f"letters/{letter.pk}/pdf/"))

    document = Document.objects.get(kind=LETTER)
    assert asked["Location"] == again["Location"] == reverse("documents:status", args=[document.pk])
    assert len(queued) == 1, "asked twice, made once"
    assert document.owner == member
    html = kinds.get(LETTER).render(document).html
    assert "Dear Margaret Ellis" in html and "New bench on Friday." in html
    assert the_worker() == 1
    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert document.title == f"Your enquiry {enquiry.reference}"
    content = document.file.read()
    assert content.startswith(b"%PDF")
    assert b"pdfuaid" in pdf_text(content), "declares PDF/UA"
    download = as_officer.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_another_members_support_officer_finds_no_letter_pdf(
    enquiry, template, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from accounts import roles
    from services.members.documents import letter_document_request
    from tests.documents.test_documents import the_worker
    from tests.services.members.members_data import staff

    letter = _letter_for_post(enquiry, template)
    document = letter_document_request(case=enquiry, letter=letter)
    the_worker()
    other_officer = staff(roles.MEMBER_SUPPORT)
    member_make(staff(roles.COUNCILLOR), title="Councillor Jo Other", officers=[other_officer])
    client = signed_in(other_officer, verified=True)

    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:status", args=[document.pk])).status_code == 404
    assert client.post(_url(enquiry, f"letters/{letter.pk}/pdf/")).status_code == 404

"""A member's letter to a constituent, without a web request: where it goes, what it says,
and when it is refused (services.members: selectors, letters, actions)."""

import pytest

from services.members import actions, selectors
from services.members.letters import letter_parts
from services.members.models import Letter, LetterTemplate
from tests.factories import UserFactory
from tests.services.members.members_data import enquiry_make, member_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(db):
    return LetterTemplate.objects.create(
        name="Update", subject="Your enquiry {reference}", body="Dear {constituent},\n\nDone."
    )


@pytest.fixture
def member(db):
    return member_make().user


def _enquiry(member, **extra):
    """The enquiry as the members' pages read it (with its ``enquiry``)."""
    case = enquiry_make(member, **extra)
    case.enquiry = case.member_enquiry
    return case


def test_a_letter_by_email_goes_to_the_address_the_member_gave_for_someone_without_an_account(
    member,
):
    case = _enquiry(member, contact_email="margaret@example.org")

    assert selectors.constituent_email(case) == "margaret@example.org"


def test_a_letter_by_email_goes_to_a_resident_s_account_address(member):
    resident = UserFactory(email="robin@example.net")
    case = _enquiry(member, resident=resident)

    assert selectors.constituent_email(case) == "robin@example.net"


def test_the_letter_is_filled_in_from_the_enquiry(member, template):
    case = _enquiry(member, contact_email="margaret@example.org")

    parts = letter_parts(case, template)

    assert parts["title"] == f"Your enquiry {case.reference}"
    assert parts["paragraphs"] == ["Dear Margaret Ellis,", "Done."]


def test_a_letter_without_a_way_to_send_it_is_refused_and_nothing_is_kept(member, template):
    case = _enquiry(member, contact_email="margaret@example.org")

    with pytest.raises(actions.LetterRefused, match="Select how the letter should go"):
        actions.letter_send(case=case, template=template, delivery="", user=member)

    assert not Letter.objects.exists()


def test_a_letter_by_email_to_a_constituent_without_an_address_is_refused(member, template):
    case = _enquiry(member)

    with pytest.raises(actions.LetterRefused, match="Send it by post"):
        actions.letter_send(case=case, template=template, delivery="email", user=member)

    assert not Letter.objects.exists()


def test_a_letter_by_email_is_kept_with_the_address_it_went_to(member, template):
    case = _enquiry(member, contact_email="margaret@example.org")

    sent = actions.letter_send(case=case, template=template, delivery="email", user=member)

    assert (sent.delivery, sent.sent_to) == ("email", "margaret@example.org")

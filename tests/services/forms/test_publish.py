"""Publishing: the whole form is checked first, in words an administrator understands."""

import pytest

from casework.models import RequestType
from services.forms.actions import PublishError, form_publish
from services.forms.models import BuiltForm, Page, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(db):
    request_type = RequestType.objects.create(service="forms", slug="t", name="A test")
    return BuiltForm.objects.create(request_type=request_type)


def _problems(form):
    with pytest.raises(PublishError) as caught:
        form_publish(form=form)
    return caught.value.problems


def test_a_form_with_no_pages_or_an_empty_page_cannot_be_published(form):
    assert _problems(form) == ["Add at least one page of questions."]
    Page.objects.create(form=form, order=1, title="First")
    assert _problems(form) == ["Page 1 (‘First’) has no questions."]


def test_radios_need_two_choices_and_min_must_not_exceed_max(form):
    page = Page.objects.create(form=form, order=1, title="First")
    Question.objects.create(page=page, label="Colour", kind="radios", choices="Red")
    Question.objects.create(page=page, label="Age", kind="number", min_value=9, max_value=3)
    assert _problems(form) == [
        "Page 1 (‘First’), question ‘Colour’ needs at least two choices, one a line.",
        "Page 1 (‘First’), question ‘Age’: the minimum is more than the maximum.",
    ]


def test_a_condition_must_use_a_question_on_an_earlier_page(form):
    first = Page.objects.create(form=form, order=1, title="First")
    Question.objects.create(page=first, label="Name", kind="text", condition_key="later")
    second = Page.objects.create(form=form, order=2, title="Second", condition_key="nobody")
    Question.objects.create(page=second, key="later", label="Later", kind="text")
    problems = _problems(form)
    assert "is on the same page or a later one" in problems[0] and "‘Name’" in problems[0]
    assert (
        "Page 2 (‘Second’) is shown only when ‘nobody’ is answered, but no question" in problems[1]
    )


def test_duplicate_keys_and_a_condition_value_that_is_not_an_answer(form):
    first = Page.objects.create(form=form, order=1, title="First")
    Question.objects.create(page=first, key="a", label="A", kind="yes_no")
    Question.objects.create(page=first, key="b", label="B", kind="text")
    Question.objects.create(page=first, key="b", label="Again", kind="text")
    second = Page.objects.create(
        form=form, order=2, title="Second", condition_key="a", condition_value="Maybe"
    )
    Question.objects.create(page=second, label="B", kind="text")
    problems = _problems(form)
    assert "more than one question has the key ‘b’" in problems[0]
    assert "‘Maybe’ is not one of the answers" in problems[1]


def test_publishing_numbers_versions_and_keeps_each_as_it_was(form):
    page = Page.objects.create(form=form, order=1, title="First")
    question = Question.objects.create(page=page, label="Your name", kind="text")
    first = form_publish(form=form)
    question.label = "Full name"
    question.save()
    second = form_publish(form=form)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.definition["pages"][0]["questions"][0]["label"] == "Your name"
    assert first.definition["pages"][0]["questions"][0]["key"] == "your_name"
    assert second.definition["pages"][0]["questions"][0]["label"] == "Full name"


def test_photos_and_documents_are_asked_for_once_only(form):
    first = Page.objects.create(form=form, order=1, title="First")
    Question.objects.create(page=first, label="Photos", kind="file")
    Question.objects.create(page=first, label="More photos", kind="file")
    assert _problems(form) == [
        "Ask for photos or documents once only: ‘Photos’, ‘More photos’ all ask for them."
    ]


def test_a_condition_on_an_address_or_on_a_choice_that_does_not_exist(form):
    first = Page.objects.create(form=form, order=1, title="First")
    Question.objects.create(page=first, key="where", label="Where", kind="address")
    Question.objects.create(
        page=first, key="pets", label="Pets", kind="checkboxes", choices="Cat\nDog"
    )
    second = Page.objects.create(form=form, order=2, title="Second")
    Question.objects.create(page=second, label="Which street?", kind="text", condition_key="where")
    Question.objects.create(
        page=second, label="Dog's name", kind="text", condition_key="pets",
        condition_operator="includes", condition_value="Parrot",
    )  # fmt: skip
    problems = _problems(form)
    assert "a condition cannot use an address or a file upload" in problems[0]
    assert "‘Parrot’ is not one of the answers to ‘Pets’ (Cat, Dog)" in problems[1]

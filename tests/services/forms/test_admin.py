"""Building a form in the Django admin: pages, questions, Publish, Preview; and where
residents find the forms."""

import pytest

from casework.models import RequestType
from services.forms.models import BuiltForm, FormVersion, Page, Question
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(db):
    request_type = RequestType.objects.create(service="forms", slug="bench", name="Adopt a bench")
    form = BuiltForm.objects.create(request_type=request_type)
    page = Page.objects.create(form=form, order=1, title="The bench")
    Question.objects.create(page=page, label="Which bench?", kind="text")
    Question.objects.create(page=page, label="When from?", kind="date")
    return form


def test_publish_button_makes_version_one_and_residents_can_start(
    verified_admin_client, form, client
):
    page = verified_admin_client.post(
        f"/admin/builtforms/builtform/{form.pk}/publish/", follow=True
    )
    assert "Published ‘Adopt a bench’ as version 1" in page.content.decode()
    assert FormVersion.objects.get(form=form).number == 1
    assert "Adopt a bench" in client.get("/services/forms/").content.decode()


def test_publish_button_shows_what_is_wrong_and_publishes_nothing(verified_admin_client, form):
    Page.objects.create(form=form, order=2, title="Empty")
    page = verified_admin_client.post(
        f"/admin/builtforms/builtform/{form.pk}/publish/", follow=True
    )
    assert "Page 2 (‘Empty’) has no questions." in page.content.decode()
    assert not FormVersion.objects.exists()


def test_the_admin_pages_open_with_preview_and_publish(verified_admin_client, form):
    html = verified_admin_client.get(f"/admin/builtforms/builtform/{form.pk}/change/").content
    assert f"/staff/forms/{form.pk}/preview/".encode() in html
    assert b"Publish" in html and b"Edit the questions" in html
    page = form.pages.get()
    assert (
        b"Which bench?"
        in verified_admin_client.get(f"/admin/builtforms/page/{page.pk}/change/").content
    )


def test_preview_shows_the_page_as_residents_see_it_before_publishing(verified_admin_client, form):
    page = verified_admin_client.get(f"/staff/forms/{form.pk}/preview/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">The bench</h1>' in html
    assert 'name="when_from_day"' in html and "Which bench?" in html
    bad = verified_admin_client.post(f"/staff/forms/{form.pk}/preview/", {"which_bench": ""})
    assert bad.status_code == 400 and "Enter ‘Which bench?’" in bad.content.decode()
    assert verified_admin_client.get(f"/staff/forms/{form.pk}/preview/2/").status_code == 404


def test_preview_is_for_administrators_only(agent, form):
    assert (
        signed_in(agent, verified=True).get(f"/staff/forms/{form.pk}/preview/").status_code == 403
    )


def test_residents_find_the_forms_from_the_home_pages(client, resident):
    assert 'href="/services/forms/"' in client.get("/").content.decode()
    assert 'href="/services/forms/"' in resident.get("/account/").content.decode()


def _page_post(client, page, question: dict):
    """The page's admin form, posted with one more question as an administrator types it."""
    existing = list(page.questions.all())
    data = {
        "form": page.form_id,
        "order": page.order,
        "title": page.title,
        "condition_key": page.condition_key,
        "condition_operator": "is",
        "condition_value": page.condition_value,
        "questions-TOTAL_FORMS": len(existing) + 1,
        "questions-INITIAL_FORMS": len(existing),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
        "_continue": "Save and continue editing",
    }
    rows = [
        {
            "id": q.pk,
            "page": page.pk,
            "order": q.order,
            "kind": q.kind,
            "label": q.label,
            "condition_operator": "is",
        }
        for q in existing
    ]
    rows.append(
        {"page": page.pk, "order": 9, "required": "on", "condition_operator": "is", **question}
    )
    for number, row in enumerate(rows):
        data.update({f"questions-{number}-{name}": value for name, value in row.items()})
    return client.post(f"/admin/builtforms/page/{page.pk}/change/", data, follow=True)


def test_a_choice_question_without_choices_is_refused_when_saved(verified_admin_client, form):
    page = form.pages.get()
    response = _page_post(
        verified_admin_client, page, {"label": "Colour", "kind": "radios", "choices": "Green"}
    )
    html = response.content.decode()
    assert "Give at least two choices, one a line, for this type of question." in html
    assert not Question.objects.filter(label="Colour").exists()


def test_a_minimum_over_the_maximum_is_refused_when_saved(verified_admin_client, form):
    page = form.pages.get()
    response = _page_post(
        verified_admin_client,
        page,
        {"label": "Age", "kind": "number", "min_value": "9", "max_value": "3"},
    )
    assert "The minimum is more than the maximum." in response.content.decode()
    assert not Question.objects.filter(label="Age").exists()


@pytest.mark.parametrize(
    "question, problem",
    [
        (
            {"label": "Why", "key": "why", "kind": "text", "condition_key": "why"},
            "is on the same page or a later one",
        ),
        (
            {"label": "Why", "kind": "text", "condition_key": "which_bench"},
            "is on the same page or a later one",
        ),
        (
            {"label": "Why", "kind": "text", "condition_key": "nothing"},
            "but no question has that key",
        ),
    ],
)
def test_saving_a_condition_that_cannot_work_says_so_at_once(
    verified_admin_client, form, question, problem
):
    response = _page_post(verified_admin_client, form.pages.get(), question)
    html = response.content.decode()
    assert "Before you can publish it:" in html and problem in html
    assert Question.objects.filter(label="Why").exists()  # kept, to be mended


def test_a_fee_of_nothing_is_refused_in_the_admin_and_at_publishing(verified_admin_client, form):
    from services.forms.actions import PublishError, form_publish

    request_type = form.request_type
    request_type.fee_pence = 0
    request_type.save()
    with pytest.raises(PublishError) as caught:
        form_publish(form=form)
    assert "The fee of ‘Adopt a bench’ is £0" in caught.value.problems[0]
    page = verified_admin_client.post(
        f"/admin/builtforms/builtform/{form.pk}/publish/", follow=True
    )
    assert "is £0: leave it blank for a free request" in page.content.decode()
    assert not FormVersion.objects.exists()

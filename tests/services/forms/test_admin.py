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

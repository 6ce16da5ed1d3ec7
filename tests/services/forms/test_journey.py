"""A resident makes a request of an admin-built form, over HTTP, without JavaScript."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.delivery import case_payload
from casework.models import Case, Draft
from services.forms.actions import form_publish
from services.forms.demo import page as page_
from services.forms.demo import q
from services.forms.models import Question
from tests.helpers import png
from tests.services.general.conftest import version_on


def text_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("notes.txt", b"not a photo", "text/plain")


pytestmark = pytest.mark.django_db

URL = "/services/forms/kerb-test/"


def _through(resident, *, badge=True):
    page = resident.post(URL, {"blue_badge": "Yes" if badge else "No", "cars": "2"})
    assert page.status_code == 302
    if badge:
        assert page["Location"] == URL + "page-2/"
        assert resident.post(URL + "page-2/", {"badge": "AB123456"}).status_code == 302
    else:
        assert page["Location"] == URL + "page-3/"
    page = resident.post(
        URL + "page-3/", {"when_day": "5", "when_month": "1", "when_year": "2027", "confirm": "on"}
    )
    assert page.status_code == 302 and page["Location"] == URL + "check/"


def _send(resident):
    check = resident.get(URL + "check/")
    return check, resident.post(URL + "check/", {"version": version_on(check)})


def test_the_list_shows_published_forms_with_their_fee(client, built):
    html = client.get("/services/forms/").content.decode()
    assert 'href="/services/forms/kerb-test/">Request a kerb</a>' in html
    assert "£55" in html


def test_the_whole_journey_keeps_answers_by_label_everywhere(
    resident, built, citizen, verified_admin_client
):
    _through(resident)
    check, sent = _send(resident)
    html = check.content.decode()
    for text in ("Do you hold a blue badge?", "Blue badge number", "AB123456", "5 January 2027"):
        assert text in html
    assert "Why a wider kerb?" not in html  # its condition (3 cars) is not met
    assert sent.status_code == 302 and "/pay/" in sent["Location"]  # the £55 fee
    case = Case.objects.get(resident=citizen)
    assert case.answers == {
        "Do you hold a blue badge?": "Yes",
        "How many cars?": "2",
        "Blue badge number": "AB123456",
        "When do you need it?": "5 January 2027",
        "I confirm the details are right": "Yes",
    }
    assert case.form_version.version.number == 1
    assert case_payload(case)["answers"]["Blue badge number"] == "AB123456"
    staff_page = verified_admin_client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Blue badge number" in staff_page and "AB123456" in staff_page
    from accounts.actions import user_data_export

    assert "Blue badge number" in str(user_data_export(user=citizen))


def test_a_page_whose_condition_is_not_met_is_not_asked_nor_sent(resident, built, citizen):
    _through(resident, badge=False)
    assert "Blue badge number" not in resident.get(URL + "check/").content.decode()
    _send(resident)
    assert "Blue badge number" not in Case.objects.get(resident=citizen).answers


def test_a_hidden_question_posted_anyway_is_not_kept(resident, built, citizen):
    resident.post(URL, {"blue_badge": "No", "cars": "2"})
    resident.post(
        URL + "page-3/",
        {"when_day": "5", "when_month": "1", "when_year": "2027", "confirm": "on", "why": "x"},
    )
    _send(resident)
    assert "Why a wider kerb?" not in Case.objects.get(resident=citizen).answers


def test_a_question_shown_by_an_earlier_answer_is_asked(resident, built):
    resident.post(URL, {"blue_badge": "No", "cars": "3"})
    page = resident.post(
        URL + "page-3/", {"when_day": "5", "when_month": "1", "when_year": "2027", "confirm": "on"}
    )
    assert page.status_code == 400
    assert "Enter ‘Why a wider kerb?’" in page.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"when_day": "31", "when_month": "2", "when_year": "2027", "confirm": "on"},
            "must be a real date",
        ),
        (
            {"when_day": "3", "when_month": "", "when_year": "2027", "confirm": "on"},
            "must include a month",
        ),
        (
            {"when_day": "3", "when_month": "2", "when_year": "2027"},
            "Confirm ‘I confirm the details are right’",
        ),
    ],
)
def test_bad_answers_get_a_clear_message_and_a_400(resident, built, data, message):
    resident.post(URL, {"blue_badge": "No", "cars": "2"})
    page = resident.post(URL + "page-3/", data)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_a_number_out_of_range_is_refused(resident, built):
    page = resident.post(URL, {"blue_badge": "No", "cars": "9"})
    assert page.status_code == 400
    assert "‘How many cars?’ must be 5 or less" in page.content.decode()


def test_a_date_typed_is_shown_again_when_coming_back(resident, built):
    resident.post(URL, {"blue_badge": "No", "cars": "2"})
    resident.post(
        URL + "page-3/", {"when_day": "5", "when_month": "1", "when_year": "2027", "confirm": "on"}
    )
    html = resident.get(URL + "page-3/").content.decode()
    assert re.search(r'name="when_year"[^>]*value="2027"|value="2027"[^>]*name="when_year"', html)


def test_a_later_version_does_not_change_a_case_made_before(resident, built, citizen):
    _through(resident)
    _send(resident)
    question = Question.objects.get(key="badge")
    question.label = "Badge number (long)"
    question.save()
    assert form_publish(form=built).number == 2
    case = Case.objects.get(resident=citizen)
    assert case.form_version.version.number == 1
    assert "Blue badge number" in case.answers
    html = resident.get(URL + "page-2/").content.decode()
    assert "Badge number (long)" in html or resident.get(URL).status_code == 200


def test_a_step_page_costs_the_same_queries_however_many_questions(resident, built):
    def queries():
        """Beside the session's own (read, and now and then slid on): the page's queries."""
        with CaptureQueriesContext(connection) as context:
            assert resident.get(URL).status_code == 200
        return [
            q["sql"]
            for q in context.captured_queries
            if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]

    resident.get(URL)  # the first visit reads the user into the cache (with Redis)
    before = queries()
    page = built.pages.first()
    for number in range(5):
        Question.objects.create(page=page, order=10 + number, label=f"Extra {number}", kind="text")
    form_publish(form=built)
    assert "Extra 4" in resident.get(URL).content.decode()
    assert len(queries()) == len(before)


def test_an_unpublished_or_unknown_form_is_404(resident, db):
    assert resident.get("/services/forms/nothing-here/").status_code == 404


def test_a_saved_request_is_continued_from_the_saved_requests_page(resident, built, citizen):
    saved = resident.post(URL, {"blue_badge": "No", "cars": "2", "action": "save"})
    assert saved["Location"] == "/requests/saved/"
    draft = Draft.objects.get(user=citizen)
    listed = resident.get("/requests/saved/").content.decode()
    assert f"/services/forms/?draft={draft.pk}" in listed
    page = resident.get(f"/services/forms/?draft={draft.pk}")
    assert page.status_code == 302 and page["Location"] == URL + "page-3/"


FILES_SPEC = {
    "slug": "fly-posting",
    "name": "Report fly-posting",
    "description": "Posters where they should not be.",
    "team": "street-cleansing",
    "pages": [
        page_(
            "Where",
            q("Where is it?", "text", key="where"),
            q("Photos of it", "file", key="photos"),
        ),
    ],
}


def test_a_file_question_keeps_the_files_and_sends_them_with_the_case(resident, citizen):
    from casework.models import Attachment
    from services.forms.demo import form_build

    form_build(FILES_SPEC)
    url = "/services/forms/fly-posting/"
    missing = resident.post(url, {"where": "Mill Lane"})
    assert missing.status_code == 400 and "Add ‘Photos of it’" in missing.content.decode()
    bad = resident.post(url, {"where": "Mill Lane", "photos": [text_file()]})
    assert bad.status_code == 400
    assert (
        resident.post(url, {"where": "Mill Lane", "photos": [png("poster.png")]}).status_code == 302
    )
    check = resident.get(url + "check/")
    assert "poster.png" in check.content.decode() and "Photos of it" in check.content.decode()
    resident.post(url + "check/", {"version": version_on(check)})
    case = Case.objects.get(resident=citizen)
    assert case.answers == {"Where is it?": "Mill Lane"}
    assert Attachment.objects.filter(case=case, original_name="poster.png").exists()

"""An admin-built request's answers read by their question labels, as they were asked
in the version the request was made with, wherever they are shown: the resident's
request page, the staff case page, the back-office payload (outbox) and "download my
data"; even after the administrator publishes a new version."""

import pytest

from accounts.actions import user_data_export
from casework.models import Case, RequestType
from integrations.outbox.models import Message
from services.forms.actions import form_publish
from services.forms.models import Question
from tests.conftest import signed_in
from tests.services.forms.test_journey import _send, _through

pytestmark = pytest.mark.django_db

ASKED = ("Blue badge number", "AB123456", "When do you need it?", "5 January 2027")


@pytest.fixture
def case(resident, built, citizen, monkeypatch):
    monkeypatch.setenv("FORMS_TEST_BACKOFFICE_SECRET", "s" * 40)
    RequestType.objects.filter(pk=built.request_type_id).update(
        connector="webhook",
        connector_settings={
            "url": "https://backoffice.example/cases",
            "secret_env": "FORMS_TEST_BACKOFFICE_SECRET",
        },
        fee_pence=None,
    )
    _through(resident)
    _check, sent = _send(resident)
    assert sent.status_code == 302
    question = Question.objects.get(key="badge")
    question.label = "Your badge's number"
    question.save()
    form_publish(form=built)  # version 2 asks it differently
    return Case.objects.get(resident=citizen)


def test_the_resident_sees_them_on_their_request_page(resident, case, another_citizen):
    html = resident.get(f"/requests/{case.reference}/").content.decode()
    for text in ASKED:
        assert text in html
    assert "Your badge&#x27;s number" not in html and "Your badge's number" not in html
    assert signed_in(another_citizen).get(f"/requests/{case.reference}/").status_code == 404


def test_staff_see_them_on_the_case_page(verified_admin_client, case):
    html = verified_admin_client.get(f"/staff/cases/{case.reference}/").content.decode()
    for text in ASKED:
        assert text in html


def test_the_back_office_gets_them_by_label_through_the_outbox(case):
    message = Message.objects.get(idempotency_key=f"case-{case.reference}-submit")
    answers = message.payload["case"]["answers"]
    assert answers["Blue badge number"] == "AB123456"
    assert answers["When do you need it?"] == "5 January 2027"
    assert "Your badge's number" not in answers


def test_download_my_data_has_them_by_label(citizen, case):
    exported = user_data_export(user=citizen)
    made = next(r for r in exported["requests"] if r["reference"] == case.reference)
    assert made["answers"]["Blue badge number"] == "AB123456"
    assert made["answers"]["Do you hold a blue badge?"] == "Yes"

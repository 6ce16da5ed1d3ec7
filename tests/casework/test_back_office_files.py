"""Photos sent with a request reach its back office as signed links, and only those."""

import time

import pytest
from django.core import signing
from django.test import Client

from casework import actions, delivery
from casework.attachments import attachment_add, back_office_file_url, prepare_upload
from tests.casework.factories import RequestTypeFactory
from tests.helpers import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(citizen):
    request_type = RequestTypeFactory(name="Report a pothole")
    return actions.case_submit(
        request_type=request_type,
        resident=citizen,
        answers={},
        summary="A deep pothole",
        uploads=[prepare_upload(png("pothole.png", colour="red"))],
    )


def path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_payload_links_each_photo_sent_with_the_request(case, settings):
    settings.PORTAL_BASE_URL = "https://portal.example"

    (sent,) = delivery.case_payload(case)["attachments"]

    assert sent["name"] == "pothole.png" and sent["content_type"] == "image/png"
    assert sent["url"].startswith("https://portal.example/integrations/files/")
    response = Client().get(path(sent["url"]))  # no sign-in: the link is the permission
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == case.attachments.get().file.open().read()


def test_a_changed_or_expired_link_is_not_found(case, monkeypatch):
    url = path(back_office_file_url(case.attachments.get()))

    assert Client().get(url[:-2] + "xx").status_code == 404
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert Client().get(url).status_code == 404


def test_files_added_later_or_kept_from_the_resident_are_not_sent(case, citizen, caseworker):
    note = actions.case_add_note(case=case, actor=caseworker, message="Photo from the inspector")
    internal = attachment_add(
        case=case, event=note, upload=png("inspection.png"), uploaded_by=caseworker, public=False
    )

    assert [f["name"] for f in delivery.case_payload(case)["attachments"]] == ["pothole.png"]
    assert Client().get(path(back_office_file_url(internal))).status_code == 404

"""The documents capability: asked once, made in the background as a tagged PDF, shown
"being made" without JavaScript, handed only to whom the kind allows."""

import contextlib
import datetime
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import actions, files
from documents.models import Document
from documents.registry import DocumentKind, Rendered, kinds
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

KIND = "test-letter"
FAILING = "test-broken"


def _render(document):
    return Rendered(
        title=f"A letter for {document.params['name']}",
        filename="a letter.pdf",
        html=f"<html lang='en-GB'><head><title>A letter</title></head>"
        f"<body><h1>Dear {document.params['name']}</h1></body></html>",
    )


def _broken(document):
    raise RuntimeError("the template is broken")


kinds.add(DocumentKind(slug=KIND, render=_render, back_url=lambda d: "/account/"))
kinds.add(DocumentKind(slug=FAILING, render=_broken, back_url=lambda d: "/account/"))


def pdf_text(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated (its catalogue and metadata live there)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        with contextlib.suppress(zlib.error):  # an image's stream, not deflated
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def the_worker() -> int:
    """What a worker does with the renders queued (tests run no worker, and with Redis
    nothing runs eagerly): every pending document made."""
    pending = list(
        Document.objects.filter(state=Document.State.PENDING).values_list("pk", flat=True)
    )
    for pk in pending:
        files.document_render(document_id=pk)
    return len(pending)


def request(owner, kind=KIND, name="Sam"):
    return actions.document_request(owner=owner, kind=kind, params={"name": name})


def test_asking_twice_for_the_same_document_makes_one_and_renders_it_once(
    citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        first = request(citizen)
        second = request(citizen)

    assert first.pk == second.pk
    assert Document.objects.count() == 1
    assert len(queued) == 1, "one render queued, not two"
    assert request(citizen, name="Alex").pk != first.pk, "other params are another document"


def test_the_worker_makes_a_tagged_pdf_ua_file_named_for_the_resident(
    citizen, django_capture_on_commit_callbacks
):
    document = request(citizen)
    assert the_worker() == 1

    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert document.title == "A letter for Sam"
    assert document.filename == "a-letter.pdf"
    content = document.file.read()
    assert content.startswith(b"%PDF")
    content = pdf_text(content)
    assert b"/StructTreeRoot" in content, "tagged, for screen readers"
    assert b"pdfuaid" in content, "declares PDF/UA"


def test_a_render_that_fails_is_marked_failed_and_can_be_tried_again(
    citizen, django_capture_on_commit_callbacks
):
    document = request(citizen, kind=FAILING)
    the_worker()
    document.refresh_from_db()
    assert document.state == Document.State.FAILED

    client = signed_in(citizen, verified=True)
    page = client.get(reverse("documents:status", args=[document.pk]))
    assert "Sorry, we could not make your document" in page.content.decode()
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("documents:status", args=[document.pk]))
    document.refresh_from_db()
    assert document.state == Document.State.PENDING
    assert len(queued) == 1


def test_the_waiting_page_refreshes_itself_without_javascript_and_offers_a_link(citizen):
    document = Document.objects.create(
        owner=citizen, kind=KIND, key="k", params={"name": "Sam"}, created_at=timezone.now()
    )
    page = signed_in(citizen, verified=True).get(reverse("documents:status", args=[document.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in text
    assert "We are making your document" in text
    assert reverse("documents:status", args=[document.pk]) in text
    assert page["Cache-Control"].count("no-store")


def test_a_render_that_never_finished_is_offered_again_after_five_minutes(citizen):
    document = Document.objects.create(
        owner=citizen,
        kind=KIND,
        key="k",
        params={"name": "Sam"},
        created_at=timezone.now() - datetime.timedelta(minutes=6),
    )
    text = (
        signed_in(citizen, verified=True)
        .get(reverse("documents:status", args=[document.pk]))
        .content.decode()
    )
    assert "taking longer than usual" in text
    assert "http-equiv" not in text


def test_the_owner_downloads_it_and_nobody_else_learns_it_exists(
    citizen, another_citizen, django_capture_on_commit_callbacks
):
    document = request(citizen)
    the_worker()
    url = reverse("documents:download", args=[document.pk])

    response = signed_in(citizen, verified=True).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="a-letter.pdf"' in response["Content-Disposition"]
    stranger = signed_in(another_citizen, verified=True)
    assert stranger.get(url).status_code == 404
    assert stranger.get(reverse("documents:status", args=[document.pk])).status_code == 404
    assert stranger.get(reverse("documents:download", args=[document.pk + 99])).status_code == 404


def test_a_download_asked_for_before_the_file_is_made_goes_to_the_waiting_page(citizen):
    document = request(citizen)
    response = signed_in(citizen, verified=True).get(
        reverse("documents:download", args=[document.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:status", args=[document.pk])


def test_documents_past_their_keeping_time_go_with_their_files(
    citizen, django_capture_on_commit_callbacks
):
    old = request(citizen, name="Old")
    new = request(citizen, name="New")
    the_worker()
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    Document.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert files.documents_purge() == 1

    assert list(Document.objects.values_list("pk", flat=True)) == [new.pk]
    assert not storage.exists(name)


def test_closing_an_account_removes_its_documents(citizen, django_capture_on_commit_callbacks):
    from accounts.actions import user_close

    request(citizen)
    the_worker()
    with django_capture_on_commit_callbacks(execute=True):  # files are deleted after commit
        user_close(user=citizen)
    assert not Document.objects.exists()

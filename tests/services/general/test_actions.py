"""The service's own rules, without HTTP: files waiting to be sent, and sending once."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from casework.attachments import prepare_upload
from casework.drafts import draft_discard
from casework.models import Case
from services.general import actions, selectors
from tests.factories import AddressFactory
from tests.services.general.conftest import png

pytestmark = pytest.mark.django_db


def _save(user, request_type, *, uploads=(), keep=(), summary="Hedge", details="Too tall"):
    return actions.request_save(
        user=user,
        request_type=request_type,
        summary=summary,
        details=details,
        keep=keep,
        uploads=[prepare_upload(upload) for upload in uploads],
    )


def _stored(user, file) -> bool:
    return default_storage.exists(actions.pending_path(user.pk, file.key))


def test_files_wait_in_storage_until_the_request_is_sent_then_go(
    citizen, question_type, django_capture_on_commit_callbacks
):
    draft = _save(citizen, question_type, uploads=[png("a.png")])
    (file,) = selectors.answers_from_draft(draft).files
    assert _stored(citizen, file)

    with django_capture_on_commit_callbacks(execute=True):
        case = actions.request_submit(user=citizen, request_type=question_type, draft=draft)

    assert case.attachments.get().original_name == "a.png"
    assert not _stored(citizen, file)


def test_a_file_taken_out_is_deleted(citizen, question_type, django_capture_on_commit_callbacks):
    draft = _save(citizen, question_type, uploads=[png("a.png"), png("b.png")])
    a, b = selectors.answers_from_draft(draft).files

    with django_capture_on_commit_callbacks(execute=True):
        draft = _save(citizen, question_type, keep=[b])

    assert selectors.answers_from_draft(draft).files == (b,)
    assert not _stored(citizen, a) and _stored(citizen, b)


def test_files_of_a_deleted_draft_are_purged_after_a_while(citizen, question_type):
    draft = _save(citizen, question_type, uploads=[png()])
    (file,) = selectors.answers_from_draft(draft).files
    draft_discard(user=citizen, draft_id=draft.pk)

    assert actions.pending_files_purge() == 0  # it may be a moment before its draft is saved
    later = timezone.now() + actions.ORPHAN_GRACE + datetime.timedelta(minutes=1)
    assert actions.pending_files_purge(now=later) == 1
    assert not _stored(citizen, file)


def test_purging_keeps_files_a_live_draft_names(citizen, question_type):
    draft = _save(citizen, question_type, uploads=[png()])
    (file,) = selectors.answers_from_draft(draft).files
    later = timezone.now() + actions.ORPHAN_GRACE + datetime.timedelta(minutes=1)

    assert actions.pending_files_purge(now=later) == 0
    assert _stored(citizen, file)


def test_a_file_gone_from_storage_does_not_stop_the_request(citizen, question_type):
    draft = _save(citizen, question_type, uploads=[png()])
    (file,) = selectors.answers_from_draft(draft).files
    default_storage.delete(actions.pending_path(citizen.pk, file.key))

    case = actions.request_submit(user=citizen, request_type=question_type, draft=draft)

    assert case is not None and not case.attachments.exists()


def test_answers_that_cannot_be_sent_make_nothing(citizen, question_type, pest_control):
    draft = _save(citizen, pest_control)
    assert actions.request_problems(
        user=citizen, request_type=pest_control, answers=selectors.answers_from_draft(draft)
    ) == ["Add your address to your account, so that we know where to come"]
    with pytest.raises(ValueError):
        actions.request_submit(user=citizen, request_type=pest_control, draft=draft)

    half = _save(citizen, question_type, details="")
    with pytest.raises(ValueError):
        actions.request_submit(user=citizen, request_type=question_type, draft=half)
    assert not Case.objects.exists()


def test_a_draft_changed_since_it_was_read_is_not_sent(citizen, question_type):
    citizen.address = AddressFactory()
    citizen.save()
    read = _save(citizen, question_type, summary="First")
    _save(citizen, question_type, summary="Second")  # another tab, a moment later

    assert actions.request_submit(user=citizen, request_type=question_type, draft=read) is None
    assert not Case.objects.exists()


def test_pending_paths_are_only_ever_ours():
    with pytest.raises(ValueError):
        actions.pending_path(1, "../../etc/passwd")

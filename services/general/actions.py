"""Making a General enquiries request: save the answers as you go, then send them.

The answers wait in the resident's casework draft (see selectors); files wait
in storage under ``general/pending/<user id>/`` until the request is sent, when
they become the case's attachments. Sending claims the draft: the one request
that deletes it makes the case, so a second click, a second tab or the browser's
back button cannot make the same request twice.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework import drafts
from casework.attachments import PreparedUpload
from casework.models import Case, Channel, Draft, RequestType
from casework.uploads import PendingFile, is_pending_key, pending_read, pending_store
from services.general import selectors
from services.general.selectors import Answers

log = logging.getLogger(__name__)

PENDING_DIR = "general/pending"
# A file stored a moment before its draft is saved must not be taken for an orphan.
ORPHAN_GRACE = datetime.timedelta(hours=1)
LOCATION_MAX = 300  # Case.location_text


# --- Files waiting to be sent ----------------------------------------------------------


def pending_path(user_id: int, key: str) -> str:
    if not is_pending_key(key):
        raise ValueError("not a pending file key")
    return f"{PENDING_DIR}/{int(user_id)}/{key}"


def _pending_store(*, user, prepared: PreparedUpload) -> PendingFile:
    return pending_store(path_for=functools.partial(pending_path, user.pk), upload=prepared)


def _pending_read(*, user, file: PendingFile) -> PreparedUpload | None:
    return pending_read(path_for=functools.partial(pending_path, user.pk), file=file)


def _pending_delete(user_id: int, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            default_storage.delete(pending_path(user_id, key))
        except (OSError, ValueError):
            log.warning("general: could not delete pending file %s of user %s", key, user_id)


def pending_files_purge(*, user=None, now: datetime.datetime | None = None) -> int:
    """Delete waiting files that no live draft names any more (an expired or deleted
    draft, a closed account). For one person, or everyone (the daily job)."""
    now = now or timezone.now()
    if user is not None:
        user_ids = [user.pk]
    else:
        try:
            folders, _files = default_storage.listdir(PENDING_DIR)
        except (FileNotFoundError, OSError, NotImplementedError):
            return 0
        user_ids = [int(name) for name in folders if name.isdigit()]
    deleted = 0
    for user_id in user_ids:
        folder = f"{PENDING_DIR}/{user_id}"
        try:
            _folders, names = default_storage.listdir(folder)
        except (FileNotFoundError, OSError, NotImplementedError):
            continue
        wanted = {
            file.key
            for draft in Draft.objects.filter(user_id=user_id, expires_at__gt=now)
            for file in selectors.answers_from_draft(draft).files
        }
        for name in names:
            if name in wanted or not is_pending_key(name):
                continue
            try:
                stored_at = default_storage.get_modified_time(f"{folder}/{name}")
            except (OSError, NotImplementedError):
                continue
            if now - stored_at >= ORPHAN_GRACE:
                _pending_delete(user_id, [name])
                deleted += 1
    return deleted


# --- Saving the answers ---------------------------------------------------------------------


@transaction.atomic
def request_save(
    *,
    user,
    request_type: RequestType,
    summary: str,
    details: str,
    keep: Iterable[PendingFile],
    uploads: Iterable[PreparedUpload] = (),
    step: str = selectors.STEP_QUESTION,
) -> Draft:
    """Save the resident's answers so far (their draft), with the files they keep and
    the new ones (already checked and cleaned by the form)."""
    previous = selectors.answers_from_draft(
        selectors.draft_get(user=user, request_type=request_type)
    )
    kept = [file for file in keep if file in previous.files]
    stored = [_pending_store(user=user, prepared=upload) for upload in uploads]
    answers = Answers(summary=summary, details=details, files=(*kept, *stored))
    try:
        draft = drafts.draft_save(
            user=user, request_type=request_type, answers=answers.as_json(), step=step
        )
    except Exception:
        _pending_delete(user.pk, [file.key for file in stored])
        raise
    dropped = [file.key for file in previous.files if file not in kept]
    if dropped:
        transaction.on_commit(lambda: _pending_delete(user.pk, dropped))
    # And tidy up after drafts of theirs that have gone (sent, deleted or expired).
    transaction.on_commit(lambda: pending_files_purge(user=user))
    return draft


# --- Sending -------------------------------------------------------------------------------


def request_problems(*, user, request_type: RequestType, answers: Answers) -> list[str]:
    """What stops these answers being sent, in words for the resident ([] when none)."""
    problems = []
    if not answers.complete:
        problems.append(_("Answer the questions about your request"))
    if request_type.needs_address and not user.has_address:
        problems.append(_("Add your address to your account, so that we know where to come"))
    return problems


def _manual_address(user) -> str:
    """An address typed in by hand (not in the gazetteer) travels as the case's location."""
    if user.address_id or not user.has_address:
        return ""
    return ", ".join(user.address_lines)[:LOCATION_MAX]


@transaction.atomic
def request_submit(*, user, request_type: RequestType, draft: Draft) -> Case | None:
    """Send the answers in ``draft`` as a new case, once.

    Returns None when the draft is no longer as it was read (sent by another click,
    or changed in another tab): nothing is made then. Raises ValueError when the
    answers cannot be sent (see ``request_problems``).
    """
    answers = selectors.answers_from_draft(draft)
    if request_problems(user=user, request_type=request_type, answers=answers):
        raise ValueError("these answers cannot be sent")
    # Claim the draft first: of two requests sending it, the second waits here for
    # the first to finish and then finds nothing to claim.
    if draft.request_type_id != request_type.pk or not drafts.draft_claim(user=user, draft=draft):
        return None
    uploads = []
    for file in answers.files:
        prepared = _pending_read(user=user, file=file)
        if prepared is None:
            log.warning("general: pending file %s of draft %s has gone", file.key, draft.pk)
            continue
        uploads.append(prepared)
    case = case_actions.case_submit(
        request_type=request_type,
        answers={"details": answers.details},
        summary=answers.summary,
        resident=user,
        address=user.address if user.address_id else None,
        location_text=_manual_address(user),
        channel=Channel.WEB,
        actor=user,
        uploads=uploads,
    )
    keys = [file.key for file in answers.files]
    transaction.on_commit(lambda: _pending_delete(user.pk, keys))
    return case

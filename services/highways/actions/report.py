"""Reporting a street problem: photos waiting between the steps, the report itself, and
following a report that is already there instead (issue 5, street reporting items 1-2).

A report is made the one way cases are made (``casework.actions.case_submit``: its
team and connector route it, casework tells the resident and delivers it through the
outbox), with its photos and its ``StreetReport`` row, in one transaction.

Photos are checked and cleaned (``casework.attachments.prepare_upload``: the content
decides the type, GPS and other metadata go) as soon as they are chosen, then wait in
storage under ``highways/pending/<token>/<key>`` until the report is sent: the token
is random and known only to the resident's session. Anything left behind (a report
never sent) is removed by ``pending_photos_purge`` (daily task).
"""

from __future__ import annotations

import datetime
import functools
import logging
import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework import public
from casework.attachments import PreparedUpload
from casework.models import Case, Channel, RequestType
from casework.uploads import PendingFile, is_pending_key, pending_read, pending_store
from services.highways.models import StreetReport
from services.highways.selectors import report as selectors
from services.highways.selectors.report import ReportState

log = logging.getLogger(__name__)

PENDING_DIR = "highways/pending"
PENDING_KEEP = datetime.timedelta(days=1)
SENT_KEEP_SECONDS = 24 * 60 * 60
LOCK_SECONDS = 60


class AlreadySent(Exception):
    """This report was sent already (``reference``), or is being sent right now (``""``)."""

    def __init__(self, reference: str = ""):
        super().__init__(reference)
        self.reference = reference


def new_token() -> str:
    return secrets.token_hex(16)


# --- Photos waiting to be sent -------------------------------------------------------------


def pending_path(token: str, key: str) -> str:
    if not (is_pending_key(token) and is_pending_key(key)):
        raise ValueError("not a pending photo")
    return f"{PENDING_DIR}/{token}/{key}"


def photos_store(*, token: str, uploads: Iterable[PreparedUpload]) -> list[PendingFile]:
    """Keep checked photos until the report is sent (or given up)."""
    path_for = functools.partial(pending_path, token)
    return [pending_store(path_for=path_for, upload=upload) for upload in uploads]


def photos_delete(*, token: str, keys: Iterable[str]) -> None:
    for key in keys:
        try:
            default_storage.delete(pending_path(token, key))
        except (OSError, ValueError):
            log.warning("highways: could not delete pending photo %s", key)


def _photo_read(token: str, photo: PendingFile) -> PreparedUpload | None:
    return pending_read(path_for=functools.partial(pending_path, token), file=photo)


def pending_photos_purge(*, now: datetime.datetime | None = None) -> int:
    """Photos chosen for reports that were never sent, once they are a day old."""
    cutoff = (now or timezone.now()) - PENDING_KEEP
    removed = 0
    try:
        tokens, _files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for token in tokens:
        folder = f"{PENDING_DIR}/{token}"
        try:
            _folders, names = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            path = f"{folder}/{name}"
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    removed += 1
            except OSError:
                log.warning("highways: could not purge pending photo %s", path)
    return removed


def report_discard(*, state: ReportState) -> None:
    """The resident gave up (or followed another report): their photos go."""
    if state.token and state.photos:
        photos_delete(token=state.token, keys=[photo.key for photo in state.photos])


# --- Sending the report -----------------------------------------------------------------------


def _sent_key(token: str) -> str:
    return f"highways:report:sent:{token}"


def _lock_key(token: str) -> str:
    return f"highways:report:sending:{token}"


def report_sent_reference(*, token: str) -> str:
    """The reference of the report made from this token, if it was sent already."""
    return (cache.get(_sent_key(token)) or "") if token else ""


def location_text(state: ReportState) -> str:
    """'Outside number 14, near 14 Mill Lane, Millbrook, MB1 1AA'."""
    location = state.location
    exactly = state.details.where_exactly if state.details else ""
    if location.how == "map":
        near = _("pin on the map, nearest address %(address)s") % {"address": location.near}
    else:
        near = _("near %(address)s") % {"address": location.near}
    text = f"{exactly}, {near}" if exactly else near[:1].upper() + near[1:]
    return text[:300]


def contact_terms(*, user, state: ReportState) -> list[str]:
    """The reporter's names, e-mail address and phone number (their account's, or those they gave)."""
    if user is not None and user.is_authenticated:
        phone = str(user.phone) if getattr(user, "phone", None) else ""
        return public.contact_terms(user.get_full_name(), user.email, phone)
    if state.contact is not None:
        return public.contact_terms(state.contact.name, state.contact.email, state.contact.phone)
    return []


def publishes_description(*, user, state: ReportState) -> bool:
    """The resident's words go on the public list only if they agreed, and only if they
    pass the one check of what is public (``casework.public.may_publish``): no name or
    contact details of theirs, no e-mail address or phone number of anyone's. Their
    "where exactly" is never published: the public place is the street."""
    details = state.details
    if details is None or not details.public:
        return False
    return public.may_publish(details.description, contact_terms(user=user, state=state))


def report_submit(*, state: ReportState, request_type: RequestType, user=None) -> Case:
    """Make the case, its photos and its StreetReport, once per report in progress.

    ``user``: the signed-in resident, or None for a one-off report with the contact
    details in ``state``. Raises AlreadySent when this report was sent already (or
    is being sent by another click right now), and ValueError when an answer it
    needs is missing.
    """
    signed_in = user is not None and user.is_authenticated
    if not state.token or state.location is None or state.details is None:
        raise ValueError("the report is not complete")
    if not signed_in and state.contact is None:
        raise ValueError("a one-off report needs a name and a way to reach the reporter")
    sent = report_sent_reference(token=state.token)
    if sent:
        raise AlreadySent(sent)
    if not cache.add(_lock_key(state.token), "1", LOCK_SECONDS):
        raise AlreadySent("")
    try:
        # Storage is not part of the transaction: read every photo first.
        photos = [_photo_read(state.token, photo) for photo in state.photos]
        missing = [photo.key for photo, read in zip(state.photos, photos, strict=True) if not read]
        if missing:
            log.warning("highways: %s pending photo(s) have gone: %s", len(missing), missing)
        case = _submit(
            state=state,
            request_type=request_type,
            user=user if signed_in else None,
            photos=[photo for photo in photos if photo is not None],
        )
    except BaseException:
        cache.delete(_lock_key(state.token))
        raise
    cache.set(_sent_key(state.token), case.reference, SENT_KEEP_SECONDS)
    report_discard(state=state)
    return case


@transaction.atomic
def _submit(
    *, state: ReportState, request_type: RequestType, user, photos: list[PreparedUpload]
) -> Case:
    location, details = state.location, state.details
    address = selectors.place_get(uprn=location.uprn)
    contact = state.contact if user is None else None
    title = selectors.public_title(request_type, location.street)
    case = case_actions.case_submit(
        request_type=request_type,
        answers={**details.answers, "description": details.description},
        summary=title,
        resident=user,
        contact_name=contact.name if contact else "",
        contact_email=contact.email if contact else "",
        contact_phone=contact.phone if contact else "",
        address=address,
        latitude=location.latitude,
        longitude=location.longitude,
        location_text=location_text(state),
        channel=Channel.WEB,
        actor=user,
        uploads=photos,
    )
    StreetReport.objects.create(
        case=case,
        ward_id=address.ward_id if address is not None else location.ward_id,
        street=location.street[:200],
        public_title=title,
        public_details=(
            details.description if publishes_description(user=user, state=state) else ""
        ),
    )
    return case


# --- Following instead ---------------------------------------------------------------------------


def report_follow_instead(*, case: Case, user, state: ReportState) -> bool:
    """The resident follows an open report nearby instead of making a new one.

    True when they now follow it; False when it is their own report (they hear about
    it anyway). The report they were making is given up.
    """
    followed = case_actions.case_follow(case=case, user=user)
    report_discard(state=state)
    return followed

"""Reporting a street problem: the report itself, and following a report that is
already there instead.

The steps, the draft, the photos waiting to be sent and the one send are the journey
engine's (``services.highways.journeys.report``). Sending calls ``report_submit`` once,
inside the engine's sending transaction: the report is made the one way cases are made
(``casework.actions.case_submit``: its team and connector route it, casework tells the
resident and delivers it through the outbox), with its photos and its ``StreetReport``.
"""

from __future__ import annotations

import datetime
import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework import public
from casework.journeys.actions import files_folder, pending_uploads
from casework.models import Case, Channel, Draft
from core import clock
from services.highways.models import StreetReport
from services.highways.selectors import report as selectors

log = logging.getLogger(__name__)


def location_text(location, where_exactly: str = "") -> str:
    """'Outside number 14, near 14 Mill Lane, Millbrook, MB1 1AA'."""
    if location.how == "map":
        near = _("pin on the map, nearest address %(address)s") % {"address": location.near}
    else:
        near = _("near %(address)s") % {"address": location.near}
    text = f"{where_exactly}, {near}" if where_exactly else near[:1].upper() + near[1:]
    return text[:300]


def _contact(ctx, walk) -> dict:
    """What a visitor gave on "about you" ({} for a signed-in resident)."""
    if ctx.citizen is not None and ctx.citizen.is_authenticated:
        return {}
    form = walk.form("about-you")
    return form.contact() if form is not None and form.is_valid() else {}


def contact_terms(*, ctx, walk) -> list[str]:
    """The reporter's names, e-mail address and phone number (their account's, or those they gave)."""
    user = ctx.citizen
    if user is not None and user.is_authenticated:
        phone = str(user.phone) if getattr(user, "phone", None) else ""
        return public.contact_terms(user.get_full_name(), user.email, phone)
    contact = _contact(ctx, walk)
    if contact:
        return public.contact_terms(contact["name"], contact["email"], contact["phone"])
    return []


def publishes_description(*, ctx, walk) -> bool:
    """The resident's words go on the public list only if they agreed, and only if they
    pass the one check of what is public (``casework.public.may_publish``): no name or
    contact details of theirs, no e-mail address or phone number of anyone's. Their
    "where exactly" is never published: the public place is the street."""
    if not walk.values.get("public"):
        return False
    return public.may_publish(walk.values.get("description", ""), contact_terms(ctx=ctx, walk=walk))


def report_submit(*, ctx, walk) -> Case:
    """Make the case, its photos and its StreetReport from the journey's answers (the
    engine calls this once, inside its sending transaction, after claiming the draft)."""
    values = walk.values
    location = values["location"]
    user = ctx.citizen if ctx.citizen is not None and ctx.citizen.is_authenticated else None
    contact = _contact(ctx, walk)
    address = selectors.place_get(uprn=location.uprn)
    title = selectors.public_title(ctx.request_type, location.street)
    case = case_actions.case_submit(
        request_type=ctx.request_type,
        answers={**walk.form("details").answers(), "description": values["description"]},
        summary=title,
        resident=user,
        contact_name=contact.get("name", ""),
        contact_email=contact.get("email", ""),
        contact_phone=contact.get("phone", ""),
        address=address,
        latitude=location.latitude,
        longitude=location.longitude,
        location_text=location_text(location, values.get("where_exactly", "")),
        channel=Channel.WEB,
        actor=user,
        uploads=pending_uploads(answers=ctx.answers, folder=files_folder(ctx)),
    )
    StreetReport.objects.create(
        case=case,
        ward_id=address.ward_id if address is not None else location.ward_id,
        street=location.street[:200],
        public_title=title,
        public_details=(values["description"] if publishes_description(ctx=ctx, walk=walk) else ""),
    )
    return case


@transaction.atomic
def report_follow_instead(*, case: Case, user) -> bool:
    """The resident follows an open report nearby instead of making a new one.

    True when they now follow it; False when it is their own report (they hear about
    it anyway). The report of that kind they were making is given up (its photos go
    with the engine's daily sweep of files no draft names).
    """
    followed = case_actions.case_follow(case=case, user=user)
    Draft.objects.filter(user=user, request_type=case.request_type_id).delete()
    return followed


# --- Photos waiting from before the journey engine -------------------------------------------

LEGACY_PENDING_DIR = "highways/pending"  # where reports kept in the session kept their photos
LEGACY_PENDING_KEEP = datetime.timedelta(days=1)


def pending_photos_purge(*, now: datetime.datetime | None = None) -> int:
    """The daily task: photos left in the old folder by reports never sent (the journey
    engine's files are swept by ``casework.journeys.actions.pending_files_purge``)."""
    cutoff = (now or clock.now()) - LEGACY_PENDING_KEEP
    removed = 0
    try:
        tokens, _files = default_storage.listdir(LEGACY_PENDING_DIR)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return 0
    for token in tokens:
        folder = f"{LEGACY_PENDING_DIR}/{token}"
        try:
            _folders, names = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError, OSError):
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

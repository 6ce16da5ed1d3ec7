"""Street reports for the public list's tests (test_public.py, tests/services/highways/urlmap.py, tests/e2e).

Made the way cases are made (casework actions), with the StreetReport row the
report feature adds to each case; moved on by a caseworker as the staff pages would.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from casework import actions
from casework.models import Case, RequestType
from casework.request_types import request_types_sync
from casework.workflow import Status
from services.highways.models import StreetReport


def highways_types() -> dict[str, RequestType]:
    request_types_sync()
    return {rt.slug: rt for rt in RequestType.objects.filter(service="highways")}


def street_report_make(
    *,
    category: str = "pothole",
    ward=None,
    street: str = "Mill Lane",
    title: str = "",
    details: str = "",
    status: str = Status.SUBMITTED,
    resident=None,
    staff=None,
    reason: str = "",
    latitude: float | None = 52.60123456,
    longitude: float | None = -1.90098765,
    hidden: bool = False,
    days_ago: int | None = None,
    **case_fields,
) -> StreetReport:
    """A report in ``status`` (submitted, received, in_progress, resolved, closed, rejected,
    withdrawn), the case made by ``case_submit``; ``days_ago`` backdates it."""
    request_type = RequestType.objects.filter(slug=category).first() or highways_types()[category]
    case_fields.setdefault("summary", f"A {request_type.name.lower()} on {street}")
    case_fields.setdefault("answers", {})
    case = actions.case_submit(
        request_type=request_type,
        resident=resident,
        latitude=latitude,
        longitude=longitude,
        **case_fields,
    )
    report = StreetReport.objects.create(
        case=case,
        ward=ward,
        street=street,
        public_title=title,
        public_details=details,
        hidden=hidden,
    )
    _move(case, status, staff=staff, reason=reason)
    if days_ago is not None:
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Case.objects.filter(pk=case.pk).update(created_at=when)
        StreetReport.objects.filter(pk=report.pk).update(created_at=when)
        report.refresh_from_db()
    return StreetReport.objects.select_related("case").get(pk=report.pk)


def _move(case: Case, status: str, *, staff, reason: str) -> None:
    if status in (Status.SUBMITTED, Status.AWAITING_PAYMENT):
        return
    if status == Status.WITHDRAWN:
        actions.case_withdraw(case=case, actor=case.resident, reason=reason)
        return
    actions.case_acknowledge(case=case, actor=staff)
    if status == Status.RECEIVED:
        return
    if status == Status.IN_PROGRESS:
        actions.case_change_status(
            case=case, status=Status.IN_PROGRESS, actor=staff, message=reason
        )
    elif status == Status.RESOLVED:
        actions.case_resolve(case=case, actor=staff, message=reason)
    elif status == Status.CLOSED:
        actions.case_close(case=case, actor=staff, reason=reason or "Not a council road.")
    elif status == Status.REJECTED:
        actions.case_reject(case=case, actor=staff, reason=reason or "Outside our area.")
    else:
        raise ValueError(status)

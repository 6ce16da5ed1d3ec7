"""Reads for the staff back office: queues, a page of cases, a case's timeline, counts.

What a member of staff may see is decided by ``casework.access.staff_case_queryset``;
everything here narrows that, never widens it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from casework import complaints, workflow
from casework.access import staff_case_queryset
from casework.models import Case, CaseEvent, Channel, ResponseTemplate, Team
from casework.selectors import TAG_CLASSES
from casework.workflow import Status
from core import clock

_UPHELD = {
    "upheld": gettext_lazy("Upheld"),
    "partly": gettext_lazy("Partly upheld"),
    "not_upheld": gettext_lazy("Not upheld"),
}

PAGE_SIZE = 50

Kind = CaseEvent.Kind


# --- Overdue ---------------------------------------------------------------------------


def overdue_q(today: datetime.date | None = None) -> Q:
    """Open, past its target date, and not waiting for the resident (the clock runs).

    The same test as the escalation job (``actions.cases_escalate_overdue``), so
    the queue and the escalations agree.
    """
    return Q(
        status__in=workflow.WORK,
        due_date__lt=today or clock.today(),
        clock_stopped_on__isnull=True,
    )


def case_is_overdue(case: Case, today: datetime.date | None = None) -> bool:
    """``overdue_q`` for one case already read."""
    return bool(
        case.status in workflow.WORK
        and case.due_date is not None
        and case.due_date < (today or clock.today())
        and case.clock_stopped_on is None
    )


_STAFF_STATUS_LABELS = {
    # Status labels speak to the resident; these few read wrongly to staff.
    Status.AWAITING_CUSTOMER: gettext_lazy("Waiting for the resident"),
}


def status_tag_class(value: str) -> str:
    """The GOV.UK tag colour of a status: the same as on the resident's pages."""
    try:
        return TAG_CLASSES.get(Status(value), "")
    except ValueError:
        return ""


def staff_status_choices() -> list[tuple[str, object]]:
    return [(status.value, _STAFF_STATUS_LABELS.get(status, status.label)) for status in Status]


def staff_status_label(value: str) -> str:
    try:
        status = Status(value)
    except ValueError:
        return value
    return str(_STAFF_STATUS_LABELS.get(status, status.label))


# --- The queue -----------------------------------------------------------------------------


def case_queue(*, user) -> QuerySet[Case]:
    """The cases ``user`` may work, with what a queue row shows, in one query."""
    return (
        staff_case_queryset(user)
        .select_related("request_type", "team", "assignee", "ward")
        .only(
            "id",
            "reference",
            "status",
            "channel",
            "due_date",
            "clock_stopped_on",
            "created_at",
            "request_type__name",
            "team__name",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
            "ward__name",
        )
        .annotate(is_overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()))
    )


# --- Keyset pagination -------------------------------------------------------------------------
#
# No OFFSET: a page starts after (or ends before) the row named by an opaque
# cursor, so a page costs the same however deep it is, and cases that arrive or
# change while someone pages through never push a row onto two pages or past
# the page boundary unseen.


@dataclass(frozen=True)
class Sort:
    key: str
    label: object  # a lazy translation
    field: str
    descending: bool

    def order(self, *, reverse: bool = False) -> list:
        descending = self.descending != reverse
        if descending:
            return [F(self.field).desc(nulls_first=True), F("id").desc()]
        return [F(self.field).asc(nulls_last=True), F("id").asc()]


SORTS = {
    "due": Sort("due", gettext_lazy("Target date"), "due_date", descending=False),
    "newest": Sort("newest", gettext_lazy("Newest first"), "created_at", descending=True),
}
DEFAULT_SORT = "due"


def _encode(sort: Sort, case: Case) -> str:
    value = getattr(case, sort.field)
    raw = json.dumps([sort.key, value.isoformat() if value is not None else None, case.pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(sort: Sort, cursor: str):
    """(value, id) from a cursor made by ``_encode`` for this sort, or None if it is not one."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if key != sort.key or not isinstance(pk, int):
            return None
        if value is not None:
            parse = (
                datetime.datetime.fromisoformat
                if sort.field == "created_at"
                else datetime.date.fromisoformat
            )
            value = parse(value)
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        return None
    return value, pk


def _beyond(sort: Sort, value, pk: int, *, forwards: bool) -> Q:
    """Rows after (value, pk) in ``sort``'s order, or before it when not ``forwards``.

    NULLs (a case without a target date) count as larger than any value: last when
    ascending, first when descending, as ``Sort.order`` puts them. Ties go by id.
    """
    name = sort.field
    larger = forwards != sort.descending
    cmp = "gt" if larger else "lt"
    if value is None:
        among_nulls = Q(**{f"{name}__isnull": True, f"id__{cmp}": pk})
        return among_nulls if larger else Q(**{f"{name}__isnull": False}) | among_nulls
    beyond = Q(**{f"{name}__{cmp}": value}) | Q(**{name: value, f"id__{cmp}": pk})
    if larger:
        beyond |= Q(**{f"{name}__isnull": True})
    return beyond


@dataclass
class Page:
    rows: list
    next_cursor: str = ""
    previous_cursor: str = ""
    sort: Sort = field(default_factory=lambda: SORTS[DEFAULT_SORT])


def keyset_page(
    queryset: QuerySet,
    *,
    sort_key: str = DEFAULT_SORT,
    after: str = "",
    before: str = "",
    size: int | None = None,
) -> Page:
    """One page of ``queryset`` in ``sort_key`` order, after or before a cursor."""
    size = size or PAGE_SIZE
    sort = SORTS.get(sort_key) or SORTS[DEFAULT_SORT]
    after_at = _decode(sort, after) if after else None
    before_at = _decode(sort, before) if before and after_at is None else None
    if before_at is not None:
        value, pk = before_at
        found = list(
            queryset.filter(_beyond(sort, value, pk, forwards=False)).order_by(
                *sort.order(reverse=True)
            )[: size + 1]
        )
        more_before = len(found) > size
        rows = found[:size][::-1]
        more_after = True
    else:
        if after_at is not None:
            queryset = queryset.filter(_beyond(sort, *after_at, forwards=True))
        found = list(queryset.order_by(*sort.order())[: size + 1])
        rows = found[:size]
        more_after = len(found) > size
        more_before = after_at is not None
    return Page(
        rows=rows,
        next_cursor=_encode(sort, rows[-1]) if rows and more_after else "",
        previous_cursor=_encode(sort, rows[0]) if rows and more_before else "",
        sort=sort,
    )


# --- Staff home ----------------------------------------------------------------------------------


def staff_home_counts(*, user) -> dict[str, int]:
    """My open cases, unassigned open cases in my teams, and overdue cases I may see.

    Three queries whatever the number of cases: the person's roles, their teams, one count.
    """
    visible = staff_case_queryset(user)  # reads the person's roles
    team_ids = list(Team.objects.filter(members=user).values_list("pk", flat=True))
    counts = Case.objects.filter(pk__in=visible.values("pk"), status__in=workflow.WORK).aggregate(
        mine=Count("pk", filter=Q(assignee=user)),
        unassigned=Count("pk", filter=Q(assignee__isnull=True, team_id__in=team_ids)),
        overdue=Count("pk", filter=overdue_q()),
    )
    return {name: value or 0 for name, value in counts.items()}


# --- One case ------------------------------------------------------------------------------------


def response_templates_for(case: Case) -> QuerySet[ResponseTemplate]:
    """Canned replies for the case's team, and those for everyone."""
    return ResponseTemplate.objects.filter(Q(team__isnull=True) | Q(team_id=case.team_id))


def teams_with_members() -> list[Team]:
    """Every team and its members, in two queries (for the assign form)."""
    return list(Team.objects.prefetch_related("members").order_by("name"))


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


@dataclass
class TimelineEntry:
    event: CaseEvent
    title: str
    lines: list[str]

    @property
    def public(self) -> bool:
        return self.event.public


_AUDIENCES = {
    "resident": gettext_lazy("the resident"),
    "follower": gettext_lazy("a follower"),
    "team": gettext_lazy("the team"),
    "assignee": gettext_lazy("the assignee"),
    "councillor": gettext_lazy("the councillor"),
    "escalation": gettext_lazy("the team lead or manager"),
}


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every event on the case, newest first, internal ones included, in words staff read.

    Assignment events hold ids; the people and teams they name are read in two queries.
    """
    events = list(case.events.select_related("actor", "acting_for").order_by("-created_at", "-id"))
    user_ids, team_ids = set(), set()
    for event in events:
        if event.kind == Kind.ASSIGNED:
            for side in ("before", "after"):
                values = event.data.get(side) or {}
                if values.get("assignee"):
                    user_ids.add(values["assignee"])
                if values.get("team"):
                    team_ids.add(values["team"])
    people = {u.pk: _name(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name")) if team_ids else {}

    def who(values: dict) -> str:
        person = people.get(values.get("assignee")) if values.get("assignee") else None
        team = teams.get(values.get("team"), "") if values.get("team") else ""
        if person and team:
            return _("%(person)s (%(team)s)") % {"person": person, "team": team}
        if team:
            return _("nobody in %(team)s") % {"team": team}
        return person or _("nobody")

    entries = []
    for event in events:
        data = event.data or {}
        lines: list[str] = []
        if event.kind == Kind.SUBMITTED:
            title = _("Request made")
        elif event.kind == Kind.STATUS:
            if data.get("reopened"):
                title = _("Reopened")
            else:
                title = _("Status changed from ‘%(before)s’ to ‘%(after)s’") % {
                    "before": staff_status_label(event.status_before),
                    "after": staff_status_label(event.status_after),
                }
            if data.get("reason") == "customer replied":
                lines.append(_("The resident replied, so the clock started again."))
            if data.get("complaint_stage") and event.status_after == Status.RESOLVED:
                title = _("Complaint stage %(stage)s answered") % {"stage": data["complaint_stage"]}
                lines.append(
                    _("Root cause: %(cause)s. %(upheld)s.")
                    % {
                        "cause": complaints.ROOT_CAUSE_LABELS.get(data.get("root_cause"), "?"),
                        "upheld": _UPHELD.get(data.get("upheld"), "?"),
                    }
                )
            elif data.get("complaint_stage"):
                title = _("The resident asked for stage %(stage)s") % {
                    "stage": data["complaint_stage"]
                }
        elif event.kind == Kind.ASSIGNED:
            title = _("Assigned to %(who)s") % {"who": who(data.get("after") or {})}
            lines.append(_("Before: %(who)s") % {"who": who(data.get("before") or {})})
        elif event.kind == Kind.REPLY:
            to = data.get("to")
            if data.get("from") == workflow.Actor.RESIDENT:
                title = _("Reply from the resident")
            elif to == "officer":
                title = _("Message from the councillor to the officers")
            elif to == "member":
                title = _("Reply to the councillor")
            elif to == "constituent":
                title = _("Reply to the constituent")
            else:
                title = _("Reply to the resident")
        elif event.kind == Kind.NOTE:
            title = _("Internal note")
        elif event.kind == Kind.ESCALATED:
            if data.get("level", 1) >= 2:
                title = _("Escalated to the team manager")
            else:
                title = _("Escalated to the team lead")
        elif event.kind == Kind.DUPLICATE:
            title = _("%(reference)s was marked as a duplicate of this request") % {
                "reference": data.get("duplicate", "")
            }
        elif event.kind == Kind.MESSAGE_SENT:
            audience = data.get("audience", "")
            channel = data.get("channel", "")
            title = _("Message sent to %(audience)s by %(channel)s") % {
                "audience": _AUDIENCES.get(audience) or _("someone"),
                "channel": _("text message") if channel == "sms" else _("email"),
            }
        elif event.kind == Kind.RATED:
            title = _("Rated %(rating)s out of 5") % {"rating": data.get("rating", "?")}
        else:
            title = str(event.get_kind_display())
        if data.get("original"):
            lines.append(_("Original request: %(reference)s") % {"reference": data["original"]})
        entries.append(TimelineEntry(event=event, title=title, lines=lines))
    return entries


def case_timeline_for(case: Case, *, reader, works: bool) -> list[TimelineEntry]:
    """``case_timeline`` as ``reader`` may read it. Councillors and their support officers
    (who raise cases but do not work them: ``works`` is False) never read officers'
    internal notes (C11); their own, they do."""
    return [
        entry
        for entry in case_timeline(case)
        if works or entry.event.kind != Kind.NOTE or entry.event.actor_id == reader.pk
    ]


def channel_label(value: str) -> str:
    try:
        return str(Channel(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class Satisfaction:
    """Residents' ratings of finished cases in a period, with their comments."""

    rated: int
    average: float | None
    by_rating: dict[int, int]  # 1..5 -> how many
    comments: list[Case]  # the latest, with their comment


SATISFACTION_COMMENTS = 100


def satisfaction_list(*, cases, start: datetime.date, end: datetime.date) -> Satisfaction:
    """Ratings of cases finished from ``start`` to ``end`` (inclusive) among ``cases``, and
    the latest comments (at most SATISFACTION_COMMENTS). Three queries, at any size."""
    rated = cases.filter(
        rating__isnull=False, finished_at__date__gte=start, finished_at__date__lte=end
    )
    counts = dict(rated.values_list("rating").annotate(n=Count("pk")).order_by("rating"))
    total = sum(counts.values())
    average = round(sum(r * n for r, n in counts.items()) / total, 1) if total else None
    comments = list(
        rated.exclude(rating_comment="")
        .select_related("request_type", "team")
        .order_by("-finished_at", "-pk")[:SATISFACTION_COMMENTS]
    )
    return Satisfaction(
        rated=total,
        average=average,
        by_rating={rating: counts.get(rating, 0) for rating in range(1, 6)},
        comments=comments,
    )

"""The staff queue's filters (C6): one FilterSet for the page and for its CSV export."""

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Ward
from casework import workflow
from casework.models import Case, Channel, RequestType, Team
from casework.references import normalise_reference
from casework.staff.selectors import DEFAULT_SORT, SORTS, overdue_q, staff_status_choices
from casework.workflow import Status

# Present in the query string once someone has used the filter form (or cleared it):
# without it, the queue shows the person's defaults.
FILTERED = "filtered"
MY_TEAMS = "mine"


class CaseQueueFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(
        label=_("Reference"),
        method="filter_reference",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    status = django_filters.MultipleChoiceFilter(
        # No join here, so no duplicates to remove: django-filter's default DISTINCT
        # would sort every matching case before the page is cut.
        distinct=False,
        label=_("Status"),
        choices=staff_status_choices(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    request_type = django_filters.ModelChoiceFilter(
        label=_("Request type"),
        queryset=RequestType.objects.only("pk", "name").order_by("name"),
        empty_label=_("All request types"),
    )
    team = django_filters.ChoiceFilter(
        label=_("Team"), method="filter_team", empty_label=_("All teams")
    )
    ward = django_filters.ModelChoiceFilter(
        label=_("Ward"),
        field_name="ward",
        queryset=Ward.objects.only("pk", "name"),
        empty_label=_("All wards"),
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Assigned to"),
        method="filter_assignee",
        choices=[("me", _("Me")), ("unassigned", _("Nobody (unassigned)"))],
        empty_label=_("Anyone"),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        method="filter_overdue",
        choices=[("yes", _("Overdue only")), ("no", _("Not overdue"))],
        empty_label=_("Overdue or not"),
    )
    # Not a filter: the order of the queue, which keyset pagination applies.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_nothing",
        choices=[(sort.key, sort.label) for sort in SORTS.values()],
        empty_label=None,
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["team"].extra["choices"] = [(MY_TEAMS, _("My teams"))] + [
            (str(pk), name) for pk, name in Team.objects.values_list("pk", "name")
        ]

    @property
    def user(self):
        return self.request.user

    def filter_reference(self, queryset, name, value):
        reference = normalise_reference(value)
        if reference:
            return queryset.filter(reference=reference)
        return queryset.filter(reference__icontains=value.strip().upper())

    def filter_team(self, queryset, name, value):
        if value == MY_TEAMS:
            mine = Team.objects.filter(
                Q(members=self.user) | Q(lead=self.user) | Q(manager=self.user)
            )
            return queryset.filter(team__in=mine.values("pk"))
        return queryset.filter(team_id=int(value))

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee=self.user)
        return queryset.filter(assignee__isnull=True)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value == "yes" else queryset.exclude(overdue_q())

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def sort_key(self) -> str:
        cleaned = getattr(self.form, "cleaned_data", {}) or {}
        return cleaned.get("sort") or DEFAULT_SORT


def queue_data(query: QueryDict, user) -> QueryDict:
    """What the queue is filtered by: the query string, or this person's defaults.

    Defaults: open cases sorted by target date; for those who work only their teams'
    cases (caseworkers, team leads), those of their teams.
    """
    if FILTERED in query:
        return query
    data = QueryDict(mutable=True)
    data.setlist("status", [status.value for status in Status if status in workflow.WORK])
    if not roles.has_role_permission(user, roles.VIEW_EVERY_CASE) and roles.has_role_permission(
        user, roles.WORK_TEAM_CASE
    ):
        data["team"] = MY_TEAMS
    data["sort"] = DEFAULT_SORT
    return data


def _open_query(**extra) -> str:
    query = QueryDict(mutable=True)
    query[FILTERED] = "1"
    query.setlist("status", [status.value for status in Status if status in workflow.WORK])
    query.update(extra)
    return query.urlencode()


# The staff home's shortcuts into the queue, matching staff_selectors.staff_home_counts.
STAFF_HOME_QUERIES = {
    "mine": _open_query(assignee="me"),
    "unassigned": _open_query(team=MY_TEAMS, assignee="unassigned"),
    "overdue": _open_query(overdue="yes"),
}

"""The public list's filters: category, ward and status, as a GET form that works without JavaScript.

The choices come from ``selectors.public.report_categories`` and ``report_wards``
(read once by the view, which also names the rows with them), so the filters
cost no queries of their own. Filters narrow the StreetReport queryset by
column (request type id, ward id, status): no joins, so no duplicates to
remove (``distinct=False``) and nothing that stops a page being read along the
newest-first index.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from services.highways.models import StreetReport
from services.highways.selectors import public as selectors


class PublicReportFilter(django_filters.FilterSet):
    category = django_filters.MultipleChoiceFilter(
        label=_("Problem"),
        method="filter_category",
        distinct=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    ward = django_filters.ChoiceFilter(
        label=_("Ward"), method="filter_ward", empty_label=_("All wards")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=list(selectors.STATE_LABELS.items()),
        empty_label=_("Any status"),
    )

    class Meta:
        model = StreetReport
        fields = []

    def __init__(self, data=None, *, categories, wards, **kwargs):
        super().__init__(data, **kwargs)
        self._category_ids = {category.slug: category.pk for category in categories}
        self._ward_ids = {ward.code: ward.pk for ward in wards}
        self.filters["category"].extra["choices"] = [
            (category.slug, category.name) for category in categories
        ]
        self.filters["ward"].extra["choices"] = [(ward.code, ward.name) for ward in wards]

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(case__request_type_id__in=[self._category_ids[v] for v in value])

    def filter_ward(self, queryset, name, value):
        return queryset.filter(ward_id=self._ward_ids[value])

    def filter_status(self, queryset, name, value):
        return queryset.filter(case__status__in=sorted(selectors.STATES[value]))

    @property
    def active(self) -> bool:
        """Whether any filter is chosen (the empty state then says so)."""
        cleaned = getattr(self.form, "cleaned_data", None) or {}
        return any(cleaned.get(name) for name in ("category", "ward", "status"))

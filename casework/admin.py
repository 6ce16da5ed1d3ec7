"""Admin for casework configuration (AD1), and a read-only window on cases.

Cases change only through casework.actions (ARCHITECTURE: One way to change a
case), so the admin shows cases and their timelines but never edits them: staff
work a case from its page in the back office, which calls the actions.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from casework.admin_forms import TEXT_FIELDS, RequestTypeAdminForm
from casework.models import (
    Attachment,
    Case,
    CaseEvent,
    Member,
    RequestType,
    ResponseTemplate,
    Team,
)
from casework.notifications import MAX_TEXT_LENGTH, PLACEHOLDERS


class ReadOnlyMixin:
    """Seen, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email", "lead", "manager"]
    search_fields = ["name", "slug", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead", "manager"]
    filter_horizontal = ["members"]
    list_select_related = ["lead", "manager"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Councillors (M4): their wards, letter signature, and the support officers who see
    and work their enquiries for them."""

    list_display = ["title", "user"]
    search_fields = ["title", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["wards", "support_officers"]
    list_select_related = ["user"]


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin):
    form = RequestTypeAdminForm
    list_display = ["name", "service", "team", "connector", "sla_days", "active"]
    list_filter = ["service", "active", "team", "auth_tier"]
    search_fields = ["name", "slug", "service"]
    list_select_related = ["team"]
    fieldsets = [
        (None, {"fields": ["service", "slug", "name", "description", "active"]}),
        (
            _("Service level"),
            {
                "fields": [
                    "sla_days",
                    "sla_working_days",
                    "statutory_days",
                    "clock_stops_when_awaiting_customer",
                    "reopen_days",
                ]
            },
        ),
        (
            _("Routing and access"),
            {
                "fields": [
                    "team",
                    "auth_tier",
                    "needs_address",
                    "needs_location",
                    "followable",
                    "public",
                ]
            },
        ),
        (_("Back office"), {"fields": ["connector", "connector_settings"]}),
        (_("Fee"), {"fields": ["fee_pence"]}),
        (_("Questions and notice"), {"fields": ["notice", "questions"]}),
        (
            _("What residents are told"),
            {
                "description": _(
                    "Sent by e-mail or text message when something happens to a request; "
                    "the reference and a link to the request always follow. Leave a box "
                    "empty to send the words under it. At most %(max)s characters: keep "
                    "texts short enough to read on a phone."
                )
                % {"max": MAX_TEXT_LENGTH},
                "fields": [*TEXT_FIELDS, "placeholders"],
            },
        ),
    ]
    readonly_fields = ["placeholders"]

    @admin.display(description=_("Placeholders you can use"))
    def placeholders(self, obj=None):
        items = format_html_join(
            "",
            "<li><code>{}</code> {}</li>",
            (("{" + name + "}", placeholder.meaning) for name, placeholder in PLACEHOLDERS.items()),
        )
        return format_html("<ul>{}</ul>", items)


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name", "body"]
    list_select_related = ["team"]


class CaseEventInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseEvent
    fields = ["created_at", "kind", "public", "actor", "acting_for", "channel", "message"]
    readonly_fields = fields
    extra = 0
    show_change_link = False
    ordering = ["created_at", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "acting_for")


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "public", "uploaded_by", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["reference", "request_type", "status", "team", "assignee", "due_date"]
    list_filter = ["status", "channel", "overdue", "team", "request_type"]
    search_fields = ["=reference", "=external_reference"]
    list_select_related = ["request_type", "team", "assignee"]
    show_full_result_count = False
    inlines = [AttachmentInline, CaseEventInline]
    readonly_fields = ["back_office_link"]
    fieldsets = [
        (None, {"fields": ["back_office_link", "reference", "request_type", "status", "channel"]}),
        (
            _("Who it is for"),
            {
                "fields": [
                    "resident",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "created_by",
                ]
            },
        ),
        (
            _("What was asked"),
            {"fields": ["summary", "answers", "address", "location_text", "latitude", "longitude"]},
        ),
        (
            _("Who works it"),
            {
                "fields": [
                    "team",
                    "assignee",
                    "due_date",
                    "statutory_due_date",
                    "clock_stopped_on",
                    "escalation_level",
                    "overdue",
                ]
            },
        ),
        (
            _("Outcome"),
            {
                "fields": [
                    "external_reference",
                    "duplicate_of",
                    "outcome_reason",
                    "rating",
                    "rating_comment",
                    "created_at",
                    "updated_at",
                    "finished_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("Work on it"))
    def back_office_link(self, obj):
        url = reverse("staff:case", args=[obj.reference])
        return format_html('<a href="{}">{}</a>', url, _("Open the case in the back office"))


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["case", "kind", "public", "actor", "channel", "created_at"]
    list_filter = ["kind", "public", "channel"]
    search_fields = ["=case__reference"]
    list_select_related = ["case", "actor"]
    show_full_result_count = False

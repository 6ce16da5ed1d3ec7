import csv

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, AuditEntry, PersonNote, SMSDevice, User, Ward
from core.spreadsheet import csv_cell


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "account_type", "is_staff", "is_active"]
    list_filter = ["account_type", "is_staff", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name", "organisation_name"]
    raw_id_fields = ["address"]
    filter_horizontal = ["groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined", "closed_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal details"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "account_type",
                    "organisation_name",
                    "phone",
                    "address",
                    "manual_address",
                    "manual_postcode",
                ]
            },
        ),
        (
            _("Contact preferences"),
            {
                "fields": [
                    "preferred_channel",
                    "notify_case_updates",
                    "notify_reminders",
                    "notify_news",
                ]
            },
        ),
        (
            _("Roles"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined", "closed_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["uprn", "line1", "town", "postcode", "ward"]
    list_filter = ["ward"]
    search_fields = ["=uprn", "postcode", "line1"]
    list_select_related = ["ward"]
    show_full_result_count = False


@admin.register(SMSDevice)
class SMSDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed"]
    raw_id_fields = ["user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Append-only: administrators search and export it; nobody adds, changes or deletes."""

    list_display = ["created_at", "staff_name", "action", "person", "query", "channel", "reason"]
    list_filter = ["action", "channel", "created_at"]
    search_fields = ["staff_name", "person__email", "person__last_name", "query", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["person"]
    actions = ["export_csv"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Download the selected entries as a spreadsheet (CSV)"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            ["When", "Staff", "Action", "Person", "Searched for", "Results", "Channel", "Reason"]
        )
        for entry in queryset.order_by("created_at", "id"):
            writer.writerow(
                [
                    csv_cell(value)
                    for value in (
                        entry.created_at.isoformat(),
                        entry.staff_name,
                        entry.action,
                        entry.person.email if entry.person_id else "",
                        entry.query,
                        "" if entry.results is None else entry.results,
                        entry.channel,
                        entry.reason,
                    )
                ]
            )
        return response


@admin.register(PersonNote)
class PersonNoteAdmin(admin.ModelAdmin):
    list_display = ["person", "author", "created_at"]
    raw_id_fields = ["person", "author"]
    search_fields = ["person__email", "text"]

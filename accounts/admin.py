from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, SMSDevice, User, Ward


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "account_type", "is_staff", "is_active"]
    list_filter = ["account_type", "is_staff", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name", "organisation_name"]
    raw_id_fields = ["address"]
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
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
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

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts.access import login_url, step_up_url
from portal.models import HomeMessage


class PortalAdminSite(admin.AdminSite):
    """The Django admin, open only to staff who have verified a second factor.

    Sign-in goes through the portal's own (rate-limited) sign-in and step-up
    pages; the admin's own password form is never shown.
    """

    site_header = "Portal administration"
    site_title = "Portal administration"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.is_verified()

    def login(self, request, extra_context=None):
        next_path = request.GET.get("next") or request.path.replace("login/", "")
        user = request.user
        if not user.is_authenticated:
            return redirect(login_url(next_path))
        if not user.is_staff:
            raise PermissionDenied
        if not user.is_verified():
            return redirect(step_up_url(next_path))
        return redirect(next_path)


@admin.register(HomeMessage)
class HomeMessageAdmin(admin.ModelAdmin):
    """Welcome and campaign messages: saved through portal.campaigns, so that every
    account home shows the change from its next visit."""

    list_display = ("title", "audience", "starts_on", "ends_on")
    list_filter = ("audience",)
    fields = (
        "title",
        "body",
        "link_text",
        "link_url",
        "starts_on",
        "ends_on",
        "audience",
        "ward",
        "service",
    )

    def save_model(self, request, obj, form, change):
        from portal.campaigns import home_message_save

        home_message_save(message=obj)

    def delete_model(self, request, obj):
        from portal.campaigns import home_message_delete

        home_message_delete(message=obj)

    def delete_queryset(self, request, queryset):
        from portal.campaigns import home_message_delete

        for message in queryset:
            home_message_delete(message=message)

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts.access import login_url, step_up_url


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

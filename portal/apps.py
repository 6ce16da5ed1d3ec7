from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import (
            checks,  # noqa: F401 - registers the deploy check
            translation,
        )

        translation.install()  # catalogues without their empty fallbacks

        from django.contrib import admin

        from portal.home_messages_admin import HomeMessageAdmin
        from portal.models import HomeMessage

        admin.site.register(HomeMessage, HomeMessageAdmin)


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "portal.admin.PortalAdminSite"

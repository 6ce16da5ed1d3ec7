"""The Django admin's page for home messages. Registered from PortalConfig.ready(): this
project's admin site is itself defined in portal/admin.py, so a registration there
would be made on a site that is still being built."""

from django.contrib import admin

from portal.campaigns import home_message_delete, home_message_save


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
        home_message_save(message=obj)

    def delete_model(self, request, obj):
        home_message_delete(message=obj)

    def delete_queryset(self, request, queryset):
        for message in queryset:
            home_message_delete(message=message)

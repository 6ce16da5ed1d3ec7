from django.contrib import admin

from integrations.open311.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are listed and revoked here; they are created with ``manage.py open311_key create``."""

    list_display = ["name", "prefix", "active", "created", "last_used"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    fields = ["name", "prefix", "active", "created", "last_used"]
    readonly_fields = ["name", "prefix", "created", "last_used"]

    def has_add_permission(self, request):
        return False

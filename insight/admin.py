from django.contrib import admin

from insight.models import ServiceStandard


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    """Admins write the council's service standards; the public page shows them."""

    list_display = ["wording", "service", "target_percent", "published", "order"]
    list_filter = ["service", "published"]
    filter_horizontal = ["request_types"]
    search_fields = ["wording"]

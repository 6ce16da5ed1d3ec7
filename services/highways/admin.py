from django.contrib import admin

from services.highways.models import StreetReport


@admin.register(StreetReport)
class StreetReportAdmin(admin.ModelAdmin):
    """Staff can take a report off the public list (``hidden``); nothing else is edited here."""

    list_display = ["case", "ward", "street", "public_title", "hidden", "created_at"]
    list_filter = ["hidden", "ward"]
    search_fields = ["case__reference", "street", "public_title"]
    list_select_related = ["case", "ward"]
    fields = ["case", "ward", "street", "public_title", "public_details", "hidden"]
    readonly_fields = ["case", "ward", "street"]

    def has_add_permission(self, request):
        return False

"""Admin for the council's waste set-up: rounds, exceptions, prices and rules (AD1)."""

from django.contrib import admin

from services.waste import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records made by residents' requests: seen here, changed only through the service."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "stream", "weekday", "every_weeks", "first_date", "active"]
    list_filter = ["stream", "weekday", "every_weeks", "active"]
    search_fields = ["code", "name"]


@admin.register(models.CollectionChange)
class CollectionChangeAdmin(admin.ModelAdmin):
    list_display = ["date", "round", "new_date", "kind", "reason"]
    list_filter = ["kind", "round__stream"]
    date_hierarchy = "date"
    autocomplete_fields = ["round"]


@admin.register(models.MissedRoundNotice)
class MissedRoundNoticeAdmin(ReadOnlyAdmin):
    list_display = ["date", "round", "street", "reason", "residents_told", "created_by"]
    list_filter = ["round__stream"]
    date_hierarchy = "date"


@admin.register(models.ContainerType)
class ContainerTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "stream", "price_pence", "active"]
    list_filter = ["stream", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.BulkyItem)
class BulkyItemAdmin(admin.ModelAdmin):
    list_display = ["name", "price_pence", "order", "active"]
    list_editable = ["price_pence", "order", "active"]


@admin.register(models.BulkySlot)
class BulkySlotAdmin(admin.ModelAdmin):
    """Bulky collection days (rows of the bookings core's bulky calendar, area "ward-<id>")."""

    list_display = ["date", "area", "capacity", "booked"]
    list_filter = ["area"]
    fields = ["date", "area", "capacity", "booked"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.calendar = models.bulky_calendar()
        super().save_model(request, obj, form, change)

    readonly_fields = ["booked"]  # changed only by bookings, so a slot is never overbooked


@admin.register(models.BulkyBooking)
class BulkyBookingAdmin(ReadOnlyAdmin):
    list_display = ["case", "slot", "state", "total_pence", "refund_pence", "created_at"]
    list_filter = ["state"]
    list_select_related = ["case", "slot"]


@admin.register(models.GardenSubscription)
class GardenSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["case", "address", "bins", "state", "starts_on", "ends_on"]
    list_filter = ["state"]
    list_select_related = ["case", "address"]


@admin.register(models.WastePolicy)
class WastePolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not models.WastePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

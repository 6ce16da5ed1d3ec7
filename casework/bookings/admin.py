"""Bookings in the Django admin: a request type's calendar (adding one, with "offers
appointments" ticked, is all a request type needs), closed dates, a day's places, and
the appointments (read only: residents and staff change them through the actions, so
the case's timeline records it)."""

from django.contrib import admin

from casework.bookings.models import Booking, BookingCalendar, ClosedDate, Slot

CALENDAR_FIELDS = (
    "active",
    "capacity",
    "weekdays",
    "lead_working_days",
    "horizon_days",
    "half_days",
    "by_ward",
    "cutoff_working_days",
    "reminder_days",
)


class ClosedDateInline(admin.TabularInline):
    model = ClosedDate
    extra = 1


@admin.register(BookingCalendar)
class BookingCalendarAdmin(admin.ModelAdmin):
    list_display = ("request_type", "active", "capacity", "weekdays", "half_days", "by_ward")
    list_select_related = ("request_type",)
    fields = ("request_type", *CALENDAR_FIELDS)
    inlines = [ClosedDateInline]


@admin.register(ClosedDate)
class ClosedDateAdmin(admin.ModelAdmin):
    list_display = ("date", "calendar", "reason")
    list_select_related = ("calendar__request_type",)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    """A day's places for an area: give a day more or fewer (0 closes it)."""

    list_display = ("date", "calendar", "area", "period", "capacity", "booked")
    list_filter = ("calendar",)
    list_select_related = ("calendar__request_type",)
    date_hierarchy = "date"
    readonly_fields = ("booked",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("case", "slot", "state", "reminded_for")
    list_filter = ("state", "slot__calendar")
    list_select_related = ("case", "slot__calendar__request_type")
    readonly_fields = ("case", "slot", "state", "reminded_for", "cancelled_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

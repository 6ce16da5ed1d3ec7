"""Booking calendars, a day's places in an area, and the booking a case holds."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Period(models.TextChoices):
    DAY = "", _("All day")
    AM = "am", _("Morning")
    PM = "pm", _("Afternoon")


class BookingCalendar(models.Model):
    """The appointments a request type offers (an administrator sets them in the admin)."""

    request_type = models.OneToOneField(
        "casework.RequestType", on_delete=models.CASCADE, related_name="booking_calendar"
    )
    active = models.BooleanField(
        _("offers appointments"),
        default=True,
        help_text=_("Residents choose a day for their appointment before they check and send"),
    )
    capacity = models.PositiveSmallIntegerField(
        default=4,
        help_text=_(
            "Appointments a day in each area (in each half day when split). 0: only the days "
            "given places under Booking days"
        ),
    )
    weekdays = models.CharField(
        max_length=7,
        default="01234",
        validators=[RegexValidator(r"^[0-6]{1,7}$", _("Use the digits 0 (Monday) to 6 (Sunday)"))],
        help_text=_("Days of the week offered: 0 Monday, 1 Tuesday ... 6 Sunday (01234: weekdays)"),
    )
    lead_working_days = models.PositiveSmallIntegerField(
        default=2, help_text=_("The earliest day is this many working days after booking")
    )
    horizon_days = models.PositiveSmallIntegerField(
        default=42, help_text=_("How many days ahead residents can book")
    )
    half_days = models.BooleanField(
        _("morning and afternoon"), default=False, help_text=_("Offer a morning or an afternoon")
    )
    by_ward = models.BooleanField(
        _("places for each ward"),
        default=False,
        help_text=_("Count places for each ward of the address rather than for the whole council"),
    )
    cutoff_working_days = models.PositiveSmallIntegerField(
        default=1,
        help_text=_(
            "Residents can change or cancel online until the end of this many working days "
            "before the appointment (1: the working day before)"
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=1, help_text=_("Remind the resident this many days before (0: no reminder)")
    )

    class Meta:
        verbose_name = _("booking calendar")

    def __str__(self):
        return str(self.request_type)


class ClosedDate(models.Model):
    """A day no appointments are offered (bank holidays are closed anyway)."""

    calendar = models.ForeignKey(
        BookingCalendar,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closed_dates",
        help_text=_("Blank: closed for every calendar"),
    )
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.reason}"


class Slot(models.Model):
    """A day's places for an area (and half day). ``booked`` never exceeds ``capacity``."""

    calendar = models.ForeignKey(BookingCalendar, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField()
    area = models.CharField(max_length=40, blank=True, help_text=_("Blank: the whole council"))
    period = models.CharField(max_length=2, blank=True, choices=Period.choices)
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "period"]
        verbose_name = _("booking day")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date", "area", "period"], name="one_slot_per_day_area"
            ),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="booking_slot_not_overbooked"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.area} {self.period} {self.booked}/{self.capacity}"


class Booking(models.Model):
    """The appointment a case holds."""

    class State(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="booking")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    state = models.CharField(max_length=20, choices=State.choices, default=State.BOOKED)
    reminded_for = models.DateField(null=True, blank=True)  # the day last reminded of
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "slot"])]

    def __str__(self):
        return f"Booking {self.pk} ({self.state})"

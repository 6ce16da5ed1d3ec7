"""Waste: what is collected from each address, when, and what residents book and pay for.

Rounds carry the collection pattern (weekday, every one or two weeks); each
gazetteer address (UPRN) is on one round per stream. Changes to the pattern
(bank holidays, disruption) are admin-edited exceptions, never edits to history.
Requests (missed bins, containers, bulky collections, garden subscriptions,
assisted collections) are casework cases; the rows here hold what is particular
to waste: the slot a bulky booking holds, the subscription's dates, and so on.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, Ward
from casework.bookings.models import BookingCalendar, Slot
from casework.models import RequestType
from casework.request_types import request_types_sync


class Stream(models.TextChoices):
    REFUSE = "refuse", _("Rubbish")
    RECYCLING = "recycling", _("Recycling")
    FOOD = "food", _("Food waste")
    GARDEN = "garden", _("Garden waste")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Round(models.Model):
    """One crew's regular collection of one stream: a weekday, every one or two weeks."""

    code = models.SlugField(max_length=40, unique=True, help_text=_("As the crews know it"))
    name = models.CharField(max_length=120)
    stream = models.CharField(max_length=20, choices=Stream.choices)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    every_weeks = models.PositiveSmallIntegerField(
        default=1, choices=[(1, _("Every week")), (2, _("Every two weeks"))]
    )
    first_date = models.DateField(
        help_text=_("A date this round collects on; fortnightly rounds count from it")
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["stream", "weekday", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="round_weekday_valid"),
            models.CheckConstraint(
                condition=Q(every_weeks__in=[1, 2]), name="round_every_one_or_two_weeks"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class PropertyRound(models.Model):
    """Which round collects each stream from an address."""

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="waste_rounds")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="properties")
    stream = models.CharField(max_length=20, choices=Stream.choices)  # the round's, for the unique

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address", "stream"], name="one_round_per_stream")
        ]
        indexes = [models.Index(fields=["round", "address"])]

    def __str__(self):
        return f"{self.address_id} {self.stream} on {self.round_id}"


class CollectionChange(models.Model):
    """An exception to a round's pattern: moved (bank holidays) or not collected that day."""

    class Kind(models.TextChoices):
        BANK_HOLIDAY = "bank_holiday", _("Bank holiday")
        DISRUPTION = "disruption", _("Disruption")

    round = models.ForeignKey(
        Round,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
        help_text=_("Blank: every round"),
    )
    date = models.DateField(help_text=_("The day it would have been collected"))
    new_date = models.DateField(null=True, blank=True, help_text=_("Blank: no collection"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BANK_HOLIDAY)
    reason = models.CharField(max_length=300, blank=True, help_text=_("What residents are told"))

    class Meta:
        ordering = ["date"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(fields=["round", "date"], name="one_change_per_round_day")
        ]

    def __str__(self):
        return f"{self.round_id or 'all'} {self.date} -> {self.new_date or 'none'}"


class MissedRoundNotice(models.Model):
    """S-W7: staff say a round, or one street on it, was missed on a day, and why."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="missed_notices")
    street = models.CharField(max_length=200, blank=True, help_text=_("Blank: the whole round"))
    date = models.DateField()
    reason = models.CharField(max_length=300, help_text=_("What residents are told"))
    when_back = models.CharField(
        max_length=300, blank=True, help_text=_("e.g. 'We will come back on Saturday'")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    residents_told = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["round", "date"])]

    def __str__(self):
        return f"{self.round_id} {self.street or 'all'} {self.date}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class ReminderSubscription(models.Model):
    """Opt-in: tell me the evening before each collection at this address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bin_reminders"
    )
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    # Unsubscribing by one click from a message, without signing in.
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_for = models.DateField(null=True, blank=True)  # the collection day last reminded

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "address"], name="one_reminder_per_address")
        ]
        indexes = [
            models.Index(fields=["address"], condition=Q(active=True), name="reminder_active")
        ]

    def __str__(self):
        return f"{self.user_id} reminders for {self.address_id}"


class CalendarPdf(models.Model):
    """A printable calendar for an address, rendered in the background (WeasyPrint)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    file = models.FileField(upload_to="waste/calendars/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address", "starts_on"], name="one_pdf_per_start")
        ]

    def __str__(self):
        return f"Calendar for {self.address_id} from {self.starts_on}"


# --- Requests with waste-specific data (each belongs to a casework case) -------------------


class MissedCollection(models.Model):
    """A missed-bin report: one per address, stream and collection day."""

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="+")
    stream = models.CharField(max_length=20, choices=Stream.choices)
    collection_date = models.DateField()
    round = models.ForeignKey(Round, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address", "stream", "collection_date"], name="one_missed_report"
            )
        ]

    def __str__(self):
        return f"Missed {self.stream} at {self.address_id} on {self.collection_date}"


class ContainerType(models.Model):
    """A bin or box residents can order, with the council's price (blank: free)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    stream = models.CharField(max_length=20, choices=Stream.choices)
    description = models.CharField(max_length=300, blank=True)
    price_pence = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["stream", "name"]

    def __str__(self):
        return self.name


class BulkyItem(models.Model):
    """Something residents can book a bulky collection for, with its price."""

    name = models.CharField(max_length=120)
    price_pence = models.PositiveIntegerField()
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


BULKY_REQUEST_TYPE = "bulky-collection"


def ward_area(ward_id) -> str:
    """The bookings core's area key of a ward ("ward-12")."""
    return f"ward-{int(ward_id)}"


def bulky_calendar():
    """The booking calendar of bulky collections (made on first use): its days are only
    those given places for a ward (``capacity`` 0), as the waste team sets them."""
    request_type = RequestType.objects.filter(slug=BULKY_REQUEST_TYPE).first()
    if request_type is None:  # before `sync_request_types` has run
        request_types_sync()
        request_type = RequestType.objects.get(slug=BULKY_REQUEST_TYPE)
    calendar, _made = BookingCalendar.objects.get_or_create(
        request_type=request_type,
        defaults={"capacity": 0, "weekdays": "0123456", "lead_working_days": 0},
    )
    return calendar


class BulkySlotQuerySet(models.QuerySet):
    """Bulky collection days are the bookings core's day rows (``casework.bookings.Slot``)
    of the bulky calendar, a ward's area each: ``ward``/``ward_id`` read and write
    the area key."""

    @staticmethod
    def _translate(kwargs: dict) -> dict:
        out = {}
        for key, value in kwargs.items():
            if key in ("ward", "ward_id"):
                out["area"] = ward_area(getattr(value, "pk", value))
            elif key in ("ward__in", "ward_id__in"):
                out["area__in"] = [ward_area(getattr(v, "pk", v)) for v in value]
            else:
                out[key] = value
        return out

    def _filter_or_exclude(self, negate, args, kwargs):
        return super()._filter_or_exclude(negate, args, self._translate(kwargs))

    def create(self, **kwargs):
        kwargs = self._translate(kwargs)
        if "calendar" not in kwargs and "calendar_id" not in kwargs:
            kwargs["calendar"] = bulky_calendar()
        return super().create(**kwargs)

    def get_or_create(self, defaults=None, **kwargs):
        return super().get_or_create(defaults=defaults, **self._translate(kwargs))


class BulkySlotManager(models.Manager.from_queryset(BulkySlotQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(calendar__request_type__slug=BULKY_REQUEST_TYPE)


class BulkySlot(Slot):
    """A day's capacity for bulky collections in a ward: a row of the bookings core
    (``booked`` never exceeds ``capacity``; one conditional UPDATE takes a place)."""

    objects = BulkySlotManager()

    class Meta:
        proxy = True
        ordering = ["date"]

    @property
    def ward_id(self) -> int | None:
        try:
            return int(self.area.removeprefix("ward-"))
        except ValueError:
            return None

    @property
    def ward(self):
        return Ward.objects.filter(pk=self.ward_id).first()

    def __str__(self):
        return f"{self.area} {self.date} {self.booked}/{self.capacity}"


class BulkyBooking(models.Model):
    class State(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        COLLECTED = "collected", _("Collected")

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="+")
    slot = models.ForeignKey(BulkySlot, on_delete=models.PROTECT, related_name="bulky_bookings")
    items = models.JSONField(
        default=list
    )  # [{"item": id, "name": ..., "quantity": n, "price_pence": p}]
    total_pence = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.AWAITING_PAYMENT)
    reminders_sent = models.JSONField(default=list, blank=True)  # days-before already reminded
    refund_pence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "slot"])]

    def __str__(self):
        return f"Bulky booking {self.pk} ({self.state})"


class GardenSubscription(models.Model):
    class State(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="garden_subscriptions"
    )
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="+")
    bins = models.PositiveSmallIntegerField()
    price_pence = models.PositiveIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.AWAITING_PAYMENT)
    renewal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    renewal_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "ends_on"])]

    def __str__(self):
        return f"Garden waste for {self.address_id} until {self.ends_on} ({self.state})"


class WastePolicy(models.Model):
    """The council's waste rules and prices, edited in the admin. One row."""

    missed_report_days = models.PositiveSmallIntegerField(
        default=2,
        help_text=_("Working days after a collection day that a missed bin can be reported"),
    )
    bulky_minimum_charge_pence = models.PositiveIntegerField(default=0)
    bulky_max_items = models.PositiveSmallIntegerField(default=10)
    bulky_cutoff_days = models.PositiveSmallIntegerField(
        default=2, help_text=_("Working days before the collection that bookings can be changed")
    )
    bulky_refund_percent = models.PositiveSmallIntegerField(
        default=100, help_text=_("Refunded when a booking is cancelled before the cut-off")
    )
    garden_price_per_bin_pence = models.PositiveIntegerField(default=4500)
    garden_max_bins = models.PositiveSmallIntegerField(default=3)
    garden_months = models.PositiveSmallIntegerField(default=12)
    garden_renewal_reminder_days = models.PositiveSmallIntegerField(default=30)

    class Meta:
        verbose_name_plural = "waste policy"

    def __str__(self):
        return "Waste policy"

    @classmethod
    def current(cls) -> "WastePolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

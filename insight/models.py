"""Service standards (set by admins) and the summary tables the figures are read from.

Pages never count cases: ``insight.actions.summaries_refresh`` (a Celery beat task and
``manage.py refresh_summaries``) turns cases, their timelines and journey step events
into one row per day and combination of request type, team, ward, channel and status.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Ward
from casework.models import Channel, RequestType, Team
from casework.workflow import Status


class ServiceStandard(models.Model):
    """What the council promises for a service, in plain words, and the share it aims for."""

    service = models.CharField(
        _("service"), max_length=50, help_text=_("The registered service it belongs to")
    )
    wording = models.CharField(
        _("standard"),
        max_length=300,
        help_text=_(
            'In plain words, e.g. "We collect a reported missed bin within 2 working days"'
        ),
    )
    request_types = models.ManyToManyField(
        RequestType,
        related_name="standards",
        verbose_name=_("request types"),
        help_text=_("Requests of these types are measured against their own target dates"),
    )
    target_percent = models.PositiveSmallIntegerField(
        _("target (%)"), default=90, help_text=_("The share of requests we aim to meet it for")
    )
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "order", "pk"]
        verbose_name = _("service standard")

    def __str__(self):
        return self.wording


class DailyFigure(models.Model):
    """One day's figures for one combination of request type, team, ward, channel and the
    cases' status now. Counts are of cases: made that day (``received``, response time),
    finished that day (``closed``, ``met_target``, first-time resolution, ratings) or
    reopened that day (``reopened``)."""

    day = models.DateField()
    service = models.CharField(max_length=50)
    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    ward = models.ForeignKey(Ward, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices)

    received = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    met_target = models.PositiveIntegerField(default=0)
    first_time_resolved = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    response_hours = models.FloatField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["day", "service"]),
            models.Index(fields=["service", "day"]),
        ]

    def __str__(self):
        return f"{self.day} {self.request_type_id}"


class TypeDayFigure(models.Model):
    """The same day's figures added up per request type: what the public service standards
    page reads. Its size is days x request types, however many cases there are (the daily
    figures above grow with wards, channels and statuses too)."""

    day = models.DateField()
    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="+")
    received = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    met_target = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request_type", "day"], name="one_type_day_figure")
        ]

    def __str__(self):
        return f"{self.day} {self.request_type_id}"


class OpenFigure(models.Model):
    """Cases open now (and overdue now), by the same dimensions: replaced whole each run."""

    service = models.CharField(max_length=50)
    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    ward = models.ForeignKey(Ward, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.request_type_id} {self.status}: {self.open}"


class JourneyFigure(models.Model):
    """One day's journey step events (casework.journeys): drafts started, answering each
    step, saved, sent, abandoned at a step."""

    day = models.DateField()
    journey = models.CharField(max_length=60)
    service = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=20)
    step = models.CharField(max_length=60, blank=True)
    drafts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "journey"])]

    def __str__(self):
        return f"{self.day} {self.journey} {self.kind} {self.step}"


class SummaryRun(models.Model):
    """Where the summaries got to: changes at or after ``cursor`` are still to be read."""

    cursor = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    days_recomputed = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Summaries up to {self.cursor}"

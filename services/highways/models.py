"""Street reports: what a public list needs of a case, without any personal data.

The case (casework) holds the report: category (request type), location
(latitude, longitude, location_text, nearest address), answers, photos, the
resident or one-off contact. This row adds what the public view filters and
shows: the ward and street worked out from the location, and the public title.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Ward


class StreetReport(models.Model):
    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, related_name="street_report"
    )
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    street = models.CharField(max_length=200, blank=True)
    # The resident's own words are shown publicly only if they agreed; staff can hide a report.
    public_title = models.CharField(max_length=150, blank=True)
    public_details = models.TextField(blank=True)
    hidden = models.BooleanField(default=False, help_text=_("Taken off the public list"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="street_report_newest"),
            models.Index(fields=["ward", "-created_at"], name="street_report_by_ward"),
        ]

    def __str__(self):
        return f"Street report {self.case_id}"

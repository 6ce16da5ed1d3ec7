"""Letter templates (M3), written by administrators, and the letters sent from them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.models import Case


class LetterTemplate(models.Model):
    """A letter to a constituent with merge fields in braces, e.g. ``{constituent}``
    (``services.members.letters.MERGE_FIELDS`` says which)."""

    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=200, help_text=_("The letter's heading"))
    body = models.TextField(help_text=_("Paragraphs separated by an empty line"))
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Letter(models.Model):
    """A letter as it was sent: its HTML is what the constituent got (and what a PDF is
    made from), never made again from a template that has changed since."""

    class Delivery(models.TextChoices):
        EMAIL = "email", _("Email")
        POST = "post", _("Post")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    template = models.ForeignKey(
        LetterTemplate, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    html = models.TextField()
    text = models.TextField()
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    sent_to = models.CharField(max_length=254, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.title} ({self.case_id})"

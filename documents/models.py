from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One document of a registered kind, for one owner and one set of params."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.SlugField(max_length=50)  # a registry kind
    key = models.CharField(max_length=64)  # sha256 of the params: one document per params
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    title = models.CharField(max_length=200, blank=True)
    filename = models.CharField(max_length=150, blank=True)
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    # Doubles as "queued at": a document pending for longer than STUCK_AFTER was lost.
    created_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "key"], name="one_document_per_params")
        ]
        indexes = [models.Index(fields=["kind", "state"])]

    def __str__(self):
        return f"{self.kind} {self.pk} ({self.state})"

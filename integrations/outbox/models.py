from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """Something that must leave the portal: a delivery to a back office, an e-mail, a text.

    Written in the same transaction as the change that caused it, so it is never
    lost; delivered after commit by a worker, and by the periodic sweep if the
    broker missed it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")

    kind = models.CharField(max_length=50, help_text=_("Which handler delivers it"))
    lock_key = models.CharField(
        max_length=80, blank=True, help_text=_("One delivery at a time per key")
    )
    idempotency_key = models.CharField(max_length=100, unique=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=8)
    next_attempt_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["lock_key", "state"]),
        ]

    def __str__(self):
        return f"{self.kind} {self.idempotency_key} ({self.state})"

from django.conf import settings
from django.db import models

from casework.due_reminders import DueReminder


class LinkPin(models.Model):
    """A one-time PIN posted to the property, for a resident without their bill (A6)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_tax_pins"
    )
    account_number = models.CharField(max_length=20)
    pin_hash = models.CharField(max_length=200)  # Django's password hasher: never the PIN
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    letter = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self):
        return f"PIN for {self.account_number} ({self.user_id})"


class InstalmentReminder(DueReminder):
    """A resident's wish to be reminded before each instalment is due (opt-in), on the
    core's reminder machinery (``casework.due_reminders``, which adds whether it is on and
    the next instalment as last read from the revenues system)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_tax_reminders"
    )
    account_number = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "account_number"], name="one_reminder_per_account"
            )
        ]
        indexes = [models.Index(fields=["active", "next_due_on"])]

    def __str__(self):
        return f"Reminders for {self.account_number} ({self.user_id})"

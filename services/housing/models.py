from django.conf import settings
from django.db import models

from casework.due_reminders import DueReminder


class RentReminder(DueReminder):
    """A tenant's wish to be reminded the day before their rent is due (opt-in), on the
    core's reminder machinery (``casework.due_reminders``: whether it is on, and the next
    rent day as last read from the housing system)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rent_reminders"
    )
    tenancy_reference = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenancy_reference"], name="one_rent_reminder_per_tenancy"
            )
        ]
        indexes = [models.Index(fields=["active", "next_due_on"])]

    def __str__(self):
        return f"Rent reminders for {self.tenancy_reference} ({self.user_id})"

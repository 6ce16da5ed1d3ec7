from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.due_reminders import DueReminder


class CouncilTaxPayment(models.Model):
    """A resident paying council tax online: taken by the payment core (integrations.pay),
    then passed to the revenues system through the outbox, and reconciled.

    started -> pending (the provider says paid; not yet on the account) -> received (the
    revenues system has it, with its reference); or not_paid (declined or cancelled)."""

    class State(models.TextChoices):
        STARTED = "started", _("Started")
        PENDING = "pending", _("Pending")
        RECEIVED = "received", _("Paid")
        NOT_PAID = "not_paid", _("Not paid")

    class What(models.TextChoices):
        INSTALMENT = "instalment", _("The next instalment")
        OVERDUE = "overdue", _("The overdue amount")
        BALANCE = "balance", _("The balance")
        AMOUNT = "amount", _("Another amount")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_tax_payments"
    )
    account_number = models.CharField(max_length=20)
    what = models.CharField(max_length=12, choices=What.choices)
    amount_pence = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.STARTED)
    payment = models.OneToOneField(
        "pay.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revenues_reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "account_number", "state"])]

    def __str__(self):
        return f"{self.account_number} {self.amount_pence}p ({self.state})"


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

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """GOV.UK Pay's payment states (its "payment status lifecycle")."""

    CREATED = "created", _("Created")  # the resident has not reached the card page yet
    STARTED = "started", _("Started")  # on the card page
    SUBMITTED = "submitted", _("Card details submitted")
    CAPTURABLE = "capturable", _("Authorised, not yet taken")
    SUCCESS = "success", _("Paid")
    FAILED = "failed", _("Failed")  # declined, expired or the provider's error: no money taken
    CANCELLED = "cancelled", _("Cancelled")
    ERROR = "error", _("Error")  # something went wrong at the provider: no money taken


FINISHED = frozenset({Status.SUCCESS, Status.FAILED, Status.CANCELLED, Status.ERROR})
UNFINISHED = frozenset(set(Status) - FINISHED)


class Payment(models.Model):
    """One attempt to take a payment for a case or a booking.

    ``status`` changes only when the provider has been asked (``actions.payment_confirm``),
    never because a browser came back to the return URL. ``id`` is what URLs carry:
    a random UUID, so a payment cannot be found by counting.
    """

    Status = Status

    class Provider(models.TextChoices):
        FAKE = "fake", _("Fake provider (development only)")
        GOVUK = "govuk", _("GOV.UK Pay")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    amount_pence = models.PositiveIntegerField()
    description = models.CharField(max_length=255, help_text=_("What the resident pays for"))
    reference = models.CharField(
        max_length=255, help_text=_("The case or booking reference the resident sees")
    )
    purpose = models.CharField(
        max_length=100, blank=True, help_text=_('Whom to tell of the outcome, e.g. "case:123"')
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
        help_text=_("Blank for residents paying without an account"),
    )
    email = models.EmailField(blank=True, help_text=_("Passed to the provider for the receipt"))
    moto = models.BooleanField(
        default=False, help_text=_("Card details typed in by staff for a caller (MOTO)")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    provider_payment_id = models.CharField(max_length=100, blank=True)
    next_url = models.CharField(max_length=2000, blank=True, help_text=_("The card page"))
    return_to = models.CharField(
        max_length=2000, help_text=_("The page of ours the resident goes to afterwards")
    )
    failure_message = models.CharField(max_length=200, blank=True)
    refunded_pence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The reconcile job: unfinished payments, oldest first.
            models.Index(fields=["status", "created_at"], name="pay_status_created"),
            models.Index(fields=["reference"], name="pay_reference"),
            models.Index(fields=["purpose"], name="pay_purpose"),
        ]
        permissions = [("refund_payment", _("Can refund payments"))]

    def __str__(self):
        return f"{self.reference} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def succeeded(self) -> bool:
        return self.status == Status.SUCCESS

    @property
    def refundable_pence(self) -> int:
        return max(self.amount_pence - self.refunded_pence, 0) if self.succeeded else 0


class Refund(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")  # accepted by the provider (or being sent)
        SUCCESS = "success", _("Refunded")
        ERROR = "error", _("Failed")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_pence = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    provider_refund_id = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Refund of {self.amount_pence}p on {self.payment.reference}"


class AccountPayment(models.Model):
    """Money paid online towards an account the council keeps in another system (council tax,
    business rates): taken by the payment core, then passed to that system through the
    outbox, and reconciled (``casework.account_payments``).

    started -> pending (the provider says paid; not yet on the account) -> received (the
    system has it, with its reference); or not_paid (declined or cancelled)."""

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

    service = models.CharField(max_length=40)  # the registered account service's slug
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_payments"
    )
    account_number = models.CharField(max_length=20)
    what = models.CharField(max_length=12, choices=What.choices)
    amount_pence = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.STARTED)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    back_office_reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "service", "account_number", "state"])]

    def __str__(self):
        return f"{self.service} {self.account_number} {self.amount_pence}p ({self.state})"

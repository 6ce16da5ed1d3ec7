from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.pay.actions import format_money
from integrations.pay.fake import CARD_CHOICES


class FakeCardForm(forms.Form):
    """The fake card page: which button was pressed."""

    choice = forms.ChoiceField(choices=[(choice, choice) for choice in CARD_CHOICES])


class RefundForm(forms.Form):
    """Staff (the admin): how much to give back, and why."""

    amount = forms.DecimalField(
        label=_("Amount to refund, in pounds"),
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        error_messages={
            "required": _("Enter the amount to refund"),
            "invalid": _("Enter the amount in pounds and pence, like 12.50"),
            "min_value": _("Enter an amount of at least 1p"),
            "max_decimal_places": _("Enter the amount in pounds and pence, like 12.50"),
            "max_digits": _("Enter a smaller amount"),
            "max_whole_digits": _("Enter a smaller amount"),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the payment; do not include card or bank details"),
        error_messages={"required": _("Enter the reason for the refund")},
    )

    def __init__(self, *args, refundable_pence: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable_pence = refundable_pence

    def clean_amount(self) -> int:
        pence = int(self.cleaned_data["amount"] * 100)
        if pence > self.refundable_pence:
            raise forms.ValidationError(
                _("You can refund at most %(money)s.")
                % {"money": format_money(self.refundable_pence)}
            )
        return pence

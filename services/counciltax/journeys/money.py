"""Ask for a refund when the account is in credit (to the card or a bank account), and ask
to pay this year's bill over 12 months instead of 10."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Outcome, Step
from casework.money import format_pence as pounds
from services.counciltax import rules, selectors
from services.counciltax.journeys import forms
from services.counciltax.journeys.base import Change, ChangeJourney, url_names


def _account(journey, ctx):
    """The linked account (cached briefly for this person), or None when it cannot be read
    now; read once a page."""

    def read():
        try:
            return selectors.council_tax_account_get(link=journey.link(ctx))
        except selectors.RevenuesUnavailable:
            return None

    return ctx.once("account", read)


def _cannot_check(title) -> Outcome:
    return Outcome(
        title=title,
        explanation=(
            _(
                "We cannot check your council tax account right now. Please try again in "
                "a few minutes."
            ),
        ),
    )


class Refund(ChangeJourney):
    slug = "council-tax-refund"
    request_type_slug = "council-tax-refund"
    url_names = url_names("refund")

    def steps(self, request_type):
        return [
            Step("to", forms.RefundToForm, _("Your refund")),
            Step(
                "bank",
                forms.BankDetailsForm,
                _("The bank account for your refund"),
                when=lambda values: values.get("refund_to") == "bank",
            ),
        ]

    def credit_pence(self, ctx) -> int | None:
        view = _account(self, ctx)
        if view is None or view.account is None:
            return None
        return max(-view.account.balance_pence, 0)

    def outcome(self, *, ctx, values, after):
        found = super().outcome(ctx=ctx, values=values, after=after)
        if found is not None or after is not None:
            return found
        credit = self.credit_pence(ctx)
        if credit is None:
            return _cannot_check(_("Ask for a council tax refund"))
        if credit == 0:
            return Outcome(
                title=_("Your account is not in credit"),
                explanation=(
                    _(
                        "You can ask for a refund when you have paid more than you owe. "
                        "Your council tax account is not in credit, so there is nothing to "
                        "refund."
                    ),
                ),
                instead=((_("See your council tax account"), reverse("counciltax:account")),),
            )
        return None

    def check_rows(self, *, ctx, walk):
        credit = self.credit_pence(ctx)
        if not credit:
            return []
        return [{"key": _("Amount to refund"), "value": pounds(credit)}]

    def change(self, *, ctx, walk):
        values = walk.values
        credit = self.credit_pence(ctx) or 0
        details = {"to": values["refund_to"], "amount_pence": credit}
        answers = {
            "amount": pounds(credit),
            "refund_to": _t("A bank account") if values["refund_to"] == "bank" else _t("Card"),
        }
        if values["refund_to"] == "bank":
            details.update(
                account_holder=values["account_holder"],
                sort_code=values["sort_code"],
                account_number=values["bank_account_number"],
            )
            answers["bank_account"] = (
                f"{rules.sort_code_text(values['sort_code'])} "
                f"{rules.account_ending(values['bank_account_number'])}"
            )
        return Change(kind="refund", details=details, answers=answers, summary=_t("Refund"))

    def next_steps(self, ctx, case):
        return (
            _t(
                "Our council tax system checks your account is still in credit, then pays "
                "the refund. It should reach you within 10 working days."
            ),
        )


class TwelveMonths(ChangeJourney):
    slug = "council-tax-instalments"
    request_type_slug = "council-tax-instalments"
    url_names = url_names("instalments")

    def steps(self, request_type):
        return [Step("confirm", forms.TwelveMonthsForm, _("Pay over 12 months"))]

    def outcome(self, *, ctx, values, after):
        found = super().outcome(ctx=ctx, values=values, after=after)
        if found is not None or after is not None:
            return found
        view = _account(self, ctx)
        if view is None:
            return _cannot_check(_("Pay council tax over 12 months"))
        bill = view.current
        if bill is not None and len(bill.instalments) >= 12:
            return Outcome(
                title=_("You already pay over 12 months"),
                explanation=(_("This year’s bill is already in 12 monthly instalments."),),
                instead=((_("See your council tax account"), reverse("counciltax:account")),),
            )
        return None

    def change(self, *, ctx, walk):
        return Change(
            kind="instalments_12",
            details={"instalments": 12},
            answers={"instalments": _t("12 a year")},
            summary=_t("Pay council tax over 12 months"),
        )

    def next_steps(self, ctx, case):
        return (
            _t(
                "We will send you a new bill with what is left to pay spread over the "
                "months up to March. Pay your next instalment as normal until it arrives."
            ),
        )


REFUND = Refund()
TWELVE_MONTHS = TwelveMonths()

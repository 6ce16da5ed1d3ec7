"""Set up or change a council tax Direct Debit: bank details checked by modulus, the Direct
Debit Guarantee shown, the day of the month chosen, the mandate sent to the revenues system."""

from __future__ import annotations

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Step
from services.counciltax import rules
from services.counciltax.journeys import forms
from services.counciltax.journeys.base import Change, ChangeJourney, url_names


class DirectDebit(ChangeJourney):
    slug = "council-tax-direct-debit"
    request_type_slug = "council-tax-direct-debit"
    url_names = url_names("direct_debit")
    check_template = "counciltax/changes/direct_debit_check.html"

    def steps(self, request_type):
        return [
            Step(
                "bank",
                forms.DirectDebitBankForm,
                _("Your bank details"),
                template="counciltax/changes/direct_debit_bank.html",
            ),
            Step("day", forms.DirectDebitDayForm, _("Payment date")),
        ]

    def change(self, *, ctx, walk):
        values = walk.values
        day = int(values["payment_day"])
        return Change(
            kind="direct_debit",
            details={
                "account_holder": values["account_holder"],
                "sort_code": values["sort_code"],
                "account_number": values["bank_account_number"],
                "payment_day": day,
            },
            # The case keeps only what the resident needs to recognise the account.
            answers={
                "name_on_the_account": values["account_holder"],
                "sort_code": rules.sort_code_text(values["sort_code"]),
                "account_number": rules.account_ending(values["bank_account_number"]),
                "payment_date": str(dict(rules.DIRECT_DEBIT_DAYS)[day]),
            },
            summary=_t("Pay council tax by Direct Debit"),
        )

    def next_steps(self, ctx, case):
        return (
            _t(
                "We will write to you within 3 working days to confirm your Direct Debit, "
                "with the amounts and the dates we will take them."
            ),
            _t(
                "We need at least 10 working days before the first payment. Until then, "
                "pay your instalments the way you do now."
            ),
        )


JOURNEY = DirectDebit()

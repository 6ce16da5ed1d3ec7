"""The "pay towards your account" page shared by the services whose accounts are kept in
another system (council tax, business rates): what to pay, then on to the payment provider.

The service's own view decides access (tier 2, the person's own linked account) and what
the account allows; this only translates the form into ``account_payment_start``."""

import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from casework import account_payments
from casework.resident.forms import AccountPayForm
from integrations.pay.providers import PaymentUnavailable

log = logging.getLogger(__name__)


def account_pay_page(
    request,
    *,
    service: str,
    account_number: str,
    choices: dict[str, int],
    balance_pence: int,
    return_to: str,
    page: dict,
):
    """``page``: the service's words for the template (heading, caption, note, back_url,
    here: this page's own path, to come back to when the provider cannot be reached)."""
    form = AccountPayForm(
        request.POST if request.method == "POST" else None,
        choices=account_payments.choices_for_form(choices),
        balance_pence=balance_pence,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = account_payments.account_payment_start(
                service=service,
                user=request.user,
                account_number=account_number,
                choices=choices,
                what=form.cleaned_data["what"],
                amount_pence=form.cleaned_data["amount"],
                return_to=return_to,
            )
        except account_payments.NothingToPay:
            form.no_longer_due()
        except PaymentUnavailable as exc:
            # The reason is for operators (a missing key, a provider down); the resident
            # is told what it means for them and that nothing was taken.
            log.warning("account payment for %s not started: %s", service, exc)
            messages.warning(
                request,
                _(
                    "We could not take you to the payment page, and no money has been "
                    "taken. Try again later"
                ),
            )
            return redirect(page["here"])
        else:
            return redirect(record.payment.next_url)
    return render(
        request,
        "casework/account_pay.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )

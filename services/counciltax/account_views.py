"""Council tax: the bill and a statement as PDF, paperless bills, and paying online.

Tier 2, and each page only ever acts on the account linked to the person signed in
(``selectors.council_tax_link_get``); the documents themselves are served by the
documents app through its one access function."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import tier2_required
from casework.resident.account_payment_views import account_pay_page
from services.counciltax import actions, papers, paying, selectors
from services.counciltax import reminders as council_tax_reminders
from services.counciltax.apps import SLUG
from services.counciltax.forms import PaperlessForm, RemindersForm
from services.counciltax.views import _unavailable


@tier2_required
@require_POST
def document(request, what: str):
    """Ask for the bill or a statement as PDF: on to the document's status page."""
    try:
        made = papers.council_tax_document_request(user=request.user, what=what)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    except papers.NoDocument:
        messages.warning(request, _("There is no bill on your account to make a PDF of."))
        return redirect("counciltax:account")
    if made is None:
        return redirect("counciltax:link")
    return redirect("documents:status", document_id=made.pk)


@tier2_required
def paperless(request):
    """Bills by e-mail only, or by post: the revenues system is asked through the outbox."""
    try:
        view = actions.council_tax_account_open(user=request.user)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if view is None:
        return redirect("counciltax:link")
    current = view.account.paperless if view.account else False
    form = PaperlessForm(
        request.POST if request.method == "POST" else None,
        initial={"paperless": "yes" if current else "no"},
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["paperless"]
        papers.council_tax_paperless_set(user=request.user, paperless=wanted)
        messages.success(
            request,
            _("We have asked for your bills to be sent by email only")
            if wanted
            else _("We have asked for your bills to be sent by post"),
        )
        return redirect("counciltax:account")
    return render(
        request,
        "counciltax/paperless.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )


@tier2_required
def pay(request):
    """Choose what to pay, then on to the payment provider; back to the account page."""
    try:
        view = actions.council_tax_account_open(user=request.user)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if view is None:
        return redirect("counciltax:link")
    choices = paying.payment_choices(view)
    if not choices:
        return render(request, "counciltax/nothing_to_pay.html", {"view": view})
    number = view.account.account_number
    return account_pay_page(
        request,
        service=SLUG,
        account_number=number,
        choices=choices,
        balance_pence=view.account.balance_pence,
        return_to=reverse("counciltax:account"),
        page={
            "heading": _("Pay your council tax"),
            "caption": _("Council tax account %(number)s") % {"number": number},
            "note": _(
                "You will pay by card on the next page. Your payment shows on your account as "
                "pending until our council tax system has it, usually within minutes."
            ),
            "back_url": reverse("counciltax:account"),
            "here": reverse("counciltax:pay"),
        },
    )


@tier2_required
def reminders(request):
    """Reminders before each instalment: on or off, for the linked account."""
    link = selectors.council_tax_link_get(user=request.user)
    if link is None:
        return redirect("counciltax:link")
    current = council_tax_reminders.reminder_get(user=request.user, account_number=link.account_ref)
    on = bool(current and current.active)
    form = RemindersForm(
        request.POST if request.method == "POST" else None,
        initial={"remind": "yes" if on else "no"},
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["remind"]
        council_tax_reminders.council_tax_reminders_set(user=request.user, on=wanted)
        messages.success(
            request,
            _("We will remind you before each instalment is due")
            if wanted
            else _("We will not remind you before instalments are due"),
        )
        return redirect("counciltax:account")
    return render(
        request,
        "counciltax/reminders.html",
        {"form": form, "on": on},
        status=400 if form.errors else 200,
    )

"""Order a bin or box (issue 5, waste item 4): which one, why and how many, then pay if
the council charges for it.

/waste/bins/                           start: your address, or another one
/waste/bins/address/?postcode=         find another address by postcode
/waste/bins/<uprn>/                    which bin or box (those collected at the address)
/waste/bins/<uprn>/<container>/        why and how many
/waste/bins/check/                     check your answers with the total; POST orders it
                                       (and goes on to the payment page when there is a price)
/waste/bins/sent/<reference>/          confirmation (an unpaid order shows its case page)

The answers wait in the session (``selectors.containers.SESSION_KEY``) and are checked
again on every page. Thin views: ``selectors.containers`` reads, ``actions.containers``
makes the case. Every page works without JavaScript; bad input is a 400 with an error
summary.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from casework import payments
from casework.forms import send_form_checked
from portal.rendering import render_form
from services.waste.actions import containers as actions
from services.waste.forms import containers as forms
from services.waste.selectors import containers as selectors
from services.waste.views.find_address import find_address as _find_address


def _request_type():
    request_type = selectors.request_type_get()
    if request_type is None:
        raise Http404
    return request_type


def _answers(request) -> dict:
    data = request.session.get(selectors.SESSION_KEY)
    return data if isinstance(data, dict) else {}


def _save(request, answers: dict) -> None:
    request.session[selectors.SESSION_KEY] = answers


def _case_url(case) -> str:
    return reverse("casework:detail", kwargs={"reference": case.reference})


def _sent_url(case) -> str:
    return reverse("waste:containers_sent", kwargs={"reference": case.reference})


@signed_in_required
def start(request):
    user = request.user
    return render(
        request,
        "waste/containers/start.html",
        {
            "request_type": selectors.request_type_get(),
            "address": user.address if user.address_id else None,
        },
    )


@signed_in_required
def find_address(request):
    _request_type()
    return _find_address(
        request,
        url_name="waste:containers_address",
        caption=str(_("Order a bin or box")),
        back_url=reverse("waste:containers_start"),
        chosen_url=lambda uprn: reverse("waste:containers_choose", kwargs={"uprn": uprn}),
    )


@signed_in_required
def choose(request, uprn):
    _request_type()
    address = selectors.address_get(uprn=uprn)
    containers = selectors.container_list(address=address)
    answers = _answers(request)
    if request.method == "POST" and containers:
        form = forms.ContainerForm(request.POST, containers=containers)
        if form.is_valid():
            slug = form.cleaned_data["container"]
            same = answers.get("uprn") == address.uprn and answers.get("container") == slug
            _save(request, {**(answers if same else {}), "uprn": address.uprn, "container": slug})
            return redirect("waste:containers_details", uprn=address.uprn, container=slug)
    else:
        initial = {"container": answers.get("container")} if answers.get("uprn") == uprn else {}
        form = forms.ContainerForm(initial=initial, containers=containers)
    return render_form(
        request,
        "waste/containers/choose.html",
        {
            "form": form,
            "address": address,
            "containers": containers,
            "has_collections": bool(containers) or bool(selectors.address_streams(address=address)),
            "mine": request.user.address_id == address.uprn,
        },
    )


@signed_in_required
def details(request, uprn, container):
    _request_type()
    address = selectors.address_get(uprn=uprn)
    container = selectors.container_get(address=address, slug=container)
    answers = _answers(request)
    if request.method == "POST":
        form = forms.DetailsForm(request.POST, container=container)
        if form.is_valid():
            _save(
                request,
                {
                    "uprn": address.uprn,
                    "container": container.slug,
                    "reason": form.cleaned_data["reason"],
                    "quantity": form.cleaned_quantity(),
                },
            )
            return redirect("waste:containers_check")
    else:
        same = answers.get("uprn") == address.uprn and answers.get("container") == container.slug
        initial = (
            {"reason": answers.get("reason"), "quantity": answers.get("quantity")} if same else {}
        )
        form = forms.DetailsForm(initial=initial, container=container)
    return render_form(
        request,
        "waste/containers/details.html",
        {
            "form": form,
            "address": address,
            "container": container,
            "price": selectors.price_text(container.price_pence),
            "refusal": selectors.additional_refusal(container),
        },
    )


def _render_check(request, order, form, existing):
    return render_form(
        request,
        "waste/containers/check.html",
        {
            "form": form,
            "order": order,
            "address": order.address,
            "existing": existing,
            "mine": request.user.address_id == order.address.uprn,
        },
    )


@signed_in_required
def check(request):
    request_type = _request_type()
    answers = _answers(request)
    order = selectors.order_from_answers(answers)
    if order is None:
        if answers.get("uprn") and answers.get("container"):
            return redirect(
                "waste:containers_details", uprn=answers["uprn"], container=answers["container"]
            )
        return redirect("waste:containers_start")
    existing = selectors.open_order_get(
        user=request.user, address=order.address, container=order.container
    )
    if request.method != "POST":
        form = forms.SendForm(initial={"version": order.version})
        return _render_check(request, order, form, existing)

    form = send_form_checked(
        forms.SendForm,
        request.POST,
        version=order.version,
        changed_message=_(
            "Your order or its price has changed since this page was shown. "
            "Check it, then place your order"
        ),
    )
    if form.errors:
        return _render_check(request, order, form, existing)
    case, _created = actions.container_order(
        user=request.user, order=order, request_type=request_type
    )
    request.session.pop(selectors.SESSION_KEY, None)
    if payments.case_needs_payment(case):
        return _pay(request, case)
    return redirect(_sent_url(case))


def _pay(request, case):
    """Straight on to the payment provider; if it cannot be reached, the order's page says
    so and offers "Pay now" again."""
    from integrations.pay.actions import PaymentUnavailable

    try:
        payment = payments.case_payment_start(
            case=case, user=request.user, return_to=_sent_url(case)
        )
    except PaymentUnavailable as exc:
        messages.warning(
            request,
            _("We have your order, but we could not take you to the payment page. %(reason)s")
            % {"reason": str(exc)},
        )
        return redirect(_case_url(case))
    return redirect(payment.next_url)


@signed_in_required
def sent(request, reference):
    case = selectors.case_for_confirmation(user=request.user, reference=reference)
    if case.status in selectors.NOT_CONFIRMED:  # unpaid, or given up: its own page says so
        return redirect(_case_url(case))
    return render(
        request,
        "waste/containers/confirmation.html",
        {"case": case, "case_url": _case_url(case), "answers": case.answers or {}},
    )

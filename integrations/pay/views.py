"""Coming back from the provider, GOV.UK Pay's webhooks, and the fake provider's card page."""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.pay import actions, fake, mapping
from integrations.pay.access import payment_for_viewer
from integrations.pay.forms import FakeCardForm
from integrations.pay.models import Status
from integrations.pay.providers import PaymentUnavailable, fake_active

log = logging.getLogger(__name__)
FAKE_CARDS_SESSION_KEY = "pay_fake_cards"  # the fake's card pages this browser opened


def payment_return(request, payment_id):
    """Where the provider sends the resident back. We ask the provider; the visit proves nothing."""
    payment = payment_for_viewer(request, payment_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        payment = actions.payment_confirm(payment_id=payment.pk)
    except PaymentUnavailable as exc:
        # Not known yet: the page says so, and the reconcile job asks again.
        log.warning("pay: payment %s not confirmed on return: %s", payment.pk, exc.detail)
    # Checked again here, not only when the payment was made: never send anyone off-site.
    return_to = payment.return_to if actions.is_internal_path(payment.return_to) else "/"
    if not payment.is_finished:
        return render(request, "pay/pending.html", {"payment": payment, "return_to": return_to})
    if payment.succeeded:
        messages.success(request, _("Your payment has been received. Thank you."))
    elif payment.status == Status.CANCELLED:
        messages.info(request, _("You cancelled your payment. You have not been charged."))
    else:
        messages.warning(request, _("Your payment did not go through. You have not been charged."))
    return redirect(return_to)


WEBHOOK_MAX_BODY = 64 * 1024  # one payment: a few kilobytes


@csrf_exempt
@never_cache
@require_POST
def webhook(request):
    """GOV.UK Pay telling us of a payment (``POST /integrations/pay/webhook``), signed."""
    body = request.body
    if len(body) > WEBHOOK_MAX_BODY:
        return JsonResponse({"error": "The body is too large."}, status=400)
    signature = request.headers.get("Pay-Signature", "")
    if not mapping.signature_matches(settings.PAY_WEBHOOK_SIGNING_SECRET, body, signature):
        log.warning("pay: webhook refused: %s", "bad signature" if signature else "unsigned")
        return JsonResponse({"error": "Sign the body in the Pay-Signature header."}, status=401)
    try:
        event = mapping.webhook_event(json.loads(body))
        payment = actions.payment_event_record(event=event)
    except ValueError as exc:  # not JSON, not an event, not this payment's amount
        log.warning("pay: webhook refused: %s", exc)
        return JsonResponse({"error": "Not a payment event we can use."}, status=400)
    return JsonResponse({"recorded": payment is not None})


def fake_card(request, provider_id):
    """The fake of GOV.UK Pay's card page (development): pay, decline or cancel. Only the
    browser that first opened it may use it (this session remembers which it opened)."""
    if not fake_active():
        raise Http404
    the_fake = fake.in_process()
    opened = list(request.session.get(FAKE_CARDS_SESSION_KEY, []))
    if request.method == "POST":
        form = FakeCardForm(request.POST)
        if not form.is_valid():
            raise Http404  # only our own buttons post here
        found = the_fake.card_press(provider_id, opened, form.cleaned_data["choice"])
        if found is None:
            raise Http404
        return redirect(found["return_url"])
    found = the_fake.card_open(provider_id, opened)
    if found is None:
        raise Http404
    if provider_id not in opened:
        request.session[FAKE_CARDS_SESSION_KEY] = [*opened, provider_id][-20:]
    if not fake.card_is_open(found):
        return redirect(found["return_url"])  # as GOV.UK Pay does for a finished payment
    return render(request, "pay/fake_card.html", {"fake": found})

"""Who may come back to a payment: its owner, or the browser that started it.

Residents without an account pay too (a one-off booking), so the browser
session that created a payment may see it: services call
``remember_payment_in_session`` when they send someone to pay.
"""

from django.http import Http404

from integrations.pay.models import Payment

SESSION_KEY = "pay_payments"
REMEMBERED = 20  # a session remembers its last few payments, not all of them


def remember_payment_in_session(request, payment: Payment) -> None:
    remembered = [p for p in request.session.get(SESSION_KEY, []) if p != str(payment.pk)]
    request.session[SESSION_KEY] = [*remembered, str(payment.pk)][-REMEMBERED:]


def payment_for_viewer(request, payment_id) -> Payment:
    """The payment, if this visitor may see it; 404 both for "no such payment" and "not yours"."""
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None:
        raise Http404
    user = request.user
    if payment.owner_id is not None and user.is_authenticated and payment.owner_id == user.pk:
        return payment
    if str(payment.pk) in request.session.get(SESSION_KEY, []):
        return payment
    raise Http404

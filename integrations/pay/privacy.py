"""What payments add to 'download my data' (A9): the person's own payments and refunds.

Payments are financial records the council keeps for its own retention period, so
closing an account keeps them, linked to the anonymised account row; the e-mail
address given to the provider for the receipt goes. Card details never reach the
portal, so there are none to give.
"""

from integrations.pay.models import Payment


def payments_export(user) -> list[dict]:
    payments = Payment.objects.filter(owner=user).prefetch_related("refunds").order_by("created_at")
    return [
        {
            "reference": payment.reference,
            "for": payment.description,
            "amount_pence": payment.amount_pence,
            "status": payment.get_status_display(),
            "provider": payment.get_provider_display(),
            "started": payment.created_at.isoformat(),
            "refunded_pence": payment.refunded_pence,
            "refunds": [
                {
                    "amount_pence": refund.amount_pence,
                    "status": refund.get_status_display(),
                    "when": refund.created_at.isoformat(),
                }
                for refund in payment.refunds.all()
            ],
        }
        for payment in payments
    ]


def on_account_closed(user) -> None:
    Payment.objects.filter(owner=user).exclude(email="").update(email="")

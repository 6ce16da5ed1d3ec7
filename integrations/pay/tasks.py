from celery import shared_task

from integrations.pay import actions


@shared_task(ignore_result=True)
def reconcile_payments_task() -> None:
    actions.payment_reconcile()
    actions.refunds_reconcile()

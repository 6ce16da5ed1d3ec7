from celery import shared_task

from integrations.outbox import worker


@shared_task(acks_late=True, ignore_result=True)
def deliver_message_task(message_id: int) -> None:
    worker.message_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def sweep_outbox_task() -> None:
    worker.outbox_sweep()

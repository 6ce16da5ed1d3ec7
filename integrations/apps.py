from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"

    def ready(self):
        from integrations import (
            checks,  # noqa: F401 - registers the deploy check
            email_connector,
            housing,
            open311_client,
            revenues,
            webhook,
        )
        from integrations.notify.transports import deliver_email, deliver_sms
        from integrations.outbox.registry import handlers

        handlers.register("notify.email", deliver_email)
        handlers.register("notify.sms", deliver_sms)
        webhook.register()
        open311_client.register()
        email_connector.register()
        revenues.register()
        housing.register()

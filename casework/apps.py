from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from casework.notifications import on_message_result
        from integrations.outbox.registry import add_listener

        for kind in ("notify.email", "notify.sms"):
            add_listener(kind, on_message_result)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    name = "integrations.pay"
    label = "pay"
    verbose_name = _("Payments")

    def ready(self):
        from accounts.data_export import closing_hooks, sections
        from integrations.pay import (
            checks,  # noqa: F401 - registers the system checks
            privacy,
        )

        sections.register("payments", privacy.payments_export)
        closing_hooks.register("payments", privacy.on_account_closed)

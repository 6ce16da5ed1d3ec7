from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    name = "integrations.pay"
    label = "pay"
    verbose_name = _("Payments")

    def ready(self):
        from accounts.data_export import register_closing_hook, register_section
        from integrations.pay import (
            checks,  # noqa: F401 - registers the system checks
            privacy,
        )

        register_section("payments", privacy.payments_export)
        register_closing_hook("payments", privacy.on_account_closed)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    name = "integrations.pay"
    label = "pay"
    verbose_name = _("Payments")

    def ready(self):
        from integrations.pay import checks  # noqa: F401 - registers the system checks

        # Payments' part of "download my data" and of closing an account is registered by
        # accounts (AccountsConfig.ready): integrations sit below accounts.

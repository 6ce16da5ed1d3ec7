from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from accounts.data_export import register_closing_hook, register_section
        from casework import drafts, payments, privacy
        from casework.delivery import on_delivery_result
        from casework.notifications import on_message_result
        from integrations.connectors import add_delivery_listener
        from integrations.outbox.registry import add_listener

        for kind in ("notify.email", "notify.sms"):
            add_listener(kind, on_message_result)
        add_delivery_listener(on_delivery_result)
        register_section("requests", privacy.cases_export)
        register_section("following", privacy.follows_export)
        register_section("saved_requests", drafts.drafts_export)
        register_closing_hook("casework", privacy.on_account_closed)
        payments.register()

        from django.contrib.auth.signals import user_logged_in

        from casework.journeys.owners import visitor_drafts_adopt_on_sign_in

        def _adopt(sender, request, user, **kwargs):
            visitor_drafts_adopt_on_sign_in(request, user)

        user_logged_in.connect(_adopt, weak=False, dispatch_uid="casework.visitor_drafts_adopt")

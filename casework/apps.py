from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from accounts.data_export import closing_hooks, sections
        from casework import drafts, payments, privacy
        from casework.outbox_listeners import on_delivery_result, on_message_result
        from integrations.connectors import KIND_PREFIX
        from integrations.outbox.registry import Listener, listeners

        listeners.register(
            "casework-notifications",
            Listener(on_message_result, kinds=("notify.email", "notify.sms")),
        )
        # Every connector's messages, whichever connectors register (before or after this).
        listeners.register("casework-delivery", Listener(on_delivery_result, prefix=KIND_PREFIX))
        sections.register("requests", privacy.cases_export)
        sections.register("following", privacy.follows_export)
        sections.register("saved_requests", drafts.drafts_export)
        closing_hooks.register("casework", privacy.on_account_closed)
        payments.register()

        from django.contrib.auth.signals import user_logged_in

        from casework.journeys.owners import visitor_drafts_adopt_on_sign_in

        def _adopt(sender, request, user, **kwargs):
            visitor_drafts_adopt_on_sign_in(request, user)

        user_logged_in.connect(_adopt, weak=False, dispatch_uid="casework.visitor_drafts_adopt")

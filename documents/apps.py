from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents (PDF) made in the background for a person or for staff."""

    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.data_export import closing_hooks
        from documents.actions import documents_on_account_closed

        closing_hooks.register("documents", documents_on_account_closed)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkingConfig(AppConfig):
    """Linking a sensitive service's account (council tax, rent...) to a person, with proof."""

    name = "linking"
    verbose_name = _("Linked service accounts")
    default_auto_field = "django.db.models.BigAutoField"

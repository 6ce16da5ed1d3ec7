from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "council-tax"


class CouncilTaxConfig(AppConfig):
    name = "services.counciltax"
    label = "counciltax"
    verbose_name = _("Council tax")

    def ready(self):
        from casework.registry import ServiceDefinition, register_service

        register_service(
            ServiceDefinition(
                slug=SLUG,
                name=_("Council tax"),
                summary=_("See your council tax bill, instalments, payments and balance."),
                start_url_name="counciltax:account",
                home_panels=("counciltax/includes/home_panel.html",),
            )
        )

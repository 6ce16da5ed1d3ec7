from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "hb-landlord"


class LandlordsConfig(AppConfig):
    name = "services.landlords"
    label = "landlords"
    verbose_name = _("Housing Benefit for landlords")

    def ready(self):
        from casework.registry import ServiceDefinition, definitions

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                name=_("Housing Benefit for landlords"),
                summary=_(
                    "If we pay your tenants' Housing Benefit to you, see each payment and "
                    "which tenants it was for."
                ),
                start_url_name="landlords:payments",
                home_panels=("landlords/includes/home_panel.html",),
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "hb-landlord"


class LandlordsConfig(AppConfig):
    name = "services.landlords"
    label = "landlords"
    verbose_name = _("Housing Benefit for landlords")

    def ready(self):
        from casework.registry import ServiceDefinition, definitions
        from linking.registry import linkables
        from services.landlords.demo import load as demo_load
        from services.landlords.link import LINKABLE

        # The landlord links it with details from the payment advice (/housing-benefit-
        # landlords/link/); the contact centre does not link it for a caller.
        linkables.add(LINKABLE, order=4)

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Housing Benefit for landlords"),
                summary=_(
                    "If we pay your tenants' Housing Benefit to you, see each payment and "
                    "which tenants it was for."
                ),
                start_url_name="landlords:payments",
                home_panels=("landlords/includes/home_panel.html",),
            ),
            # Its demo adds to the revenues file the council tax and business rates demos write.
            after="business-rates",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "business-rates"
TEAM = "revenues"
# The changes a business makes to its account, each a request type whose cases go to the
# revenues system (connector "revenues"): slug -> (name, description, target in days).
CHANGE_TYPES = {
    "business-rates-small-business-relief": (
        _("Apply for small business rate relief"),
        _("Less to pay, or nothing, when your property's rateable value is under £15,000."),
        20,
    ),
    "business-rates-moving-out": (
        _("Tell us you have moved out of a business property"),
        _("The date you left, where to write to you, and the new occupier if you know."),
        10,
    ),
}


class BusinessRatesConfig(AppConfig):
    name = "services.businessrates"
    label = "businessrates"
    verbose_name = _("Business rates")

    def ready(self):
        from casework.registry import RequestTypeDefaults, ServiceDefinition, definitions
        from linking.registry import linkables
        from services.businessrates import paying
        from services.businessrates.demo import load as demo_load
        from services.businessrates.link import LINKABLE

        # The business links it with details from the bill (/business-rates/link/), and the
        # contact centre links it for a caller who passed the security questions.
        linkables.add(LINKABLE, order=2)

        paying.register()  # payments: from the provider, to the revenues system

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Business rates"),
                summary=_("See your business rates bill, rateable value, reliefs and payments."),
                start_url_name="businessrates:account",
                home_panels=("businessrates/includes/home_panel.html",),
                request_types=tuple(
                    RequestTypeDefaults(
                        slug=slug,
                        name=name,
                        description=description,
                        sla_days=days,
                        team=TEAM,
                        auth_tier=2,
                        connector="revenues",
                        connector_settings={
                            "name": "the business rates team",
                            "system": "business rates",
                        },
                    )
                    for slug, (name, description, days) in CHANGE_TYPES.items()
                ),
                data_export={"business_rates": paying.business_rates_export},
            ),
            # Its demo adds to the revenues file the council tax demo writes.
            after="council-tax",
        )

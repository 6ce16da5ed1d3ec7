from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "business-rates"


class BusinessRatesConfig(AppConfig):
    name = "services.businessrates"
    label = "businessrates"
    verbose_name = _("Business rates")

    def ready(self):
        from casework.registry import ServiceDefinition, definitions
        from services.businessrates.demo import load as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Business rates"),
                summary=_("See your business rates bill, rateable value, reliefs and payments."),
                start_url_name="businessrates:account",
                home_panels=("businessrates/includes/home_panel.html",),
            ),
            # Its demo adds to the revenues file the council tax demo writes.
            after="council-tax",
        )

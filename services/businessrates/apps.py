from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "business-rates"


class BusinessRatesConfig(AppConfig):
    name = "services.businessrates"
    label = "businessrates"
    verbose_name = _("Business rates")

    def ready(self):
        from accounts.data_export import register_section
        from casework.registry import ServiceDefinition, register_service
        from services.businessrates import paying

        paying.register()  # payments: from the provider, to the revenues system
        register_section("business_rates", paying.business_rates_export)

        register_service(
            ServiceDefinition(
                slug=SLUG,
                name=_("Business rates"),
                summary=_("See your business rates bill, rateable value, reliefs and payments."),
                start_url_name="businessrates:account",
                home_panels=("businessrates/includes/home_panel.html",),
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "business-rates"


class BusinessRatesConfig(AppConfig):
    name = "services.businessrates"
    label = "businessrates"
    verbose_name = _("Business rates")

    def ready(self):
        from casework.registry import ServiceDefinition, register_service
        from linking.registry import Linkable, register_linkable
        from services.businessrates.actions import business_rates_record_find
        from services.businessrates.forms import account_number_clean

        # The contact centre links it for a caller who passed the security questions.
        register_linkable(
            Linkable(
                slug=SLUG,
                name=_("business rates account"),
                reference_label=_("Business rates account number"),
                reference_hint=_("8 numbers, at the top of the bill. For example, 70012345."),
                clean_reference=account_number_clean,
                find=business_rates_record_find,
                order=2,
            )
        )

        register_service(
            ServiceDefinition(
                slug=SLUG,
                name=_("Business rates"),
                summary=_("See your business rates bill, rateable value, reliefs and payments."),
                start_url_name="businessrates:account",
                home_panels=("businessrates/includes/home_panel.html",),
            )
        )

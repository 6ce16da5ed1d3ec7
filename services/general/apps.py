from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "general"


class GeneralConfig(AppConfig):
    name = "services.general"
    label = "general"
    verbose_name = _("General enquiries")

    def ready(self):
        from casework.registry import RequestTypeDefaults, ServiceDefinition, definitions

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                name=_("General enquiries"),
                summary=_("Ask the council a question, or book a service such as pest control."),
                start_url_name="general:start",
                home_panels=("general/includes/home_panel.html",),
                request_types=(
                    RequestTypeDefaults(
                        slug="general-enquiry",
                        name=_("Ask a question"),
                        description=_(
                            "Ask us something that is not covered by one of our other services."
                        ),
                        sla_days=10,
                        sla_working_days=True,
                        team="customer-services",
                    ),
                    RequestTypeDefaults(
                        slug="pest-control-treatment",
                        name=_("Book a pest control treatment"),
                        description=_(
                            "We treat rats, mice and wasp nests at your home. "
                            "You pay for the treatment when you book it."
                        ),
                        fee_pence=4500,
                        sla_days=10,
                        team="environmental-health",
                        needs_address=True,
                    ),
                ),
            )
        )

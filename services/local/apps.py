from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "local"


class LocalConfig(AppConfig):
    name = "services.local"
    label = "local"
    verbose_name = _("Find my local")

    def ready(self):
        from casework.registry import ServiceDefinition, definitions
        from services.local.demo import load_all as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Your local area"),
                summary=_(
                    "Your ward councillors, where you vote, your bin days and council "
                    "places near you."
                ),
                home_panels=("local/includes/home_panel.html",),
            )
        )

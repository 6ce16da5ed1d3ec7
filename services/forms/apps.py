from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "forms"


class FormsConfig(AppConfig):
    name = "services.forms"
    label = "builtforms"
    verbose_name = _("Forms built by administrators")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from casework.registry import ServiceDefinition, definitions
        from services.forms.api import api_questions_for
        from services.forms.demo import load_all as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Other services"),
                summary=_(
                    "Apply for a skip permit, book pest control, ask for information and more."
                ),
                start_url_name="forms:start",
                home_panels=("service_forms/includes/home_panel.html",),
                api_questions=api_questions_for,
            )
        )

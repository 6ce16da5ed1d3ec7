from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "council-tax"


class CouncilTaxConfig(AppConfig):
    name = "services.counciltax"
    label = "counciltax"
    verbose_name = _("Council tax")

    def ready(self):
        from casework.registry import ServiceDefinition, StaffPage, register_service
        from services.counciltax import documents, paying

        documents.register()  # the bill, statement and PIN letter (PDF, in the background)
        paying.register()  # payments: from the provider, to the revenues system

        # Instalment reminders are the person's own wish, not a record: gone with the account.
        from accounts.data_export import register_closing_hook, register_section
        from services.counciltax.reminders import reminders_on_account_closed

        register_closing_hook("council_tax_reminders", reminders_on_account_closed)
        register_section("council_tax", paying.council_tax_export)

        register_service(
            ServiceDefinition(
                slug=SLUG,
                name=_("Council tax"),
                summary=_("See your council tax bill, instalments, payments and balance."),
                start_url_name="counciltax:account",
                home_panels=("counciltax/includes/home_panel.html",),
                staff_pages=(
                    StaffPage(
                        title=_("Council tax PIN letters to post"),
                        url_name="counciltax_staff:print_room",
                        allowed=lambda user: user.is_staff,
                    ),
                ),
            )
        )

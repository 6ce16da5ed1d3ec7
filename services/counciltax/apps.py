from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "council-tax"
TEAM = "revenues"
# The changes a resident makes to their account, each a request type whose cases go to the
# revenues system (connector "revenues"): slug -> (name, description, target in days).
CHANGE_TYPES = {
    "council-tax-single-person-discount": (
        _("Apply for or end single person discount"),
        _("25% off your council tax bill if you are the only adult living at home."),
        10,
    ),
    "council-tax-discounts-exemptions": (
        _("Apply for a council tax discount, disregard or exemption"),
        _(
            "When everyone is a student, someone is a carer or has a severe mental "
            "impairment, or an empty home’s resident is in a care home."
        ),
        10,
    ),
    "council-tax-direct-debit": (
        _("Set up or change a council tax Direct Debit"),
        _("Pay your council tax instalments by Direct Debit."),
        5,
    ),
    "council-tax-move": (
        _("Tell us you are moving"),
        _("Moving into, within or out of the area."),
        10,
    ),
    "council-tax-refund": (
        _("Ask for a council tax refund"),
        _("When your council tax account is in credit."),
        10,
    ),
    "benefit-change-of-circumstances": (
        _("Report a change in circumstances for your benefits"),
        _(
            "A change to your income, household or address while you get Housing Benefit "
            "or Council Tax Support."
        ),
        10,
    ),
    "council-tax-instalments": (
        _("Pay council tax over 12 months"),
        _("Spread this year’s bill over 12 monthly instalments instead of 10."),
        5,
    ),
}


class CouncilTaxConfig(AppConfig):
    name = "services.counciltax"
    label = "counciltax"
    verbose_name = _("Council tax")

    def ready(self):
        from casework.registry import (
            RequestTypeDefaults,
            ServiceDefinition,
            StaffPage,
            definitions,
        )
        from services.counciltax import documents, paying

        documents.register()  # the bill, statement and PIN letter (PDF, in the background)
        paying.register()  # payments: from the provider, to the revenues system

        # Each instalment reminder stops in one click from its message, without signing in.
        from accounts import reminder_stops
        from services.counciltax import reminders

        reminder_stops.kinds.add(
            reminder_stops.ReminderKind(
                name=reminders.STOP_KIND,
                find=reminders.reminder_for_stop_link,
                describe=reminders.reminder_stop_words,
                is_active=lambda reminder: reminder.active,
                stop=lambda reminder: reminders.council_tax_reminder_stop(reminder=reminder),
                manage_url_name="counciltax:reminders",
                ask_title=_("Stop council tax reminders?"),
                stopped_title=_("Council tax reminders stopped"),
            )
        )

        from accounts.tell_us_once import Receiver, receivers
        from services.counciltax.actions import (
            council_tax_tell_us_once_offer,
            council_tax_tell_us_once_send,
        )
        from services.counciltax.reminders import reminders_on_account_closed

        # Tell us once (A5): a new address or phone number offered to the linked account.
        receivers.add(
            Receiver(
                slug=SLUG,
                name=_("Council tax"),
                offer=council_tax_tell_us_once_offer,
                send=council_tax_tell_us_once_send,
            )
        )

        from linking.registry import linkables
        from services.counciltax.link import LINKABLE

        # The resident links it with details from the bill (/council-tax/link/), and the
        # contact centre links it for a caller who passed the security questions.
        linkables.add(LINKABLE, order=1)

        from services.counciltax.demo import load as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Council tax"),
                summary=_("See your council tax bill, instalments, payments and balance."),
                start_url_name="counciltax:account",
                home_panels=("counciltax/includes/home_panel.html",),
                data_export={"council_tax": paying.council_tax_export},
                # Instalment reminders are the person's own wish, not a record: gone with
                # the account.
                on_account_closed=reminders_on_account_closed,
                staff_pages=(
                    StaffPage(
                        title=_("Council tax PIN letters to post"),
                        url_name="counciltax_staff:print_room",
                        allowed=lambda user: user.is_staff,
                    ),
                ),
                request_types=tuple(
                    RequestTypeDefaults(
                        slug=slug,
                        name=name,
                        description=description,
                        sla_days=days,
                        team=TEAM,
                        auth_tier=2,
                        connector="revenues",
                        connector_settings={"name": "the council tax team"},
                    )
                    for slug, (name, description, days) in CHANGE_TYPES.items()
                ),
            )
        )

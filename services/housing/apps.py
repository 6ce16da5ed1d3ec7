from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "housing"
TEAM = "housing"
REPAIR = "housing-repair"
ASB = "housing-asb"
RENT_PAYMENT = "housing-rent-payment"
ARRANGEMENT = "housing-arrangement"


class HousingConfig(AppConfig):
    name = "services.housing"
    label = "housing"
    verbose_name = _("Housing")

    def ready(self):
        from casework.bookings.registry import register_booking_listener
        from casework.registry import RequestTypeDefaults, ServiceDefinition, register_service
        from linking.registry import Linkable, register_linkable
        from services.housing import documents
        from services.housing.actions import repair_appointment_changed, tenancy_record_find
        from services.housing.forms import tenancy_reference_clean

        # The contact centre links it for a caller who passed the security questions.
        register_linkable(
            Linkable(
                slug=SLUG,
                name=_("council tenancy"),
                reference_label=_("Tenancy reference"),
                reference_hint=_("HT- and 6 numbers, on the rent letter. For example, HT-100001."),
                clean_reference=tenancy_reference_clean,
                find=tenancy_record_find,
                order=3,
            )
        )

        documents.register()  # the rent statement (PDF, in the background)

        # Rent reminders are the person's own wish, not a record: gone with the account.
        from accounts.data_export import register_closing_hook, register_section
        from services.housing.reminders import REMINDERS, rent_reminders_export

        register_closing_hook("rent_reminders", REMINDERS.on_account_closed)
        register_section("housing", rent_reminders_export)

        from integrations.housing import FOLLOW_ON_KIND
        from integrations.outbox.registry import add_listener
        from services.housing.actions import follow_on_result

        # "Not fixed": the follow-on job's outcome goes on the case.
        add_listener(FOLLOW_ON_KIND, follow_on_result)

        # A repair's appointment moved or cancelled on the case page: the contractor hears.
        register_booking_listener(repair_appointment_changed)

        register_service(
            ServiceDefinition(
                slug=SLUG,
                name=_("Council housing"),
                summary=_(
                    "See your rent account and pay rent, report a repair and book an "
                    "appointment, report anti-social behaviour."
                ),
                start_url_name="housing:account",
                home_panels=("housing/includes/home_panel.html",),
                request_types=(
                    RequestTypeDefaults(
                        slug=REPAIR,
                        name=_("Report a repair"),
                        description=_("A repair to your council home or your block."),
                        sla_days=20,
                        team=TEAM,
                        auth_tier=1,
                        needs_address=True,
                    ),
                    RequestTypeDefaults(
                        slug=ASB,
                        name=_("Report anti-social behaviour"),
                        description=_("Anti-social behaviour affecting you or your home."),
                        sla_days=10,
                        team=TEAM,
                        auth_tier=1,
                        public=False,
                        followable=False,
                    ),
                    RequestTypeDefaults(
                        slug=RENT_PAYMENT,
                        name=_("Pay rent"),
                        description=_("A payment to your rent account."),
                        sla_days=5,
                        team=TEAM,
                        auth_tier=2,
                        notification_texts={},
                    ),
                    RequestTypeDefaults(
                        slug=ARRANGEMENT,
                        name=_("Ask to pay rent arrears in instalments"),
                        description=_("An arrangement to pay off rent arrears."),
                        sla_days=10,
                        team=TEAM,
                        auth_tier=2,
                    ),
                ),
            )
        )

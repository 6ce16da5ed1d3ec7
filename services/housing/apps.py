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
        from casework.bookings.registry import booking_listeners
        from casework.registry import RequestTypeDefaults, ServiceDefinition, definitions
        from integrations.housing import FOLLOW_ON_KIND
        from integrations.outbox.registry import Listener, listeners
        from linking.registry import linkables
        from services.housing import documents
        from services.housing.actions import follow_on_result, repair_appointment_changed
        from services.housing.link import LINKABLE
        from services.housing.reminders import REMINDERS, rent_reminders_export

        # The tenant links it with details from the rent letter (/housing/link/), and the
        # contact centre links it for a caller who passed the security questions.
        linkables.add(LINKABLE, order=3)

        documents.register()  # the rent statement (PDF, in the background)

        # Each rent reminder stops in one click from its message, without signing in.
        from accounts import reminder_stops
        from services.housing import reminders

        reminder_stops.kinds.add(
            reminder_stops.ReminderKind(
                name=reminders.STOP_KIND,
                find=reminders.reminder_for_stop_link,
                describe=reminders.reminder_stop_words,
                is_active=lambda reminder: reminder.active,
                stop=lambda reminder: reminders.rent_reminder_stop(reminder=reminder),
                manage_url_name="housing:reminders",
                ask_title=_("Stop rent reminders?"),
                stopped_title=_("Rent reminders stopped"),
            )
        )

        # "Not fixed": the follow-on job's outcome goes on the case.
        listeners.register("housing-follow-on", Listener(follow_on_result, kinds=(FOLLOW_ON_KIND,)))

        # A repair's appointment moved or cancelled on the case page: the contractor hears.
        booking_listeners.register("housing-repairs", repair_appointment_changed)

        from services.housing.demo import TENANCY_FORMS
        from services.housing.demo import load_all as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                demo_forms=tuple(TENANCY_FORMS),
                data_export={"housing": rent_reminders_export},
                # Rent reminders are the person's own wish, not a record: gone with the account.
                on_account_closed=REMINDERS.on_account_closed,
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

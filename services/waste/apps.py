from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SLUG = "waste"
TEAM = "waste-services"


class WasteConfig(AppConfig):
    name = "services.waste"
    label = "waste"
    verbose_name = _("Bins and waste")

    def ready(self):
        # Each reminder's message stops it in one click, without signing in.
        from accounts import reminder_stops
        from accounts.access import is_staff_verified

        # Tell us once (A5): a new address offered to the person's bin reminders.
        from accounts.tell_us_once import Receiver, receivers
        from casework.registry import (
            RequestTypeDefaults,
            ServiceDefinition,
            StaffPage,
            definitions,
        )
        from services.waste.actions.reminders import (
            reminder_stop,
            reminders_on_account_closed,
            reminders_tell_us_once_send,
        )
        from services.waste.selectors import reminders as reminder_selectors
        from services.waste.selectors.notices import may_send_notices
        from services.waste.selectors.reminders import (
            reminders_export,
            reminders_tell_us_once_offer,
        )

        reminder_stops.kinds.add(
            reminder_stops.ReminderKind(
                name=reminder_selectors.STOP_KIND,
                find=reminder_selectors.reminder_for_stop_link,
                describe=reminder_selectors.reminder_stop_words,
                is_active=lambda subscription: subscription.active,
                stop=lambda subscription: reminder_stop(subscription=subscription),
                manage_url_name="waste:reminders",
                ask_title=_("Stop bin collection reminders?"),
                stopped_title=_("Bin collection reminders stopped"),
            )
        )

        # Tell us once (A5): a new address offered to the person's bin reminders.
        receivers.add(
            Receiver(
                slug="bin-reminders",
                name=_("Bin collection reminders"),
                offer=reminders_tell_us_once_offer,
                send=reminders_tell_us_once_send,
                services=(SLUG,),
            )
        )

        # Bulky collections: a paid case books its day, once casework has recorded the payment.
        from integrations.pay.registry import PaymentListener, payment_listeners
        from services.waste.actions.bulky import on_case_payment

        payment_listeners.register(
            "waste-bulky", PaymentListener("case:", on_case_payment), after="casework"
        )

        # Garden waste: a paid case makes its subscription active (after casework's listener).
        from services.waste.actions.garden import garden_on_payment

        payment_listeners.register(
            "waste-garden", PaymentListener("case:", garden_on_payment), after="casework"
        )

        from services.waste.demo import load_all as demo_load

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Bins and waste"),
                summary=_(
                    "Find your bin collection days, report a missed bin, order bins, "
                    "book a bulky waste collection and subscribe to garden waste."
                ),
                home_panels=("waste/includes/home_panel.html",),
                # Bin reminders (A9): in "download my data"; gone when the account is closed.
                data_export={"bin_reminders": reminders_export},
                on_account_closed=reminders_on_account_closed,
                staff_pages=(
                    StaffPage(
                        _("Tell residents about a missed round"),
                        "waste_staff:notices",
                        may_send_notices,
                    ),
                    StaffPage(
                        _("Bulky waste collections by day"),
                        "waste_staff:bulky_day",
                        is_staff_verified,
                    ),
                ),
                request_types=(
                    RequestTypeDefaults(
                        slug="missed-collection",
                        name=_("Report a missed bin collection"),
                        description=_("Tell us your bin was not emptied on collection day."),
                        sla_days=2,
                        team=TEAM,
                        needs_address=True,
                    ),
                    RequestTypeDefaults(
                        slug="container-order",
                        name=_("Order a bin or box"),
                        description=_("A new, replacement or additional bin, box or caddy."),
                        sla_days=10,
                        team=TEAM,
                        needs_address=True,
                    ),
                    RequestTypeDefaults(
                        slug="bulky-collection",
                        name=_("Book a bulky waste collection"),
                        description=_("We collect large items such as furniture and fridges."),
                        sla_days=20,
                        sla_working_days=False,
                        team=TEAM,
                        needs_address=True,
                    ),
                    RequestTypeDefaults(
                        slug="garden-subscription",
                        name=_("Subscribe to garden waste collections"),
                        description=_("A brown bin emptied every two weeks, for a year."),
                        sla_days=10,
                        team=TEAM,
                        needs_address=True,
                    ),
                    RequestTypeDefaults(
                        slug="assisted-collection",
                        name=_("Ask for an assisted bin collection"),
                        description=_(
                            "If you cannot take your bins to the kerb, the crew can collect "
                            "them from your property."
                        ),
                        sla_days=10,
                        team=TEAM,
                        needs_address=True,
                    ),
                ),
            )
        )

"""Reminders the day before the rent is due, opt-in, on the core's reminder machinery
(``casework.due_reminders``): an evening Celery beat job (``send-rent-reminders``), one
outbox message a rent day by the tenant's own channel, never twice.

The rent day is the tenancy's own, weekly or monthly, as the housing system gives it
(``next_due_on``); the amount is what the tenant pays themselves (the rent less what their
housing costs pay, plus any arrangement towards arrears). Nothing to pay themselves, no
reminder.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.reminder_stops import stop_url
from casework.due_reminders import DueReminders
from casework.money import format_pence
from core import clock
from integrations.housing import lookup
from services.housing import selectors
from services.housing.models import RentReminder

DAYS_BEFORE = 1
STOP_KIND = "rent"  # the one-click stop link's kind (accounts.reminder_stops)


def reminder_for_stop_link(pk: int) -> RentReminder | None:
    return REMINDERS.find(pk)


def reminder_stop_words(reminder: RentReminder) -> str:
    """What a stop link stops, after "You will not get any more" (the tenancy's last digits
    only: the page needs no sign-in)."""
    return _("rent reminders for the tenancy ending %(digits)s") % {
        "digits": reminder.tenancy_reference[-4:]
    }


def rent_reminder_stop(*, reminder: RentReminder) -> bool:
    """Reminders off, from a message's stop link. True when they were on."""
    return REMINDERS.stop(reminder)


def _next_due(reference: str, today: datetime.date) -> tuple[datetime.date, int] | None:
    tenancy = lookup.tenancy_get(reference=reference)
    if tenancy is None or tenancy.status != "live" or tenancy.rent.next_due_on is None:
        return None
    rent = tenancy.rent
    pence = max(0, tenancy.weekly_rent_pence - rent.housing_costs_weekly_pence)
    if rent.arrangement is not None:
        pence += rent.arrangement.weekly_pence
    if pence <= 0 or rent.next_due_on < today:
        return None
    return rent.next_due_on, pence


def _message(reminder: RentReminder, *, due_on: datetime.date, pence: int) -> tuple[str, str]:
    when = formats.date_format(due_on, "l j F Y")
    base = settings.PORTAL_BASE_URL
    subject = _("Rent: %(amount)s due on %(when)s") % {"amount": format_pence(pence), "when": when}
    body = _(
        "Your rent of %(amount)s for tenancy %(reference)s is due on %(when)s. If you pay "
        "by Direct Debit or standing order, you need do nothing.\n\n"
        "Pay online: %(pay)s\n\nTo stop these reminders: %(stop)s"
    ) % {
        "amount": format_pence(pence),
        "reference": reminder.tenancy_reference,
        "when": when,
        "pay": base + reverse("housing:pay"),
        "stop": stop_url(kind=STOP_KIND, pk=reminder.pk),
    }
    return subject, body


REMINDERS = DueReminders(
    model=RentReminder,
    account_field="tenancy_reference",
    link_get=lambda user: selectors.tenancy_link_get(user=user),
    next_due=_next_due,
    message=_message,
    purpose="rent-reminder",
    days_before=DAYS_BEFORE,
    unavailable=(lookup.HousingUnavailable,),
    stop_kind=STOP_KIND,
)


def rent_reminders_on(*, user, reference: str) -> bool:
    return REMINDERS.is_on(user=user, account_ref=reference)


def rent_reminders_set(*, user, on: bool) -> RentReminder | None:
    """Reminders on or off for the tenant's linked tenancy (None: nothing linked)."""
    return REMINDERS.set(user=user, on=on)


def rent_reminders_send(*, today: datetime.date | None = None) -> int:
    """The evening job: remind of rent due tomorrow. Returns how many were sent."""
    return REMINDERS.send(today=today or clock.today())


def rent_reminders_export(user) -> dict:
    """'Download my data': the tenant's rent reminders."""
    return {
        "rent_reminders": [
            {"tenancy_reference": r.tenancy_reference, "reminders_on": r.active}
            for r in RentReminder.objects.filter(user=user).order_by("pk")
        ]
    }

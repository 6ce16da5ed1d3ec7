"""Reminders before each council tax instalment is due, opt-in, on the core's reminder
machinery (``casework.due_reminders``): a daily Celery beat job
(``send-council-tax-reminders``), one outbox message a due date by the person's own channel,
never twice. The revenues system is read only for reminders whose next instalment is unknown
or due within ``DAYS_BEFORE`` days; an instalment already paid is not reminded of.
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
from integrations.revenues import lookup
from services.counciltax import rules, selectors
from services.counciltax.models import InstalmentReminder

DAYS_BEFORE = 3


STOP_KIND = "ctax"


def reminder_for_stop_link(pk: int) -> InstalmentReminder | None:
    return REMINDERS.find(pk)


def reminder_stop_words(reminder: InstalmentReminder) -> str:
    """What a stop link stops, after "You will not get any more" (the account's last
    digits only: the page needs no sign-in)."""
    return _("council tax instalment reminders for the account ending %(digits)s") % {
        "digits": reminder.account_number[-4:]
    }


def council_tax_reminder_stop(*, reminder: InstalmentReminder) -> bool:
    """Reminders off, from a message's stop link. True when they were on."""
    return REMINDERS.stop(reminder)


def _next_unpaid(account, *, on: datetime.date) -> tuple[datetime.date, int] | None:
    """The next instalment not paid in full that falls due on or after ``on``."""
    for bill in reversed(account.bills if account else ()):
        for i in bill.instalments:
            state = rules.instalment_state(
                due_on=i.due_on, amount_pence=i.amount_pence, paid_pence=i.paid_pence, today=on
            )
            if state == rules.DUE:
                return i.due_on, i.amount_pence - i.paid_pence
    return None


def _next_due(account_number: str, today: datetime.date):
    return _next_unpaid(lookup.account_get(account_number=account_number), on=today)


def _message(reminder: InstalmentReminder, *, due_on: datetime.date, pence: int) -> tuple[str, str]:
    when = formats.date_format(due_on, "j F Y")
    base = settings.PORTAL_BASE_URL
    subject = _("Council tax: %(amount)s due on %(when)s") % {
        "amount": format_pence(pence),
        "when": when,
    }
    body = _(
        "Your council tax instalment of %(amount)s for account %(number)s is due on "
        "%(when)s. If you pay by Direct Debit, you need do nothing.\n\n"
        "Pay online: %(pay)s\n\nTo stop these reminders: %(stop)s"
    ) % {
        "amount": format_pence(pence),
        "number": reminder.account_number,
        "when": when,
        "pay": base + reverse("counciltax:pay"),
        "stop": stop_url(kind=STOP_KIND, pk=reminder.pk),
    }
    return subject, body


REMINDERS = DueReminders(
    model=InstalmentReminder,
    account_field="account_number",
    link_get=lambda user: selectors.council_tax_link_get(user=user),
    next_due=_next_due,
    message=_message,
    purpose="ctax-reminder",
    days_before=DAYS_BEFORE,
    unavailable=(lookup.RevenuesUnavailable,),
    stop_kind=STOP_KIND,
)


def reminder_get(*, user, account_number: str) -> InstalmentReminder | None:
    return REMINDERS.get(user=user, account_ref=account_number)


def reminders_on(*, user, account_number: str) -> bool:
    return REMINDERS.is_on(user=user, account_ref=account_number)


def reminders_on_account_closed(user) -> None:
    REMINDERS.on_account_closed(user)


def council_tax_reminders_set(*, user, on: bool) -> InstalmentReminder | None:
    """Reminders on or off for the person's linked account (None: nothing linked)."""
    return REMINDERS.set(user=user, on=on)


def council_tax_reminders_send(*, today: datetime.date | None = None) -> int:
    """The daily job: remind of instalments due within DAYS_BEFORE days. Returns how many."""
    return REMINDERS.send(today=today or clock.today())

"""Reminders before each council tax instalment is due (issue 14, item 7), opt-in.

The same scheduled-reminder machinery as the bins': a daily Celery beat job
(``send-council-tax-reminders``), one outbox message a reminder (``notify.email`` or
``notify.sms``, the person's own channel, and only while they want reminders), with an
idempotency key of the reminder and the due date, so a rerun never reminds anyone twice.

The job reads the revenues system only for reminders whose next instalment is unknown or
due within ``DAYS_BEFORE`` days (a few a day per thousand), one account at a time; the
system being down skips that person until the next run, which is still before the due
date. An instalment already paid is not reminded of.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.reminder_stops import stop_url
from casework.money import format_pence
from integrations.outbox.actions import message_enqueue
from integrations.revenues import lookup
from services.counciltax import rules, selectors
from services.counciltax.models import InstalmentReminder

log = logging.getLogger(__name__)

DAYS_BEFORE = 3


def reminder_get(*, user, account_number: str) -> InstalmentReminder | None:
    return InstalmentReminder.objects.filter(user=user, account_number=account_number).first()


def reminders_on_account_closed(user) -> None:
    InstalmentReminder.objects.filter(user=user).delete()


STOP_KIND = "ctax"


def reminder_for_stop_link(pk: int) -> InstalmentReminder | None:
    return InstalmentReminder.objects.filter(pk=pk).first()


def reminder_stop_words(reminder: InstalmentReminder) -> str:
    """What a stop link stops, after "You will not get any more" (the account's last
    digits only: the page needs no sign-in)."""
    return _("council tax instalment reminders for the account ending %(digits)s") % {
        "digits": reminder.account_number[-4:]
    }


def council_tax_reminder_stop(*, reminder: InstalmentReminder) -> bool:
    """Reminders off, from a message's stop link. True when they were on."""
    stopped = InstalmentReminder.objects.filter(pk=reminder.pk, active=True).update(active=False)
    reminder.active = False
    return bool(stopped)


def reminders_on(*, user, account_number: str) -> bool:
    return InstalmentReminder.objects.filter(
        user=user, account_number=account_number, active=True
    ).exists()


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


@transaction.atomic
def council_tax_reminders_set(*, user, on: bool) -> InstalmentReminder | None:
    """Reminders on or off for the person's linked account (None: nothing linked)."""
    link = selectors.council_tax_link_get(user=user)
    if link is None:
        return None
    reminder = (
        InstalmentReminder.objects.select_for_update()
        .filter(user=user, account_number=link.account_ref)
        .first()
    )
    if reminder is None:
        try:
            with transaction.atomic():
                reminder = InstalmentReminder.objects.create(
                    user=user, account_number=link.account_ref, active=on
                )
        except IntegrityError:  # a second click made it first
            reminder = InstalmentReminder.objects.get(user=user, account_number=link.account_ref)
    reminder.active = on
    reminder.save(update_fields=["active"])
    return reminder


def _recipient(user: User) -> tuple[str, str] | None:
    """(channel, address) by the person's own choice; None when they want no reminders."""
    if not user.is_active or user.closed_at is not None or not user.notify_reminders:
        return None
    if user.preferred_channel == User.Channel.SMS and user.phone:
        return "sms", user.phone.as_e164
    return ("email", user.email) if user.email else None


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


def _remind_one(reminder_id: int, *, today: datetime.date) -> bool:
    """Read the account (outside any transaction), then, locked, remind once."""
    reminder = InstalmentReminder.objects.select_related("user").get(pk=reminder_id)
    try:
        account = lookup.account_get(account_number=reminder.account_number)
    except lookup.RevenuesUnavailable as exc:
        log.warning("council tax reminders: account %s not read: %s", reminder.pk, exc)
        return False
    found = _next_unpaid(account, on=today)
    with transaction.atomic():
        reminder = (
            InstalmentReminder.objects.select_for_update()
            .select_related("user")
            .get(pk=reminder_id)
        )
        reminder.next_due_on, reminder.next_amount_pence = found or (None, None)
        fields = ["next_due_on", "next_amount_pence"]
        due_soon = found is not None and found[0] <= today + datetime.timedelta(days=DAYS_BEFORE)
        recipient = _recipient(reminder.user)
        send = (
            reminder.active
            and due_soon
            and reminder.last_sent_for != found[0]
            and recipient is not None
        )
        if send:
            due_on, pence = found
            subject, body = _message(reminder, due_on=due_on, pence=pence)
            channel, to = recipient
            message_enqueue(
                kind=f"notify.{channel}",
                payload={
                    "to": to,
                    "subject": subject,
                    "body": body,
                    "unsubscribe_url": stop_url(kind=STOP_KIND, pk=reminder.pk),
                    "purpose": "ctax-reminder",
                },
                idempotency_key=f"ctax-reminder-{reminder.pk}-{due_on.isoformat()}",
            )
            reminder.last_sent_for = due_on
            fields.append("last_sent_for")
        reminder.save(update_fields=fields)
    return send


def council_tax_reminders_send(*, today: datetime.date | None = None) -> int:
    """The daily job: remind of instalments due within DAYS_BEFORE days. Returns how many."""
    today = today or selectors.today()
    soon = today + datetime.timedelta(days=DAYS_BEFORE)
    due = (
        InstalmentReminder.objects.filter(active=True)
        .filter(Q(next_due_on__isnull=True) | Q(next_due_on__lte=soon))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = sum(_remind_one(pk, today=today) for pk in list(due))
    log.info("council tax reminders for %s: %s sent", today, sent)
    return sent

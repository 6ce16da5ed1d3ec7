"""Reminders before something a person pays falls due (a council tax instalment, the rent),
opt-in, one machinery for every service.

A service keeps its own model (``DueReminder``'s fields, its user and the account it is
for) and declares a ``DueReminders``: how to read the next amount due from its back office,
what the message says, and how many days before to send it. Then:

- ``reminders.set(user=..., on=...)`` turns them on or off for the person's linked account;
- a daily Celery beat job calls ``reminders.send()``: it reads the back office only for the
  reminders whose next due date is unknown or within ``days_before`` days, one account at a
  time, and writes one outbox message a due date (``notify.email`` or ``notify.sms``, the
  person's own channel, only while they want reminders and the account is still linked),
  with an idempotency key of the reminder and the due date, so a rerun never reminds anyone
  twice. The back office being down skips that person until the next run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Q

from accounts.models import User
from accounts.reminder_stops import stop_url
from integrations.outbox.actions import message_enqueue

log = logging.getLogger(__name__)


class DueReminder(models.Model):
    """What a service's reminder model has besides its user and account: whether it is on,
    the next amount due as last read (so the daily job reads only the accounts with one due
    soon), and the due date last reminded of."""

    active = models.BooleanField(default=True)
    next_due_on = models.DateField(null=True, blank=True)
    next_amount_pence = models.PositiveIntegerField(null=True, blank=True)
    last_sent_for = models.DateField(null=True, blank=True)  # the due date last reminded of

    class Meta:
        abstract = True


def reminder_recipient(user) -> tuple[str, str] | None:
    """(channel, address) by the person's own choice; None when they want no reminders."""
    if not user.is_active or user.closed_at is not None or not user.notify_reminders:
        return None
    if user.preferred_channel == User.Channel.SMS and user.phone:
        return "sms", user.phone.as_e164
    return ("email", user.email) if user.email else None


@dataclass(frozen=True)
class DueReminders:
    """One service's reminders.

    ``next_due(account_ref, today)``: the next (due date, pence) not yet paid, on or after
    today, from the back office (None: nothing due); it raises one of ``unavailable`` when
    the back office cannot be asked. ``message(reminder, due_on, pence)``: (subject, body).
    ``link_get(user)``: the person's linked account (its ``account_ref``), or None."""

    model: type[DueReminder]
    account_field: str
    link_get: Callable
    next_due: Callable[[str, datetime.date], tuple[datetime.date, int] | None]
    message: Callable
    purpose: str  # the outbox payload's purpose, and the idempotency key's prefix
    days_before: int
    unavailable: tuple[type[Exception], ...] = ()
    # The service's kind of one-click stop link (accounts.reminder_stops): each message
    # carries it as ``unsubscribe_url`` (a List-Unsubscribe header for e-mail).
    stop_kind: str = ""

    def get(self, *, user, account_ref: str):
        return self.model.objects.filter(user=user, **{self.account_field: account_ref}).first()

    def is_on(self, *, user, account_ref: str) -> bool:
        return self.model.objects.filter(
            user=user, active=True, **{self.account_field: account_ref}
        ).exists()

    def find(self, pk: int):
        """The reminder a stop link names, or None (gone)."""
        return self.model.objects.filter(pk=pk).first()

    def stop(self, reminder) -> bool:
        """Off, from a message's stop link: True when it was on (a second click changes
        nothing)."""
        stopped = self.model.objects.filter(pk=reminder.pk, active=True).update(active=False)
        reminder.active = False
        return bool(stopped)

    def on_account_closed(self, user) -> None:
        self.model.objects.filter(user=user).delete()

    @transaction.atomic
    def set(self, *, user, on: bool):
        """Reminders on or off for the person's linked account (None: nothing linked)."""
        link = self.link_get(user)
        if link is None:
            return None
        mine = {"user": user, self.account_field: link.account_ref}
        reminder = self.model.objects.select_for_update().filter(**mine).first()
        if reminder is None:
            try:
                with transaction.atomic():
                    reminder = self.model.objects.create(**mine, active=on)
            except IntegrityError:  # a second click made it first
                reminder = self.model.objects.get(**mine)
        reminder.active = on
        reminder.save(update_fields=["active"])
        return reminder

    def _remind_one(self, reminder_id: int, *, today: datetime.date) -> bool:
        """Read the account (outside any transaction), then, locked, remind once."""
        reminder = self.model.objects.select_related("user").get(pk=reminder_id)
        account_ref = getattr(reminder, self.account_field)
        try:
            found = self.next_due(account_ref, today)
        except self.unavailable as exc:
            log.warning("%s: reminder %s not read: %s", self.purpose, reminder.pk, exc)
            return False
        with transaction.atomic():
            reminder = (
                self.model.objects.select_for_update().select_related("user").get(pk=reminder_id)
            )
            reminder.next_due_on, reminder.next_amount_pence = found or (None, None)
            fields = ["next_due_on", "next_amount_pence"]
            soon = today + datetime.timedelta(days=self.days_before)
            due_soon = found is not None and today <= found[0] <= soon
            link = self.link_get(reminder.user)
            recipient = reminder_recipient(reminder.user)
            send = (
                reminder.active
                and due_soon
                and reminder.last_sent_for != found[0]
                and link is not None
                and link.account_ref == account_ref
                and recipient is not None
            )
            if send:
                due_on, pence = found
                subject, body = self.message(reminder, due_on=due_on, pence=pence)
                channel, to = recipient
                payload = {"to": to, "subject": subject, "body": body, "purpose": self.purpose}
                if self.stop_kind:
                    payload["unsubscribe_url"] = stop_url(kind=self.stop_kind, pk=reminder.pk)
                message_enqueue(
                    kind=f"notify.{channel}",
                    payload=payload,
                    idempotency_key=f"{self.purpose}-{reminder.pk}-{due_on.isoformat()}",
                )
                reminder.last_sent_for = due_on
                fields.append("last_sent_for")
            reminder.save(update_fields=fields)
        return send

    def send(self, *, today: datetime.date) -> int:
        """The daily job: remind of what falls due within ``days_before`` days."""
        soon = today + datetime.timedelta(days=self.days_before)
        due = (
            self.model.objects.filter(active=True)
            .filter(Q(next_due_on__isnull=True) | Q(next_due_on__lte=soon))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sent = sum(self._remind_one(pk, today=today) for pk in list(due))
        log.info("%s for %s: %s sent", self.purpose, today, sent)
        return sent

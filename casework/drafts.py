"""Saved requests (C3): a part-completed request the resident can come back to.

A service's form calls ``draft_save`` as the resident goes (one open draft per
person and request type) and resumes it from ``draft_for_user``. A draft is kept
for ``DRAFT_KEEP_DAYS`` after it was last saved; ``DRAFT_REMINDER_DAYS`` before
that the resident is e-mailed once, and the daily job then deletes it. A draft
past its date is already gone as far as the resident can see: the selectors
leave it out, whenever the job runs.

Continuing: a service that registered a ``start_url_name`` resumes a draft at
that URL reversed with ``draft_id=<id>``; a start URL that takes no arguments
gets ``?draft=<id>`` instead (``draft_continue_url``).
"""

import datetime
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework import registry
from casework.journeys.registry import journey_get
from casework.models import Draft, JourneyEvent, RequestType
from core import clock
from integrations.outbox.actions import message_enqueue

log = logging.getLogger(__name__)


def keep_until(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.DRAFT_KEEP_DAYS)


def _date(value: datetime.datetime) -> str:
    """'14 March 2027' in the council's time zone, as the pages say it."""
    return formats.date_format(timezone.localtime(value), "j F Y")


# --- Actions -------------------------------------------------------------------------


@transaction.atomic
def draft_save(*, user, request_type: RequestType, answers: dict, step: str = "") -> Draft:
    """Create or update ``user``'s draft of ``request_type`` and keep it for longer.

    Saving again is coming back: the draft gets a new expiry date, and so may be
    reminded about once more before that date.
    """
    # Lock the person, not the draft: there may be no draft row yet to lock, and
    # two saves at once (two tabs) must not make two drafts of one request type.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    now = clock.now()
    draft = Draft.objects.filter(user=user, request_type=request_type).first()
    if draft is None:
        return Draft.objects.create(
            user=user,
            request_type=request_type,
            answers=answers,
            step=step,
            expires_at=keep_until(now),
        )
    draft.answers = answers
    draft.step = step
    draft.expires_at = keep_until(now)
    draft.reminder_sent_at = None
    draft.save(update_fields=["answers", "step", "expires_at", "reminder_sent_at", "updated_at"])
    return draft


@transaction.atomic
def draft_discard(*, user, draft_id: int) -> None:
    """The resident deletes their saved request (or the service does, once it is sent)."""
    draft_for_user(user, draft_id).delete()


def draft_claim(*, user, draft: Draft) -> bool:
    """A service is sending ``draft``: take it away, once. False when it is no longer as read.

    Call inside the sending transaction. Of two requests sending the same draft (a
    double click, a second tab) the second waits on the row, then finds it gone; a
    draft changed in another tab since it was read (``updated_at``) is not claimed.
    """
    _total, deleted = Draft.objects.filter(
        pk=draft.pk, user=user, request_type=draft.request_type_id, updated_at=draft.updated_at
    ).delete()
    return bool(deleted.get(Draft._meta.label))


def drafts_send_reminders(*, now: datetime.datetime | None = None) -> int:
    """The hourly job: e-mail each resident whose draft is about to be deleted, once.

    This is sent whatever the resident chose under "Reminders" in their contact
    preferences. That choice is about reminders of council services (bin days);
    this is a service message about their own unfinished request, the only
    warning before we delete what they typed. It is not sent to a closed or
    deactivated account: there is nobody to tell, and (closed) no address.
    """
    now = now or clock.now()
    due = Draft.objects.filter(
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=settings.DRAFT_REMINDER_DAYS),
        user__is_active=True,
        user__closed_at__isnull=True,
    ).exclude(user__email="")
    sent = 0
    for draft_id in due.values_list("pk", flat=True):
        sent += _draft_remind(draft_id=draft_id, now=now)
    return sent


@transaction.atomic
def _draft_remind(*, draft_id: int, now: datetime.datetime) -> int:
    # Locked and checked again: a second worker, or the resident saving it
    # meanwhile, must not lead to a second e-mail or one with a stale date.
    draft = (
        Draft.objects.select_for_update(of=("self",))  # its user is a nullable join now
        .select_related("user", "request_type")
        .filter(pk=draft_id, reminder_sent_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if draft is None or not draft.user.email:  # someone the contact centre helps, by phone
        return 0
    subject, body = _reminder_text(draft)
    message_enqueue(
        kind="notify.email",
        payload={"to": draft.user.email, "subject": subject, "body": body},
        idempotency_key=f"draft-reminder-{draft.pk}-{draft.expires_at.timestamp():.6f}",
    )
    draft.reminder_sent_at = now
    draft.save(update_fields=["reminder_sent_at"])
    return 1


def _reminder_text(draft: Draft) -> tuple[str, str]:
    name = draft.request_type.name
    subject = _("Your saved request: %(name)s") % {"name": name}
    body = "\n".join(
        [
            _("You started a request, ‘%(name)s’, and saved it on %(saved)s.")
            % {"name": name, "saved": _date(draft.updated_at)},
            "",
            _("We will delete it on %(date)s unless you finish it or save it again before then.")
            % {"date": _date(draft.expires_at)},
            "",
            _("Your saved requests:"),
            f"{settings.PORTAL_BASE_URL}{reverse('drafts:list')}",
            "",
            _("If you no longer need it, you do not need to do anything."),
        ]
    )
    return subject, body


@transaction.atomic
def drafts_expire(*, now: datetime.datetime | None = None) -> int:
    """The daily job: delete drafts past their date. Returns how many went."""
    now = now or clock.now()
    expired = Draft.objects.filter(expires_at__lte=now)
    # A journey's draft that was never sent is a drop-out (its step events' last word).
    JourneyEvent.objects.bulk_create(
        JourneyEvent(
            journey=str(journey)[:60],
            request_type_id=request_type_id,
            kind=JourneyEvent.Kind.ABANDONED,
            step=step,
            draft_id=pk,
            actor_id=user_id,
        )
        for pk, user_id, request_type_id, step, journey in expired.filter(
            answers__journey__isnull=False
        ).values_list("pk", "user_id", "request_type_id", "step", "answers__journey")
    )
    _total, per_model = expired.delete()
    return per_model.get(Draft._meta.label, 0)


def drafts_on_account_closed(user) -> None:
    """Closing hook (accounts.data_export): unsent answers are not council records; delete them."""
    Draft.objects.filter(user=user).delete()


# --- Selectors -----------------------------------------------------------------------


def _live(now: datetime.datetime | None = None):
    return Draft.objects.filter(expires_at__gt=now or clock.now())


def draft_list(*, user) -> list[Draft]:
    """The resident's saved requests, most recently saved first."""
    if not user.is_authenticated:
        return []
    return list(
        _live().filter(user=user).select_related("request_type").order_by("-updated_at", "-pk")
    )


def draft_for_user(user, draft_id) -> Draft:
    """One of ``user``'s drafts: 404 alike for "no such draft", "expired" and "not yours"."""
    if not user.is_authenticated:
        raise Http404
    try:
        return _live().select_related("request_type").get(pk=int(draft_id), user=user)
    except (Draft.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def draft_continue_url(draft: Draft) -> str | None:
    """Where the resident picks the draft up again: where its service says, else (a
    journey's draft, casework.journeys) where it stopped."""
    definition = registry.service(draft.request_type.service)
    if definition is None or not definition.start_url_name:
        if isinstance(draft.answers, dict) and journey_get(draft.answers.get("journey")):
            return reverse("drafts:continue", kwargs={"draft_id": draft.pk})
        return None
    try:
        return reverse(definition.start_url_name, kwargs={"draft_id": draft.pk})
    except NoReverseMatch:
        pass
    try:
        start = reverse(definition.start_url_name)
    except NoReverseMatch:
        log.warning("drafts: cannot reverse %r for a draft", definition.start_url_name)
        return None
    return f"{start}?{urlencode({'draft': draft.pk})}"


def drafts_export(user) -> list[dict]:
    """'Download my data' section: what the resident has saved and not sent."""
    return [
        {
            "request_type": draft.request_type.name,
            "answers": draft.answers,
            "step": draft.step,
            "saved_at": draft.updated_at.isoformat(),
            "delete_on": draft.expires_at.isoformat(),
        }
        for draft in draft_list(user=user)
    ]

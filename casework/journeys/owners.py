"""Whose a journey's draft is: a signed-in person's, or a visitor's (no account).

A journey that sets ``Journey.visitors_allowed`` may be taken without signing in
(request types of auth tier 0). A visitor's draft belongs to the browser session
that holds its secret: the session keeps a random secret, the draft keeps only its
SHA-256 (``Draft.visitor_key``), so a database read gives no one a way in.

- ``draft_for_owner`` is the one rule of who may open a draft: its user, or the
  visitor session holding its key; anyone else finds nothing (a 404).
- When a visitor signs in, their visitor drafts become their account's
  (``visitor_drafts_adopt``, from the sign-in signal).
- "Save and come back later" for a visitor asks for an e-mail address and sends a
  one-time link (``draft_link_send``); following it (``draft_link_follow``) gives the
  draft to the session that followed it, on any device, until the draft expires.
- Cases a visitor sent are remembered in their session, so that they (and no one
  else) see its confirmation and are not offered their own report to follow.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen
from accounts.decorators import signed_in_required
from casework import drafts
from casework.models import Case, Draft
from casework.references import normalise_reference
from core import clock
from integrations.outbox.actions import message_enqueue

VISITOR_KEY = "journeys:visitor"  # session: the visitor's secret
SENT_KEY = "journeys:visitor:sent"  # session: references of cases this browser sent
SENT_REMEMBERED = 10


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Owner:
    """Who is answering: ``user`` when signed in, else the visitor's key (a digest)."""

    user: Any = None
    visitor_key: str = ""

    @property
    def is_visitor(self) -> bool:
        return self.user is None

    def drafts(self):
        """Their live drafts (none for a visitor with no key yet)."""
        live = Draft.objects.filter(expires_at__gt=clock.now())
        if self.user is not None:
            return live.filter(user=self.user)
        if not self.visitor_key:
            return live.none()
        return live.filter(user__isnull=True, visitor_key=self.visitor_key)


def owner_of(request, *, create: bool = False) -> Owner:
    """Who is asking (the person an agent is helping: ``accounts.assisting``). ``create``:
    give a visitor a key now (their first answer)."""
    user = current_citizen(request) if hasattr(request, "user") else None
    if user is not None and user.is_authenticated:
        return Owner(user=user)
    secret = request.session.get(VISITOR_KEY) if hasattr(request, "session") else None
    if not isinstance(secret, str) or len(secret) < 32:
        if not create:
            return Owner()
        secret = secrets.token_urlsafe(32)
        request.session[VISITOR_KEY] = secret
    return Owner(visitor_key=_digest(secret))


def owner_for_user(user) -> Owner:
    """A signed-in person, or nobody (an anonymous user with no session: tests, demo)."""
    return Owner(user=user) if user is not None and user.is_authenticated else Owner()


def signed_in_unless_visitors(view):
    """The engine's pages: signed in, unless the journey is open to visitors (whose
    request type's tier the page then checks, ``views._context``)."""
    gated = signed_in_required(view)

    @wraps(view)
    def page(request, *args, journey, **kwargs):
        chosen = view if journey.visitors_allowed else gated
        return chosen(request, *args, journey=journey, **kwargs)

    page.auth_tier = 1  # as journeys are by default (tests/urlmap.py reads it)
    return page


def open_to_visitors(view):
    """The engine's page for a journey open to visitors: marked tier 0 (its request
    type's tier is still checked, ``views._context``)."""

    @wraps(view)
    def page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    page.auth_tier = 0
    return page


def visitor_owner_for_session(session) -> Owner:
    """A visitor's owner for a session (given a key if it has none): demo data, tests."""
    secret = session.get(VISITOR_KEY)
    if not isinstance(secret, str) or len(secret) < 32:
        secret = secrets.token_urlsafe(32)
        session[VISITOR_KEY] = secret
    return Owner(visitor_key=_digest(secret))


# --- The one access rule --------------------------------------------------------------------


def draft_for_owner(owner: Owner, *, request_type=None, draft_id=None) -> Draft | None:
    """``owner``'s live draft of ``request_type`` (their newest), or the one with
    ``draft_id`` if it is theirs; None for anything else (not theirs, expired, sent)."""
    found = owner.drafts().select_related("request_type")
    if request_type is not None:
        found = found.filter(request_type=request_type)
    if draft_id is not None:
        try:
            found = found.filter(pk=int(draft_id))
        except (TypeError, ValueError):
            return None
    return found.order_by("-updated_at", "-pk").first()


def draft_for_owner_or_404(owner: Owner, draft_id) -> Draft:
    draft = draft_for_owner(owner, draft_id=draft_id)
    if draft is None:
        raise Http404
    return draft


# --- Actions ----------------------------------------------------------------------------------


@transaction.atomic
def draft_save_owned(*, owner: Owner, request_type, answers: dict, step: str = "") -> Draft:
    """``drafts.draft_save`` for a person or a visitor (one draft per owner and type)."""
    if owner.user is not None:
        return drafts.draft_save(
            user=owner.user, request_type=request_type, answers=answers, step=step
        )
    if not owner.visitor_key:
        raise ValueError("a visitor needs a key before their answers can be kept")
    mine = Draft.objects.select_for_update().filter(
        user__isnull=True, visitor_key=owner.visitor_key, request_type=request_type
    )
    draft = mine.first()
    if draft is None:
        try:
            with transaction.atomic():
                return Draft.objects.create(
                    visitor_key=owner.visitor_key,
                    request_type=request_type,
                    answers=answers,
                    step=step,
                    expires_at=drafts.keep_until(clock.now()),
                )
        except IntegrityError:  # another tab made it a moment ago
            draft = mine.get()
    draft.answers, draft.step = answers, step
    draft.expires_at = drafts.keep_until(clock.now())
    draft.reminder_sent_at = None
    draft.save(update_fields=["answers", "step", "expires_at", "reminder_sent_at", "updated_at"])
    return draft


def draft_claim_owned(*, owner: Owner, draft: Draft) -> bool:
    """``drafts.draft_claim`` for a person or a visitor: take it away to send it, once."""
    if owner.user is not None:
        return drafts.draft_claim(user=owner.user, draft=draft)
    _total, deleted = Draft.objects.filter(
        pk=draft.pk,
        user__isnull=True,
        visitor_key=owner.visitor_key or "-",
        updated_at=draft.updated_at,
    ).delete()
    return bool(deleted.get(Draft._meta.label))


def _give(draft: Draft, owner: Owner) -> None:
    """``draft`` becomes ``owner``'s; their own older draft of its type goes (one each)."""
    mine = Draft.objects.filter(request_type=draft.request_type_id).exclude(pk=draft.pk)
    if owner.user is not None:
        mine.filter(user=owner.user).delete()
        draft.user, draft.visitor_key = owner.user, ""
    else:
        mine.filter(user__isnull=True, visitor_key=owner.visitor_key).delete()
        draft.user, draft.visitor_key = None, owner.visitor_key
    draft.save(update_fields=["user", "visitor_key", "resume_key"])


@transaction.atomic
def visitor_drafts_adopt(*, user, visitor_key: str) -> int:
    """A visitor signed in: the drafts their session holds become their account's (the
    one they were just answering replaces an older one of the same request type)."""
    if not visitor_key or user is None or not user.is_authenticated:
        return 0
    adopted = 0
    owner = Owner(user=user)
    for draft in Owner(visitor_key=visitor_key).drafts().select_for_update():
        _give(draft, owner)
        adopted += 1
    return adopted


def visitor_drafts_adopt_on_sign_in(request, user) -> int:
    secret = request.session.get(VISITOR_KEY)
    if not isinstance(secret, str) or len(secret) < 32:
        return 0
    return visitor_drafts_adopt(user=user, visitor_key=_digest(secret))


LINKS_PER_HOUR = 5  # e-mailed links for one draft: no one's inbox is flooded from here


def draft_links_exhausted(draft: Draft) -> bool:
    """True once ``draft`` has had ``LINKS_PER_HOUR`` links this hour (counts this one)."""
    key = f"drafts:links:{draft.pk}"
    cache.add(key, 0, 60 * 60)
    try:
        return cache.incr(key) > LINKS_PER_HOUR
    except ValueError:  # expired between the two calls
        return False


@transaction.atomic
def draft_link_send(*, draft: Draft, email: str) -> None:
    """E-mail a one-time link that resumes ``draft`` on any device (a visitor's "Save and
    come back later"). A new link replaces the one sent before."""
    secret = secrets.token_urlsafe(32)
    draft.resume_key = _digest(secret)
    draft.save(update_fields=["resume_key"])
    link = f"{settings.PORTAL_BASE_URL}{reverse('drafts:resume', kwargs={'secret': secret})}"
    name = draft.request_type.name
    until = formats.date_format(timezone.localtime(draft.expires_at), "j F Y")
    body = "\n".join(
        [
            _("You started a request, ‘%(name)s’, and saved it to come back to later.")
            % {"name": name},
            "",
            _("To carry on where you stopped, open this link (it works once):"),
            link,
            "",
            _("We will delete your answers on %(date)s unless you send them before then.")
            % {"date": until},
            "",
            _("If you did not ask for this, you do not need to do anything."),
        ]
    )
    message_enqueue(
        kind="notify.email",
        payload={
            "to": email,
            "subject": _("Your saved request: %(name)s") % {"name": name},
            "body": body,
        },
        idempotency_key=f"draft-link-{draft.pk}-{draft.resume_key[:16]}",
    )


@transaction.atomic
def draft_link_follow(*, secret: str, owner: Owner) -> Draft | None:
    """The draft an e-mailed link names, now ``owner``'s (the link is used up); None when
    the link is unknown, used already, or its draft expired or was sent."""
    if not isinstance(secret, str) or not 32 <= len(secret) <= 100:
        return None
    draft = (
        Draft.objects.select_for_update()
        .filter(resume_key=_digest(secret), expires_at__gt=clock.now())
        .first()
    )
    if draft is None:
        return None
    draft.resume_key = ""
    _give(draft, owner)
    return draft


# --- Cases a visitor sent ------------------------------------------------------------------------


def visitor_sent_remember(session, reference: str) -> None:
    sent = [ref for ref in session.get(SENT_KEY, []) if ref != reference]
    session[SENT_KEY] = [reference, *sent][:SENT_REMEMBERED]


def visitor_sent(session) -> list[str]:
    sent = session.get(SENT_KEY, []) if session is not None else []
    return [ref for ref in sent if isinstance(ref, str)] if isinstance(sent, list) else []


def case_sent_here(request, *, reference: str, request_type) -> Case:
    """A case of ``request_type`` this browser sent without an account: else 404 (a
    signed-in person's own cases are found through ``casework.access``)."""
    ref = normalise_reference(reference)
    if not ref or ref not in visitor_sent(getattr(request, "session", None)):
        raise Http404
    case = Case.objects.filter(reference=ref, request_type=request_type).first()
    if case is None or case.resident_id is not None:
        raise Http404
    return case

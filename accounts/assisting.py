"""A contact-centre agent acting for a person (G1): the "assisting" context of a session.

Staff never sign in as a resident. An agent who may find people opens an assisting
context for one person (the reason and the channel, phone or face to face, are
recorded in the audit trail); the agent's own session keeps it. While it is open,
the resident pages that act for someone (every journey on the engine, the person's
requests and their pages) ask ``current_citizen(request)`` whom they are for: the
person being helped, not the agent. The agent stays the actor: every event records
both, and the channel.

The session keeps only the person's id, the channel, the reason and whether the
caller passed the security questions (``accounts.security_questions``) in this call;
never an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import may_find_people

SESSION_KEY = "accounts:assisting"

# The same values as casework's Channel (accounts does not import casework).
PHONE = "phone"
FACE_TO_FACE = "face_to_face"
CHANNELS = {PHONE: _("phone"), FACE_TO_FACE: _("face to face")}
CHANNEL_CHOICES = [(PHONE, _("Phone")), (FACE_TO_FACE, _("Face to face"))]

_CACHE = "_assisting_cached"


@dataclass(frozen=True)
class Assisting:
    """Whom an agent is helping in this session, how, and why."""

    person: object  # accounts.models.User
    channel: str
    reason: str
    checked: bool  # the caller passed the security questions in this call

    @property
    def channel_label(self) -> str:
        return str(CHANNELS.get(self.channel, self.channel))


def _read(request) -> Assisting | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated or not user.is_staff:
        return None
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("channel") not in CHANNELS:
        return None
    if not may_find_people(user):  # a role taken away mid-call ends it
        return None
    person = (
        User.objects.select_related("address")
        .filter(pk=kept.get("person_id"), is_staff=False, is_active=True, closed_at__isnull=True)
        .first()
    )
    if person is None:
        return None
    return Assisting(
        person=person,
        channel=kept["channel"],
        reason=str(kept.get("reason", "")),
        checked=bool(kept.get("checked")),
    )


def assisting_get(request) -> Assisting | None:
    """The assisting context of this request, or None (read once per request)."""
    if not hasattr(request, _CACHE):
        setattr(request, _CACHE, _read(request))
    return getattr(request, _CACHE)


def assisting_forget_cached(request) -> None:
    if hasattr(request, _CACHE):
        delattr(request, _CACHE)


def current_citizen(request):
    """Whom a resident page acts for: the person an agent is helping, else the signed-in
    person (or the anonymous user). The one place resident pages ask it."""
    assisting = assisting_get(request)
    return assisting.person if assisting is not None else request.user


def is_assisting(request) -> bool:
    return assisting_get(request) is not None


def session_store(session, *, person_id: int, channel: str, reason: str) -> None:
    session[SESSION_KEY] = {
        "person_id": person_id,
        "channel": channel,
        "reason": reason,
        "checked": False,
    }


def session_mark_checked(session) -> None:
    kept = session.get(SESSION_KEY)
    if isinstance(kept, dict):
        session[SESSION_KEY] = {**kept, "checked": True}


def session_count_failure(session) -> int:
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return 0
    failures = int(kept.get("failures", 0)) + 1
    session[SESSION_KEY] = {**kept, "failures": failures}
    return failures


def session_failures(session) -> int:
    kept = session.get(SESSION_KEY)
    return int(kept.get("failures", 0)) if isinstance(kept, dict) else 0


def session_clear(session) -> None:
    session.pop(SESSION_KEY, None)

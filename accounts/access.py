"""Who may see what, decided in one place.

Every view that shows a person's records asks one of these functions; none of
them relies on a template hiding a link.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.assisting import assisting_get
from accounts.models import User
from accounts.roles import is_staff_verified, may_find_people


def is_verified(user) -> bool:
    """True when the user has passed a second factor in this session (tier 2)."""
    return bool(user.is_authenticated and user.is_verified())


def login_url(next_path: str) -> str:
    return f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_path})}"


def step_up_url(next_path: str) -> str:
    return f"{reverse('accounts:verify')}?{urlencode({'next': next_path})}"


def security_check_url(next_path: str) -> str:
    return f"{reverse('assisting:check')}?{urlencode({'next': next_path})}"


def tier_redirect(request, *, tier: int, next_path: str | None = None, for_caller: bool = True):
    """Where to send someone who has not reached ``tier`` yet, or None when they have.

    Tier 0: anyone. Tier 1: signed in. Tier 2: signed in and a second factor
    verified in this session; and, for an agent acting for a caller
    (``accounts.assisting``), the caller has passed the council's security questions
    in this call (``for_caller`` False: a staff page, the agent's own). ``next_path``:
    where to come back to (by default this page).
    """
    user = request.user
    here = next_path or request.get_full_path()
    if tier >= 1 and not user.is_authenticated:
        return login_url(here)
    if tier >= 2 and not user.is_verified():
        return step_up_url(here)
    if tier < 2 or not for_caller:
        return None
    if (helping := assisting_get(request)) is not None and not helping.checked:
        return security_check_url(here)
    return None


def staff_gate_redirect(request):
    """Staff areas: anonymous people sign in; staff always step up to tier 2 first."""
    user = request.user
    if not user.is_authenticated:
        return login_url(request.get_full_path())
    if user.is_staff and not user.is_verified():
        return step_up_url(request.get_full_path())
    return None


def require_staff(user) -> None:
    """Raise 403 unless the user is staff with a verified second factor."""
    if not is_staff_verified(user):
        raise PermissionDenied


def device_for_owner(user, device_id: int, *, model):
    """A second-factor device that belongs to ``user``: 404 for missing or not theirs."""
    try:
        return model.objects.get(pk=device_id, user=user)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_people_finder(user) -> None:
    """Raise 403 unless the user may search for people and open their records."""
    if not may_find_people(user):
        raise PermissionDenied


def person_for_staff(user, person_id: int):
    """A resident's record for staff who may find people: 403 for other staff, 404 for
    a missing id or a member of staff (staff records are not looked up here)."""
    require_people_finder(user)
    try:
        return User.objects.select_related("address", "address__ward").get(
            pk=person_id, is_staff=False
        )
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

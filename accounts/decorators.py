"""The one gate for authentication tiers (ARCHITECTURE: Authentication tiers)."""

from functools import wraps

from django.shortcuts import redirect

from accounts.access import require_staff, tier_redirect


def tier_required(tier: int):
    """Mark a view as needing ``tier`` (1: signed in, 2: second factor this session)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            target = tier_redirect(request, tier=tier)
            if target is not None:
                return redirect(target)
            return view(request, *args, **kwargs)

        wrapped.auth_tier = tier
        return wrapped

    return decorator


signed_in_required = tier_required(1)
tier2_required = tier_required(2)


class TierRequiredMixin:
    """Class-based views: set ``auth_tier = 1`` or ``2``."""

    auth_tier = 1

    def dispatch(self, request, *args, **kwargs):
        target = tier_redirect(request, tier=self.auth_tier)
        if target is not None:
            return redirect(target)
        return super().dispatch(request, *args, **kwargs)


def staff_required(view):
    """Staff pages: tier 2 always, and only for staff (403 for anyone else)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        target = tier_redirect(request, tier=1)
        if target is None and request.user.is_staff:
            target = tier_redirect(request, tier=2, for_caller=False)
        if target is not None:
            return redirect(target)
        require_staff(request.user)
        return view(request, *args, **kwargs)

    wrapped.auth_tier = 2
    wrapped.staff_only = True
    return wrapped

"""Who the request is from, read the way the portal reads it (accounts/principal.py)."""

from functools import partial

from asgiref.sync import sync_to_async
from django.contrib.auth import middleware as auth_middleware
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware

from accounts.principal import principal_session

# django-otp's middleware, used for its check of the session's second factor only: it
# sets ``user.otp_device`` (the confirmed device this session was verified with, or
# None) and ``user.is_verified()``. ``_verify_user_sync`` is its own method, not a
# documented one: django-otp is pinned (pyproject.toml), and tests/portal/test_speed.py
# checks a verified, an unverified and an unconfirmed device through this middleware.
_second_factor = OTPMiddleware(get_response=None)


def _user(request):
    """The request's user, read once: the session and the principal it carried (one cache
    read with Redis), then django-otp's check of the second factor. The user then takes
    the lazy wrapper's place on the request, so later reads of ``request.user`` go
    straight to it (through django-otp's wrapper and this one, a page's few dozen reads
    of the user cost about 7 % of the account home's CPU)."""
    with principal_session(request.session):
        user = auth_middleware.get_user(request)  # kept on the request: read once
    if not hasattr(user, "otp_device"):
        _second_factor._verify_user_sync(request, user)
    request.user = user
    return user


def _user_now(request):
    user = request.user
    return _user(request) if isinstance(user, SimpleLazyObject) else user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's AuthenticationMiddleware and django-otp's OTPMiddleware in one, reading the
    user with the principal the session's cached copy carried: one cache read for both
    (with Redis) and one lazy wrapper. Still lazy: nothing is read until a view or template
    uses ``request.user``; every check Django makes (the session's auth hash, an active
    account) is Django's own, and the second factor is django-otp's own check."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))
        request.auser = partial(sync_to_async(_user_now), request)

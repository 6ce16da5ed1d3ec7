"""Who the request is from, read the way the portal reads it (accounts/principal.py)."""

from django.contrib.auth import middleware as auth_middleware
from django.utils.functional import SimpleLazyObject

from accounts.principal import principal_session


def _user(request):
    with principal_session(request.session):
        return auth_middleware.get_user(request)


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, reading the user with the principal the session's cached copy carried:
    one cache read for both (with Redis). Still lazy: nothing is read until a view or
    template uses ``request.user``; every check Django makes (the session's auth hash,
    an active account) is Django's own."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))

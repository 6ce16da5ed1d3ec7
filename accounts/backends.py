"""The one authentication backend: allauth's (e-mail and password, one hash a sign-in),
with the signed-in user read through their cached principal (accounts/principal.py)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.principal import principal_get

# Sessions made before this backend name allauth's; they are read as this one's
# (portal/sessions.py), so nobody is signed out by the change.
PREVIOUS_PATH = "allauth.account.auth_backends.AuthenticationBackend"
PATH = "accounts.backends.AuthenticationBackend"


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        if not settings.PRINCIPAL_CACHE:
            return super().get_user(user_id)
        user = principal_get(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

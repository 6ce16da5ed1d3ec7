"""Staff sign-in through the council's identity provider (OpenID Connect).

django-allauth's OpenID Connect provider does the protocol (discovery, the code flow,
the ID token's signature, issuer, audience and expiry); this module decides what a
signed-in person may do here:

- their roles follow the provider's groups (STAFF_OIDC_GROUP_ROLES), at every sign-in;
  someone in none of those groups cannot sign in this way;
- they are tier 2 at once only when the ID token's ``amr`` says the provider checked a
  second factor (STAFF_OIDC_MFA_AMR); otherwise the portal asks for its own.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp import login as otp_login

from accounts import roles
from accounts.models import IdentityProviderDevice

log = logging.getLogger(__name__)


def is_staff_provider(sociallogin) -> bool:
    account = sociallogin.account
    return (
        account.provider == settings.STAFF_OIDC_PROVIDER_ID
        or getattr(sociallogin, "provider", None) is not None
        and getattr(sociallogin.provider, "app", None) is not None
        and sociallogin.provider.app.provider_id == settings.STAFF_OIDC_PROVIDER_ID
    )


def id_token_claims(sociallogin) -> dict:
    """The signed ID token's claims (groups and amr are there; userinfo may lack them)."""
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or data.get("userinfo") or data


def roles_from_claims(claims: dict) -> list[str]:
    """The portal roles the provider's groups give, in accounts.roles order."""
    groups = claims.get(settings.STAFF_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = settings.STAFF_OIDC_GROUP_ROLES
    wanted = {mapping[group] for group in groups if group in mapping}
    return [role for role in roles.STAFF_ROLES if role in wanted]


def second_factor_asserted(claims: dict) -> bool:
    amr = claims.get("amr") or []
    return bool(set(amr) & set(settings.STAFF_OIDC_MFA_AMR))


@transaction.atomic
def staff_roles_apply(*, user, role_names: list[str]) -> None:
    """Make ``user`` staff with exactly these roles (other role groups are taken away)."""
    keep = set(role_names)
    user.groups.remove(*Group.objects.filter(name__in=set(roles.STAFF_ROLES) - keep))
    user.groups.add(*Group.objects.filter(name__in=keep))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def on_staff_signed_in(request, user, sociallogin) -> None:
    """After allauth signed the person in: their roles, and tier 2 if the provider said so."""
    claims = id_token_claims(sociallogin)
    staff_roles_apply(user=user, role_names=roles_from_claims(claims))
    if second_factor_asserted(claims):
        device, _created = IdentityProviderDevice.objects.get_or_create(
            user=user, defaults={"name": "Council identity provider", "confirmed": True}
        )
        otp_login(request, device)
        request.session.cycle_key()
    log.info(
        "accounts: staff sign-in by identity provider (roles %s, second factor %s)",
        ", ".join(roles_from_claims(claims)) or "none",
        "asserted" if second_factor_asserted(claims) else "not asserted",
    )

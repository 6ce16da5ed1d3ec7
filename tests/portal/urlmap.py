"""The access matrix's entries for the portal: home, the public notices and the Django admin's index.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # Deliberately public.
    "home": Rule(why="start page"),
    "healthz": Rule(why="load balancer probe (JSON)"),
    "privacy": Rule(why="privacy notice"),
    "accessibility": Rule(why="accessibility statement"),
    "cookies": Rule(why="cookie notice"),
    # Django admin: StaffTierMiddleware and PortalAdminSite.has_permission.
    "admin:index": Rule(tier=2, staff_only=True),
}


POST_ONLY = {
    "home_message_dismiss",
}


NOT_HTML = {
    "healthz",
}


def _home_message(user, session) -> Provided:
    """A message on everyone's home today (hiding it is for the person it is shown to)."""
    from django.utils import timezone

    from portal.models import HomeMessage

    today = timezone.localdate()
    message = HomeMessage.objects.create(
        title="Garden waste renewals open", body="Renew now.", starts_on=today, ends_on=today
    )
    return Provided({"message_id": message.pk}, message)


PROVIDERS: dict[str, Provider] = {
    "home_message_dismiss": Provider(_home_message),
}

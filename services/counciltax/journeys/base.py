"""What every council tax change journey shares: the core's account change journey
(``casework.journeys.account_changes``) with council tax's words, its link and its request
types (apps.CHANGE_TYPES); sent to the revenues system through the outbox."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.journeys.account_changes import AccountChangeJourney, Change, url_names
from services.counciltax import selectors

__all__ = ["Change", "ChangeJourney", "url_names"]


class ChangeJourney(AccountChangeJourney):
    namespace = "counciltax"
    confirmation_template = "counciltax/changes/confirmation.html"
    check_template = "counciltax/changes/check.html"
    account_url_name = "counciltax:account"
    link_first = (
        _("Link your council tax account first"),
        (
            _(
                "To make a change to your council tax online, first link your "
                "account with the details from your bill. You only need to do "
                "this once."
            ),
        ),
        _("Link your council tax account"),
        "counciltax:link",
    )

    def link_get(self, *, user):
        return selectors.council_tax_link_get(user=user)

    def request_type_get(self, *, slug: str):
        return selectors.change_request_type_get(slug=slug)

    def default_next_steps(self) -> tuple[str, ...]:
        return (
            _(
                "We have sent your request to our council tax system. Most changes are made "
                "straight away; some are checked by the council tax team first."
            ),
        )

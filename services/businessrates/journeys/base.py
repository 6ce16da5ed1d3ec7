"""What every business rates change journey shares: the core's account change journey
(``casework.journeys.account_changes``) with business rates' words, its link and its
request types (apps.CHANGE_TYPES); sent to the revenues system through the outbox."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.journeys.account_changes import AccountChangeJourney, Change, url_names
from services.businessrates import selectors

__all__ = ["Change", "ChangeJourney", "url_names"]


class ChangeJourney(AccountChangeJourney):
    namespace = "businessrates"
    confirmation_template = "businessrates/changes/confirmation.html"
    check_template = "businessrates/changes/check.html"
    account_url_name = "businessrates:account"
    link_first = (
        _("Link your business rates account first"),
        (
            _(
                "To make a change to your business rates online, first link your account "
                "with the details from your bill. You only need to do this once."
            ),
        ),
        _("Link your business rates account"),
        "businessrates:link",
    )

    def link_get(self, *, user):
        return selectors.business_rates_link_get(user=user)

    def request_type_get(self, *, slug: str):
        return selectors.change_request_type_get(slug=slug)

    def account(self, ctx):
        """The linked account as the revenues system has it (read once a page, cached), or
        None when it cannot be read just now."""

        def read():
            link = self.link(ctx)
            if link is None:
                return None
            try:
                return selectors.business_rates_account_get(link=link).account
            except selectors.RevenuesUnavailable:
                return None

        return ctx.once("account", read)

    def default_next_steps(self) -> tuple[str, ...]:
        return (
            _(
                "We have sent your request to our business rates system. Some changes are "
                "made straight away; most are checked by the business rates team first."
            ),
        )

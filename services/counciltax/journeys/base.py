"""What every council tax change journey shares.

Each change is a journey on the engine (``casework.journeys``) of its own request type
(tier 2: the engine asks for the second factor), for the account linked to the resident.
Sending makes a case whose answers the resident reads, and whose ``back_office_data``
(the account number and the change, with bank details where there are any) goes only to
the revenues system, through the outbox (``integrations.revenues``): it answers accepted,
refused or queued, and the case's timeline shows which.

No account linked ends the journey before its first question (``Journey.outcome``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.journeys import Journey, Outcome
from casework.journeys.actions import NotReady, files_folder, pending_uploads
from services.counciltax import actions, selectors


def url_names(prefix: str) -> dict[str, str]:
    return {
        "entry": prefix,
        "step": f"{prefix}_step",
        "check": f"{prefix}_check",
        "sent": f"{prefix}_sent",
        "outcome": f"{prefix}_outcome",
    }


@dataclass(frozen=True)
class Change:
    """What sending a journey's answers makes: the revenues system's change (``kind`` and
    ``details``), the case's answers in words, and its one-line summary."""

    kind: str
    details: Mapping[str, Any]
    answers: Mapping[str, Any]
    summary: str
    # What the confirmation says happens next (paragraphs).
    next_steps: tuple[str, ...] = field(default=())


class ChangeJourney(Journey):
    namespace = "counciltax"
    auth_tier = 2
    start_url_name = "account"
    request_type_slug = ""
    confirmation_template = "counciltax/changes/confirmation.html"
    check_template = "counciltax/changes/check.html"
    # A journey whose steps take files (evidence): they are stored on the case, and the
    # revenues system is sent their names and links (integrations.revenues).
    takes_files = False

    def request_type(self, **url_kwargs):
        found = selectors.change_request_type_get(slug=self.request_type_slug)
        if found is None:
            raise Http404
        return found

    def link(self, ctx):
        return ctx.once("link", lambda: selectors.council_tax_link_get(user=ctx.citizen))

    def outcome(self, *, ctx, values, after):
        if after is None and self.link(ctx) is None:
            return Outcome(
                title=_("Link your council tax account first"),
                explanation=(
                    _(
                        "To make a change to your council tax online, first link your "
                        "account with the details from your bill. You only need to do "
                        "this once."
                    ),
                ),
                instead=((_("Link your council tax account"), reverse("counciltax:link")),),
            )
        return None

    def change(self, *, ctx, walk) -> Change:
        raise NotImplementedError

    def check_context(self, ctx):
        link = self.link(ctx)
        return {"account_number": link.account_ref if link else ""}

    def submit(self, *, ctx, walk):
        link = self.link(ctx)
        if link is None:
            raise NotReady([_("Link your council tax account first")])
        change = self.change(ctx=ctx, walk=walk)
        return actions.council_tax_change_submit(
            user=ctx.citizen,
            actor=ctx.actor,
            request_type=ctx.request_type,
            account_number=link.account_ref,
            kind=change.kind,
            details=dict(change.details),
            answers=dict(change.answers),
            summary=change.summary,
            uploads=(
                pending_uploads(answers=ctx.answers, folder=files_folder(ctx))
                if self.takes_files and ctx.answers
                else ()
            ),
        )

    def next_steps(self, ctx, case) -> tuple[str, ...]:
        return (
            _(
                "We have sent your request to our council tax system. Most changes are made "
                "straight away; some are checked by the council tax team first."
            ),
        )

    def confirmation_context(self, ctx, case):
        return {
            "next_steps": self.next_steps(ctx, case),
            "account_url": reverse("counciltax:account"),
        }

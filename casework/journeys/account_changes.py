"""Changes to an account kept in another system (council tax, business rates), each a journey
on the engine of its own request type, for the account linked to the person.

Tier 2 (the engine asks for the second factor). Sending makes a case whose answers the
person reads, and whose ``back_office_data`` (the account number and the change, with bank
details where there are any) goes only to the other system, through the outbox (for the
revenues system, a request type with connector ``revenues``): it answers accepted, refused
or queued, and the case's timeline shows which. No account linked ends the journey before
its first question (``Journey.outcome``).

A service subclasses ``AccountChangeJourney`` once, with its words and its link, and then
each change journey declares its steps and ``change``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.urls import reverse

from casework.actions import case_submit
from casework.journeys.actions import NotReady, files_folder, pending_uploads
from casework.journeys.definition import Journey
from casework.journeys.steps import Outcome


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
    """What sending a journey's answers makes: the other system's change (``kind`` and
    ``details``), the case's answers in words, and its one-line summary."""

    kind: str
    details: Mapping[str, Any]
    answers: Mapping[str, Any]
    summary: str
    # What the confirmation says happens next (paragraphs).
    next_steps: tuple[str, ...] = field(default=())


def account_change_submit(
    *,
    user,
    actor,
    request_type,
    account_number: str,
    kind: str,
    details: dict,
    answers: dict,
    summary: str,
    uploads=(),
):
    """A change to the person's account (a journey sent): a case whose answers the person
    reads, delivered to the other system through the outbox with the change itself
    (``back_office_data``: bank details travel only there). ``uploads`` (evidence, already
    checked) are stored on the case."""
    return case_submit(
        request_type=request_type,
        answers=answers,
        summary=summary,
        resident=user,
        actor=actor,
        acting_for=user if actor is not None and actor != user else None,
        fee_pence=0,
        uploads=uploads,
        back_office_data={
            "account_number": account_number,
            "change": {"kind": kind, "details": details},
        },
    )


class AccountChangeJourney(Journey):
    """The shared shape; a service's subclass sets its words, link and request types."""

    auth_tier = 2
    start_url_name = "account"
    request_type_slug = ""
    # The service's own: (title, explanation paragraphs, link label, link URL name) of the
    # "link your account first" answer; the account page's URL name.
    link_first: tuple[str, tuple[str, ...], str, str] = ("", (), "", "")
    account_url_name = ""
    # A journey whose steps take files (evidence): they are stored on the case, and the
    # other system is sent their names and links (integrations.revenues).
    takes_files = False

    def link_get(self, *, user):
        """The person's link to the account (``linking.ServiceLink``) or None."""
        raise NotImplementedError

    def request_type_get(self, *, slug: str):
        """The active request type of this change, or None."""
        raise NotImplementedError

    def change(self, *, ctx, walk) -> Change:
        raise NotImplementedError

    def default_next_steps(self) -> tuple[str, ...]:
        return ()

    def request_type(self, **url_kwargs):
        found = self.request_type_get(slug=self.request_type_slug)
        if found is None:
            raise Http404
        return found

    def link(self, ctx):
        return ctx.once("link", lambda: self.link_get(user=ctx.citizen))

    def outcome(self, *, ctx, values, after):
        if after is None and self.link(ctx) is None:
            title, explanation, label, url_name = self.link_first
            return Outcome(
                title=title, explanation=explanation, instead=((label, reverse(url_name)),)
            )
        return None

    def check_context(self, ctx):
        link = self.link(ctx)
        return {"account_number": link.account_ref if link else ""}

    def submit(self, *, ctx, walk):
        link = self.link(ctx)
        if link is None:
            raise NotReady([self.link_first[0]])
        change = self.change(ctx=ctx, walk=walk)
        return account_change_submit(
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
        return self.default_next_steps()

    def confirmation_context(self, ctx, case):
        return {
            "next_steps": self.next_steps(ctx, case),
            "account_url": reverse(self.account_url_name),
        }

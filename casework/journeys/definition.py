"""What a service declares: its ``Journey`` (steps, what sending does) and, from
``Journey.urls``, the URL patterns of the engine's pages that serve it.

The engine's own modules never import this one: they are handed a service's journey, and
the parts they pass around (``Step``, ``Outcome``, ``JourneyContext``) are in
``casework.journeys.steps``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework import payments
from casework.journeys.registry import journey_register
from casework.journeys.steps import JourneyContext, Outcome, Step
from casework.journeys.urls import journey_urlpatterns

if TYPE_CHECKING:
    from casework.journeys.state import Walk
    from casework.models import Case, Draft, RequestType


class Journey:
    """A service's multi-step request. Subclass it; see ``casework.journeys``."""

    slug: str = ""
    namespace: str = ""
    # URL names of the engine's pages inside the service's namespace.
    url_names: Mapping[str, str] = {
        "entry": "journey",
        "step": "step",
        "check": "check",
        "sent": "confirmation",
        "outcome": "outcome",
    }
    check_template = "journeys/check.html"
    confirmation_template = "journeys/confirmation.html"
    # The page "Back" goes to from the first step (a URL name in the namespace).
    start_url_name = "start"
    # Open to visitors with no account (request types of auth tier 0): their answers are
    # kept in a draft their browser session holds (casework.journeys.owners).
    visitors_allowed = False
    # 2: every page of the journey asks for the second factor before anything else (a
    # journey about money or a council tax account: paying rent, changing a Direct Debit), as a tier-2 page does. None: the request type's
    # tier decides, page by page.
    auth_tier: int | None = None

    # For staff only (a councillor's enquiry for a constituent): every page is a staff
    # page (tier 2, 403 for residents), under /staff/.
    staff_only = False
    # What the check page says when the answers (or what ``shown_version`` covers) changed
    # since it was shown, and when the payment provider cannot be reached after sending.
    changed_message = _(
        "Your answers have changed since this page was shown. Check them, then send your request"
    )
    payment_unavailable_message = _(
        "We have your request, but we could not take you to the payment page. %(reason)s"
    )

    # --- what a service says ---------------------------------------------------------

    def request_type(self, **url_kwargs) -> RequestType:
        raise NotImplementedError

    def check_access(self, ctx: JourneyContext) -> None:
        """Raise Http404 when ``ctx.citizen`` may not take this journey at this URL (a
        renewal of someone else's subscription). Every page of the journey asks."""

    def url_kwargs(self, request_type: RequestType) -> dict:
        """The URL arguments that name ``request_type`` (those ``request_type`` reads)."""
        return {}

    def steps(self, request_type: RequestType) -> Sequence[Step]:
        raise NotImplementedError

    def steps_for(self, ctx: JourneyContext) -> Sequence[Step]:
        """The steps for the person answering (a visitor is asked who they are): by
        default ``steps``, the same for everyone."""
        return self.steps(ctx.request_type)

    def form_kwargs(self, step: Step, ctx: JourneyContext) -> dict:
        """Extra keyword arguments for ``step``'s form (e.g. the files added before)."""
        return {}

    def step_form_kwargs(self, step: Step, ctx: JourneyContext, values: Mapping[str, Any]) -> dict:
        """``form_kwargs``, for a form that also needs the answers of the steps before it
        (``values``, merged by field name: e.g. a page of admin-built questions whose
        own conditions hide some of them). The engine always calls this one."""
        return self.form_kwargs(step, ctx)

    def prefill(self, step: Step, ctx: JourneyContext) -> dict:
        """Initial values for a step not answered yet (from the person's profile)."""
        return {}

    def outcome(
        self, *, ctx: JourneyContext, values: Mapping[str, Any], after: Step | None
    ) -> Outcome | None:
        """An ``Outcome`` where the answers so far end the journey with an explanation
        instead of another question; None to go on. Asked before the first step
        (``after`` None, ``values`` empty: an address nobody collects from) and after each
        step answered (``values``: the answers so far, merged by field name). Steps after
        it are not asked, the check page and sending lead to the outcome page instead."""
        return None

    def may_end_early(self) -> bool:
        """Whether its rules can end the journey with an ``Outcome`` (it says ``outcome``):
        such a journey has an outcome page."""
        return type(self).outcome is not Journey.outcome

    def problems(self, *, ctx: JourneyContext, walk: Walk) -> list[str]:
        """What stops these answers being sent, in the resident's words ([] when none)."""
        return []

    def check_rows(self, *, ctx: JourneyContext, walk: Walk) -> list[dict]:
        """Rows the check page adds after the answers (address, cost ...): summary-list
        rows as ``{"key", "value", "href"?, "action"?}``."""
        return []

    def submit(self, *, ctx: JourneyContext, walk: Walk) -> Case:
        """Make the case from the answers: inside the sending transaction, once. Raise
        ``casework.journeys.actions.NotReady`` to refuse (nothing is made, the draft stays)."""
        raise NotImplementedError

    def shown_version(self, *, ctx: JourneyContext, walk: Walk) -> str:
        """What else the check page shows that sending must match (a price worked out from
        the answers): a short text that changes when it does; '' for nothing."""
        return ""

    def sent_url(self, ctx: JourneyContext, case: Case) -> str:
        """Where a sent request goes on (and where the payment provider sends the person
        back): its confirmation, or its page while it waits to be paid."""
        if payments.case_needs_payment(case):
            return reverse("casework:detail", kwargs={"reference": case.reference})
        return self.url("sent", ctx, reference=case.reference)

    def sent_case(self, *, ctx: JourneyContext, reference: str) -> Case | None:
        """The case a confirmation page names, for a journey made for someone else (a
        councillor's enquiry for a constituent): raise Http404 when ``ctx.actor`` may
        not see it. None: the engine's own rule (the person's own request)."""
        return None

    def case_sent_from_draft(self, *, ctx: JourneyContext, draft: Draft) -> Case | None:
        """The case another click already made from ``draft``, for a journey whose cases
        are not the person's own requests of its request type; None: the engine's rule."""
        return None

    def upgrade(self, data: dict) -> dict:
        """Draft answers saved in an older shape, as ``{"steps": ...}``."""
        return data

    def step_context(self, step: Step, ctx: JourneyContext, form) -> dict:
        """More for a step's template (a character count, a map ...)."""
        return {}

    def check_context(self, ctx: JourneyContext) -> dict:
        return {}

    def confirmation_context(self, ctx: JourneyContext, case: Case) -> dict:
        return {}

    def form_kwargs_for(self, step: Step, ctx: JourneyContext, values: Mapping[str, Any]) -> dict:
        """What the engine gives ``step``'s form: the step's own arguments when it says
        them, else the journey's (``step_form_kwargs``)."""
        if step.form_kwargs is not None:
            return step.form_kwargs(ctx, values)
        return self.step_form_kwargs(step, ctx, values)

    # --- the engine's URLs ---------------------------------------------------------------

    def step_get(self, ctx: JourneyContext, name: str | None) -> Step:
        """The step called ``name`` (None: the first); 404 for one this journey lacks."""
        steps = list(self.steps_for(ctx))
        if name is None:
            return steps[0]
        for step in steps:
            if step.name == name:
                return step
        raise Http404

    def step_url(self, ctx: JourneyContext, name: str | None) -> str:
        """A step's page: the first step's is the journey's own address."""
        first = self.steps(ctx.request_type)[0].name
        if name is None or name == first:
            return self.url("entry", ctx)
        return self.url("step", ctx, step_name=name)

    def back_url(self, ctx: JourneyContext) -> str:
        """Where "Back" goes from the first step."""
        return reverse(f"{self.namespace}:{self.start_url_name}")

    def url_name(self, page: str) -> str:
        """The URL name of one of the engine's pages (``url_names``; a journey that names
        only the older four has its outcome page at ``<entry>_outcome``)."""
        return self.url_names.get(page) or f"{self.url_names['entry']}_{page}"

    def url(self, page: str, ctx_or_kwargs, **extra) -> str:
        kwargs = ctx_or_kwargs.url_kwargs if hasattr(ctx_or_kwargs, "url_kwargs") else ctx_or_kwargs
        return reverse(f"{self.namespace}:{self.url_name(page)}", kwargs={**kwargs, **extra})

    def urls(self, prefix: str = "") -> list:
        """URL patterns for the service's urls.py (under its namespace). Registers the
        journey by its slug, so that a saved draft finds its way back to it."""
        journey_register(self)
        return journey_urlpatterns(self, prefix)

"""Request types whose questions administrators built, on the journey engine: one step
a page of the published version, then the appointment when the type offers them (a
booking calendar set in the admin), check, send once, pay the type's fee, confirmation."""

from __future__ import annotations

from casework.bookings.journeys import booking_step
from casework.bookings.selectors import calendar_get
from casework.journeys import Journey
from casework.uploads import PendingFilesMixin
from services.forms import actions, selectors


class BuiltFormJourney(Journey):
    slug = "forms"
    namespace = "forms"
    url_names = {"entry": "journey", "step": "step", "check": "check", "sent": "confirmation"}

    def request_type(self, *, type_slug):
        return selectors.request_type_get(slug=type_slug)

    def url_kwargs(self, request_type):
        return {"type_slug": request_type.slug}

    def steps(self, request_type):
        steps = list(selectors.version_steps(request_type.form_version))
        if calendar_get(request_type=request_type) is not None:
            steps.append(booking_step())
        return steps

    def step_form_kwargs(self, step, ctx, values):
        kwargs = {"values": dict(values)}
        if issubclass(step.form_class, PendingFilesMixin):  # the page that asks for files
            kwargs["existing"] = ctx.answers.files
        return kwargs

    def prefill(self, step, ctx):
        return selectors.address_prefill(form_class=step.form_class, citizen=ctx.citizen)

    def step_context(self, step, ctx, form):
        return {"service": selectors.service()}

    def check_context(self, ctx):
        return {"fee_pence": ctx.request_type.fee_pence}

    def submit(self, *, ctx, walk):
        return actions.built_form_submit(ctx=ctx, walk=walk)


JOURNEY = BuiltFormJourney()

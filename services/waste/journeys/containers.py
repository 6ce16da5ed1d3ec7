"""Order a bin or box on the journey engine: which one, why and how many, check (with the
total), order, and pay where the council charges. The address is in the URL
(``/waste/bins/<uprn>/``); the answers are kept in the resident's draft.

An address nobody collects bins from, or with nothing to order, and a container the
resident has an open order of at that address, end the journey with an explanation
(``Journey.outcome``). An order with a price waits for payment (the engine's payment
step); its confirmation shows the order's page until it is paid.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.journeys import Step
from casework.journeys.selectors import journey_walk
from core.formatting import govuk_date
from services.waste.actions import containers as actions
from services.waste.forms import containers as forms
from services.waste.journeys.at_address import AddressJourney
from services.waste.selectors import containers as selectors


class ContainerOrder(AddressJourney):
    slug = "waste-containers"
    url_names = {
        "entry": "containers_choose",
        "step": "containers_step",
        "check": "containers_check",
        "sent": "containers_sent",
        "outcome": "containers_outcome",
    }
    start_url_name = "containers_start"
    address_url_name = "containers_address"
    other_address = _("Order for a different address")
    no_collections = _(
        "We have no bin collections for this address, so you cannot order bins for it. "
        "Businesses usually pay a waste company to collect their bins."
    )
    check_template = "waste/containers/check.html"
    confirmation_template = "waste/containers/confirmation.html"
    changed_message = _(
        "Your order or its price has changed since this page was shown. "
        "Check it, then place your order"
    )
    payment_unavailable_message = _(
        "We have your order, but we could not take you to the payment page. %(reason)s"
    )

    def request_type_get(self):
        return selectors.request_type_get()

    def steps(self, request_type):
        return [
            Step(
                "container",
                forms.ContainerForm,
                _("Which bin or box do you need?"),
                template="waste/containers/choose.html",
            ),
            Step(
                "details",
                forms.DetailsForm,
                _("Why and how many"),
                template="waste/containers/details.html",
            ),
        ]

    def _containers(self, ctx):
        return ctx.once("containers", lambda: selectors.container_list(address=self.address(ctx)))

    def _container(self, ctx, slug):
        return next((c for c in self._containers(ctx) if c.slug == slug), None)

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "container":
            return {"containers": self._containers(ctx)}
        return {"container": self._container(ctx, values.get("container"))}

    def step_context(self, step, ctx, form):
        context = {"address": self.address(ctx)}
        if step.name == "details":
            context.update(
                container=form.container,
                price=selectors.price_text(form.container.price_pence),
                refusal=selectors.additional_refusal(form.container),
            )
        return context

    def outcome(self, *, ctx, values, after):
        if after is None and self.has_collections(ctx) and not self._containers(ctx):
            return self.outcome_page(
                ctx,
                _("There are no bins or boxes to order for this address"),
                contact="ask",
            )
        if after is not None and after.name == "container":
            return self._already_ordered(ctx, self._container(ctx, values["container"]))
        return super().outcome(ctx=ctx, values=values, after=after)

    def _already_ordered(self, ctx, container):
        existing = selectors.open_order_get(
            user=ctx.citizen, address=self.address(ctx), container=container
        )
        if existing is None:
            return None
        return self.outcome_page(
            ctx,
            _("You have already ordered this"),
            _(
                "You ordered a %(name)s for this address on %(date)s and we are still "
                "dealing with it."
            )
            % {"name": container.name.lower(), "date": govuk_date(existing.created_at)},
            case=existing,
            case_link=_("See your order %(reference)s") % {"reference": existing.reference},
        )

    def order(self, ctx, walk) -> selectors.Order:
        values = walk.values
        return selectors.Order(
            address=self.address(ctx),
            container=self._container(ctx, values["container"]),
            reason=selectors.Reason(values["reason"]),
            quantity=values.get("quantity") or 1,
        )

    def check_rows(self, *, ctx, walk):
        order = self.order(ctx, walk)
        total = str(_("Nothing: it is free"))
        if order.total_pence:
            total = order.total_text
            if order.quantity > 1:
                total += " (" + str(_("%(each)s each") % {"each": order.price_each_text}) + ")"
        return [self.address_row(ctx), {"key": _("Total to pay"), "value": total}]

    def check_context(self, ctx):
        order = self.order(ctx, ctx.once("walk", lambda: journey_walk(ctx)))
        return {
            "heading": _("Check your order"),
            "caption": _("Order a bin or box"),
            "order": order,
        }

    def shown_version(self, *, ctx, walk):
        return self.order(ctx, walk).version

    def confirmation_context(self, ctx, case):
        return {"answers": case.answers or {}}

    def submit(self, *, ctx, walk):
        case, _created = actions.container_order(
            user=ctx.citizen, order=self.order(ctx, walk), request_type=ctx.request_type
        )
        return case  # an open order of the same made meanwhile: go on with that one


JOURNEY = ContainerOrder()

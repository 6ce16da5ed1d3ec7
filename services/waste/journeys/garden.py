"""Subscribe to garden waste collections on the journey engine: how many bins, check
(with the price), subscribe and pay. The address is in the URL
(``/waste/garden/<uprn>/``); the answer is kept in the resident's draft.

An address with no garden round, or with a live subscription already, is explained on
the question page and cannot be answered (so it can never be sent). The subscription
is active only once the payment provider confirms payment (``actions.garden``); after
sending, the resident goes on to pay and comes back to the confirmation
(``waste:garden_sent``), which shows the request's page while it is unpaid.

Renewing (``/waste/garden/subscription/<id>/renew/``) is a journey of its own, of the
same request type: how many bins (as many as now, to start with), check, renew and pay.
Only the subscription's owner may take it; a subscription that cannot be renewed (not
yet, or already renewed) is explained on the question page. Cancelling is one page
(views.garden).
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework import payments
from casework.journeys import Journey, Step
from casework.journeys.actions import NotReady
from casework.journeys.selectors import journey_walk
from casework.money import format_pence
from core import clock
from services.waste.actions import garden as actions
from services.waste.forms import garden as forms
from services.waste.selectors import garden as selectors


def _request_type():
    """The garden subscription request type: 404 while an administrator has it off."""
    request_type = selectors.request_type_get()
    if request_type is None:
        raise Http404
    return request_type


def address_for(ctx):
    """The address subscribed for (the URL's UPRN): 404 when it is not in the gazetteer."""
    return ctx.once("address", lambda: selectors.address_get(uprn=ctx.url_kwargs["uprn"]))


def _rules(ctx):
    return ctx.once("rules", selectors.policy)


def _existing(ctx):
    """The address's live subscription, if it has one."""
    return ctx.once(
        "existing",
        lambda: selectors.live_at_address(address=address_for(ctx), on=clock.today()),
    )


def _refusal(ctx) -> str:
    """Why this address cannot be subscribed for ('' when it can)."""
    if not ctx.once("round", lambda: selectors.has_garden_round(address=address_for(ctx))):
        return str(_("We do not collect garden waste from this address."))
    if _existing(ctx) is not None:
        return str(_("This address already has a garden waste subscription."))
    return ""


def rules_context(rules) -> dict:
    """The council's terms, as the garden pages say them."""
    return {
        "price_per_bin": format_pence(rules.garden_price_per_bin_pence),
        "max_bins": rules.garden_max_bins,
        "months": rules.garden_months,
        "reminder_days": rules.garden_renewal_reminder_days,
    }


class GardenSubscription(Journey):
    slug = "waste-garden"
    namespace = "waste"
    url_names = {
        "entry": "garden_subscribe",
        "step": "garden_step",
        "check": "garden_check",
        "sent": "garden_confirmation",
    }
    step_template = "waste/garden/subscribe.html"
    check_template = "waste/garden/check.html"
    check_heading = _("Check your garden waste subscription")
    changed_message = _("The price has changed since this page was shown. Check it, then subscribe")
    payment_unavailable_message = _(
        "We have your subscription, but we could not take you to the payment page. %(reason)s"
    )

    def request_type(self, *, uprn):
        selectors.address_get(uprn=uprn)  # 404 for an address not in the gazetteer
        return _request_type()

    def steps(self, request_type):
        question = _("How many garden waste bins do you want emptied?")
        return [Step("bins", forms.BinsForm, question, template=self.step_template)]

    def refusal(self, ctx) -> str:
        return _refusal(ctx)

    def form_kwargs(self, step, ctx):
        return {"choices": selectors.bin_choices(_rules(ctx)), "refusal": self.refusal(ctx)}

    def back_url(self, ctx):
        return reverse("waste:garden")

    def sent_url(self, ctx, case):
        return reverse("waste:garden_sent", kwargs={"reference": case.reference})

    def step_context(self, step, ctx, form):
        address = address_for(ctx)
        existing = _existing(ctx)
        context = {"address": address, **rules_context(_rules(ctx))}
        if not selectors.has_garden_round(address=address):
            context["no_round"] = True
        elif existing is not None:
            context.update(
                existing=existing,
                existing_state=selectors.shown_state(existing, on=clock.today()),
                mine=existing.resident_id == ctx.citizen.pk,
            )
        return context

    def _quote(self, ctx, walk):
        return selectors.quote_new(bins=walk.values["bins"], on=clock.today(), rules=_rules(ctx))

    def check_rows(self, *, ctx, walk):
        quote = self._quote(ctx, walk)
        total = quote.total_text
        if quote.bins > 1:
            total += " (" + str(_("%(each)s a bin") % {"each": quote.price_per_bin_text}) + ")"
        how_long = _("%(months)s months from the day you pay: until %(date)s if you pay today") % {
            "months": quote.months,
            "date": quote.ends_on.strftime("%-d %B %Y"),
        }
        return [
            {
                "key": _("Address"),
                "value": "\n".join(address_for(ctx).lines),
                "href": reverse("waste:garden"),
                "action": _("the address"),
            },
            {"key": _("How long"), "value": how_long},
            {"key": _("Total to pay"), "value": total},
        ]

    def caption(self, ctx):
        return _("Subscribe to garden waste collections")

    def check_context(self, ctx):
        return {
            "heading": self.check_heading,
            "caption": self.caption(ctx),
            "quote": self._quote(ctx, journey_walk(ctx)),
        }

    def shown_version(self, *, ctx, walk):
        return self._quote(ctx, walk).version

    def submit(self, *, ctx, walk):
        try:
            subscription = actions.garden_subscribe(
                user=ctx.citizen,
                address=address_for(ctx),
                bins=walk.values["bins"],
                request_type=ctx.request_type,
                on=clock.today(),
            )
        except actions.AlreadySubscribed as exc:
            if exc.existing.resident_id == ctx.citizen.pk:
                return exc.existing.case  # a second try: go on with the first
            raise NotReady([str(exc)]) from None
        except actions.GardenRefused as refused:
            raise NotReady([str(refused)]) from None
        return subscription.case


class GardenRenewal(GardenSubscription):
    slug = "waste-garden-renew"
    url_names = {
        "entry": "garden_renew",
        "step": "garden_renew_step",
        "check": "garden_renew_check",
        "sent": "garden_renew_confirmation",
    }
    step_template = "waste/garden/renew.html"
    check_template = "waste/garden/renew_check.html"
    check_heading = _("Check your renewal")
    changed_message = _("The price has changed since this page was shown. Check it, then renew")

    def request_type(self, *, subscription_id):
        return _request_type()

    def check_access(self, ctx):
        _subscription(ctx)  # 404 unless the person's own

    def refusal(self, ctx) -> str:
        return _renewal(ctx)["refusal"]

    def prefill(self, step, ctx):
        return {"bins": min(_subscription(ctx).bins, _rules(ctx).garden_max_bins)}

    def step_context(self, step, ctx, form):
        return {"subscription": _subscription(ctx), **_renewal(ctx), **rules_context(_rules(ctx))}

    def _quote(self, ctx, walk):
        return selectors.quote_renewal(
            subscription=_subscription(ctx), bins=walk.values["bins"], rules=_rules(ctx)
        )

    def check_rows(self, *, ctx, walk):
        quote = self._quote(ctx, walk)
        return [
            {"key": _("Address"), "value": "\n".join(_subscription(ctx).address.lines)},
            {
                "key": _("Dates"),
                "value": _("%(start)s to %(end)s")
                % {
                    "start": quote.starts_on.strftime("%-d %B %Y"),
                    "end": quote.ends_on.strftime("%-d %B %Y"),
                },
            },
            {"key": _("Total to pay"), "value": quote.total_text},
        ]

    def caption(self, ctx):
        return _("Renew garden waste for %(address)s") % {
            "address": _subscription(ctx).address.line1
        }

    def submit(self, *, ctx, walk):
        try:
            renewal = actions.garden_renew(
                user=ctx.citizen,
                subscription=_subscription(ctx),
                bins=walk.values["bins"],
                request_type=ctx.request_type,
                on=clock.today(),
            )
        except actions.AlreadyRenewed as exc:  # a second try: go on with the first
            return exc.renewal.case
        except actions.GardenRefused as refused:
            raise NotReady([str(refused)]) from None
        return renewal.case


def _subscription(ctx):
    """The subscription being renewed: the person's own, or 404."""
    return ctx.once(
        "subscription",
        lambda: selectors.subscription_for_owner(
            user=ctx.citizen, subscription_id=ctx.url_kwargs["subscription_id"]
        ),
    )


def _renewal(ctx) -> dict:
    """Why the subscription cannot be renewed now ('' when it can), and its live renewal."""

    def read():
        subscription, on = _subscription(ctx), clock.today()
        renewal = selectors.live_renewal_of(subscription=subscription, on=on)
        refusal = selectors.renewal_refusal(subscription, on=on, renewal=renewal, rules=_rules(ctx))
        unpaid = renewal is not None and payments.case_needs_payment(renewal.case)
        return {"refusal": refusal, "renewal": renewal, "renewal_unpaid": unpaid}

    return ctx.once("renewal", read)


JOURNEY = GardenSubscription()
RENEWAL = GardenRenewal()

"""Book a bulky waste collection on the journey engine: items, day, where, check, book
and pay. The address is in the URL (``/waste/bulky/<uprn>/``); the answers are kept in
the resident's draft, so "Save and come back later" works on every question.

Booking reserves a place on the day (``actions.bulky.bulky_book``: one conditional
UPDATE, never double-booked); a day taken meanwhile is refused on the check page, and
the booking's page is where a sent booking goes on, paid or not.
"""

from __future__ import annotations

import json

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.selectors import address_get
from casework.journeys import Journey, Step
from casework.journeys.actions import NotReady
from casework.journeys.selectors import journey_walk
from casework.money import format_pence
from services.waste.actions import bulky as actions
from services.waste.forms import bulky as forms
from services.waste.selectors import bulky as selectors


def address_for(ctx):
    """The address the booking is for (the URL's UPRN): 404 when it is not in the gazetteer."""
    address = ctx.once("address", lambda: address_get(uprn=ctx.url_kwargs.get("uprn")))
    if address is None:
        raise Http404
    return address


def _policy(ctx):
    return ctx.once("policy", selectors.policy_get)


def _slots(ctx):
    return ctx.once(
        "slots", lambda: selectors.slot_list(address=address_for(ctx), policy=_policy(ctx))
    )


class BulkyBooking(Journey):
    slug = "waste-bulky"
    namespace = "waste"
    url_names = {
        "entry": "bulky_items",
        "step": "bulky_step",
        "check": "bulky_check",
        "sent": "bulky_sent",
    }
    check_template = "waste/bulky/check.html"
    changed_message = _(
        "Your answers have changed since this page was shown. Check them, then book"
    )
    payment_unavailable_message = _(
        "We are holding the day for you, but we could not take you to the payment page. %(reason)s"
    )

    def request_type(self, *, uprn):
        request_type = selectors.request_type_get()
        if request_type is None or address_get(uprn=uprn) is None:
            raise Http404
        return request_type

    def steps(self, request_type):
        return [
            Step(
                "items",
                forms.ItemsForm,
                _("What do you want us to collect?"),
                template="waste/bulky/items.html",
            ),
            Step(
                "day",
                forms.SlotForm,
                _("Which day should we collect?"),
                template="waste/bulky/day.html",
            ),
            Step(
                "where",
                forms.WhereForm,
                _("Where will the items be?"),
                template="waste/bulky/where.html",
            ),
        ]

    def form_kwargs(self, step, ctx):
        if step.name == "items":
            return {"items": ctx.once("items", selectors.item_list), "policy": _policy(ctx)}
        if step.name == "day":
            return {"slots": _slots(ctx)}
        return {}

    def back_url(self, ctx):
        return reverse("waste:bulky_start")

    def sent_url(self, ctx, case):
        return reverse("waste:bulky_booking", kwargs={"reference": case.reference})

    # --- The pages ------------------------------------------------------------------------

    def _quote(self, ctx, walk=None):
        walk = walk or ctx.once("walk", lambda: journey_walk(ctx))
        items_form = walk.form("items")
        if items_form is None or not items_form.is_valid():
            return None
        return items_form.quote()

    def step_context(self, step, ctx, form):
        address = address_for(ctx)
        context = {"address": address}
        if step.name == "items":
            context["policy"] = form.policy
            context["unavailable"] = not _slots(ctx)
        elif step.name == "day":
            context["quote"] = self._quote(ctx)
            context["slots"] = form.slots
            context["day_taken"] = selectors.slot_no_longer_offered(
                posted=ctx.answers.posted("day"), slots=form.slots
            )
        return context

    def check_rows(self, *, ctx, walk):
        address = address_for(ctx)
        quote = walk.form("items").quote()
        total = format_pence(quote.total_pence)
        if quote.minimum_applies:
            total += "\n" + str(
                _("Your items cost %(items)s; the minimum charge is %(minimum)s.")
                % {
                    "items": format_pence(quote.items_pence),
                    "minimum": format_pence(quote.minimum_pence),
                }
            )
        change_address = reverse("waste:bulky_address") + "?postcode=" + address.postcode
        return [
            {
                "key": _("Address"),
                "value": "\n".join(address.lines),
                "href": change_address,
                "action": _("the address"),
            },
            {"key": _("Total"), "value": total},
        ]

    def check_context(self, ctx):
        walk = ctx.once("walk", lambda: journey_walk(ctx))
        return {
            "heading": _("Check your answers before booking"),
            "caption": _("Book a bulky waste collection"),
            "quote": self._quote(ctx, walk),
            "day": walk.form("day").chosen_slot(),
            "hold_hours": int(selectors.HOLD.total_seconds() // 3600),
        }

    def shown_version(self, *, ctx, walk):
        """The prices and the day are part of what the page showed, and so of what is booked."""
        quote = walk.form("items").quote()
        return json.dumps([quote.as_json(), quote.total_pence], sort_keys=True)

    # --- Sending --------------------------------------------------------------------------

    def submit(self, *, ctx, walk):
        address = address_for(ctx)
        slot = walk.form("day").chosen_slot()
        try:
            booking = actions.bulky_book(
                user=ctx.citizen,
                address=address,
                quote=walk.form("items").quote(),
                slot=slot,
                location=walk.values["location"],
                request_type=ctx.request_type,
            )
        except actions.AlreadyBooked as exc:  # the same day booked before: go on with that one
            return exc.booking.case
        except actions.SlotFull:
            raise NotReady([selectors.slot_full_message(slot)]) from None
        except actions.BookingRefused as refused:
            raise NotReady([str(refused)]) from None
        return booking.case


JOURNEY = BulkyBooking()

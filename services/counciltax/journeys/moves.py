"""Moving: into the area, within it, or out of it (dates, the new or forwarding address,
who else lives there, the owner or landlord if known). Moving within or into the area
takes the new address from the council's gazetteer; moving out asks for it in full."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts import tell_us_once
from accounts.selectors import address_get
from casework.journeys import Step
from core.formatting import govuk_date
from services.counciltax.apps import SLUG
from services.counciltax.journeys import forms
from services.counciltax.journeys.base import Change, ChangeJourney, url_names

MOVE_WORDS = {
    "in": _("Moving into the area"),
    "within": _("Moving within the area"),
    "out": _("Moving out of the area"),
}
TENURE_WORDS = {"owner": _("Owner"), "tenant": _("Tenant"), "other": _("Something else")}


def _in_area(values) -> bool:
    return values.get("move") in ("in", "within")


class Move(ChangeJourney):
    slug = "council-tax-move"
    request_type_slug = "council-tax-move"
    url_names = url_names("move")

    def steps(self, request_type):
        return [
            Step("move", forms.MoveKindForm, _("Moving home")),
            Step("date", forms.MoveDateForm, _("Your moving date")),
            Step("postcode", forms.PostcodeForm, _("Your new address"), when=_in_area),
            Step("address", forms.PickAddressForm, _("Your new address"), when=_in_area),
            Step(
                "forwarding",
                forms.ForwardingAddressForm,
                _("Your forwarding address"),
                when=lambda values: values.get("move") == "out",
            ),
            Step("household", forms.HouseholdForm, _("Your new home"), when=_in_area),
            Step(
                "leaving",
                forms.LeavingForm,
                _("The home you are leaving"),
                when=lambda values: values.get("move") in ("within", "out"),
            ),
        ]

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "address":
            return {"postcode": values.get("new_postcode", "")}
        return {}

    def _new_address(self, values) -> dict:
        if _in_area(values):
            address = address_get(uprn=values["new_uprn"])
            return {
                "uprn": str(address.uprn),
                "lines": list(address.lines),
                "postcode": address.postcode,
            }
        lines = [values["forwarding_line1"], values.get("forwarding_line2", "")]
        lines = [line for line in lines if line] + [values["forwarding_town"]]
        return {"uprn": "", "lines": lines, "postcode": values["forwarding_postcode"]}

    def change(self, *, ctx, walk):
        values = walk.values
        move = values["move"]
        new = self._new_address(values)
        moved_on = datetime.date.fromisoformat(values["moved_on"])
        details = {
            "move": move,
            "moved_on": values["moved_on"],
            "new_address": new,
            "others": values.get("others", ""),
            "tenure": values.get("tenure", ""),
            "landlord": values.get("landlord", ""),
            "new_occupier_or_owner": values.get("new_occupier", ""),
        }
        answers = {
            "move": str(MOVE_WORDS[move]),
            "moving_date": govuk_date(moved_on),
            "new_address" if move != "out" else "forwarding_address": ", ".join(
                [*new["lines"], new["postcode"]]
            ),
            "who_else_lives_there": values.get("others", ""),
            "own_or_rent": str(TENURE_WORDS.get(values.get("tenure", ""), "")),
            "landlord": values.get("landlord", ""),
            "new_owner_or_landlord_of_the_old_home": values.get("new_occupier", ""),
        }
        return Change(
            kind="move",
            details=details,
            answers=answers,
            summary=str(MOVE_WORDS[move]),
        )

    def next_steps(self, ctx, case):
        return (
            _t(
                "The council tax team will close your account at your old address from the "
                "day you move and send you a final bill. If you are moving within or into "
                "the area, they will open an account at your new address and send you its "
                "first bill. This usually takes up to 10 working days."
            ),
            _t("Keep paying your current instalments until your new bill arrives."),
        )

    def submit(self, *, ctx, walk):
        case = super().submit(ctx=ctx, walk=walk)
        if ctx.request is not None:  # offered to the other services on the next page
            new = self._new_address(walk.values)
            tell_us_once.change_offer(
                ctx.request.session,
                tell_us_once.ContactChange(
                    kind=tell_us_once.ADDRESS,
                    lines=tuple(new["lines"]),
                    postcode=new["postcode"],
                    uprn=int(new["uprn"]) if new["uprn"] else None,
                    moved_on=walk.values["moved_on"],
                    source=SLUG,
                ),
            )
        return case

    def confirmation_context(self, ctx, case):
        context = super().confirmation_context(ctx, case)
        session = getattr(ctx.request, "session", None)
        change = tell_us_once.change_pending(session)
        if tell_us_once.offers_for(user=ctx.citizen, change=change):
            context["tell_us_once_url"] = reverse("accounts:tell_us_once")
        return context


JOURNEY = Move()

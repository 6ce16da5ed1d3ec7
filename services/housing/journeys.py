"""The housing journeys, on the journey engine (casework.journeys):

/housing/repairs/report/          report a repair: where, what is wrong, the follow-up
                                  questions for that problem (the engine's ``when``
                                  rules), details and photos, an appointment from the
                                  contractor's diary for that trade (casework.bookings),
                                  access details; emergencies end in "phone us now"
/housing/anti-social-behaviour/   report anti-social behaviour: what, when, where,
                                  ongoing, evidence, whether it is safe to contact you
/housing/rent/pay/                pay rent: how much, check, then the payment page (the
                                  engine's fee step); the housing system hears once paid
/housing/rent/arrangement/        ask to pay arrears in instalments (tier 2, like paying)

Repairs, payments and arrangements need a linked tenancy (a tenant who has not linked one
is told how, instead of the first question); reports of anti-social behaviour do not.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import actions as case_actions
from casework.bookings.journeys import booking_step
from casework.journeys import Journey, Outcome, Step
from casework.journeys.actions import pending_uploads
from casework.journeys.selectors import journey_walk
from casework.models import Channel
from casework.money import format_pence
from core import clock
from services.housing import forms, rules, selectors
from services.housing.apps import ARRANGEMENT, ASB, RENT_PAYMENT, REPAIR
from services.housing.diagnosis import diagnosis_get


def _request_type(slug):
    found = selectors.request_type_get(slug)
    if found is None:
        raise Http404
    return found


def _link(ctx):
    return ctx.once("housing_link", lambda: selectors.tenancy_link_get(user=ctx.citizen))


def _link_first() -> Outcome:
    return Outcome(
        title=_("Link your tenancy first"),
        explanation=[
            _(
                "To do this online, link your council tenancy to your account. You need your "
                "tenancy reference, your postcode and your weekly rent."
            )
        ],
        instead=[(_("Link your tenancy"), reverse("housing:link"))],
    )


def _labelled(walk, leave_out=()) -> dict:
    """The answers as staff and the back office read them (label: answer)."""
    return {row["label"]: row["value"] for row in walk.labelled() if row["key"] not in leave_out}


def _address(user):
    return user.address if getattr(user, "address_id", None) else None


class HousingJourney(Journey):
    namespace = "housing"
    start_url_name = "account"


class TenancyJourney(HousingJourney):
    """A journey for a linked tenancy: a tenant who has not linked one is told how instead
    of the first question."""

    def outcome(self, *, ctx, values, after):
        if _link(ctx) is None:
            return _link_first()
        return None


# --- Report a repair ---------------------------------------------------------------------


def _trade_area(ctx, values) -> str:
    """The contractor's diary places are counted in: one for each trade."""
    return f"trade-{_assess(values).trade}"


def _assess(values) -> rules.Assessment:
    return rules.assess(values, today=clock.today(), diagnosis=diagnosis_get())


def _within_target(step: Step) -> Step:
    """The appointment step, offering only the days by which a repair of this priority
    must be done (an urgent one: within 3 working days)."""
    offered = step.form_kwargs

    def form_kwargs(ctx, values) -> dict:
        kwargs = offered(ctx, values)
        today = clock.today()
        last = rules.target_date(_assess(values).priority, today=today)
        kwargs["options"] = [option for option in kwargs["options"] if option.day <= last]
        return kwargs

    return dataclasses.replace(step, form_kwargs=form_kwargs)


EMERGENCY_TITLES = {
    rules.GAS: gettext_lazy("If you can smell gas, phone the gas emergency line now"),
    rules.FLOODING: gettext_lazy("This is an emergency: phone us now"),
    rules.ELECTRICAL: gettext_lazy("This is an emergency: phone us now"),
    rules.NO_HEAT: gettext_lazy("This is an emergency: phone us now"),
}


def emergency_outcome(kind: str) -> Outcome:
    """Stop, and phone now: an emergency is never taken as a form."""
    phone = settings.HOUSING_EMERGENCY_PHONE
    if kind == rules.GAS:
        explanation = [
            _(
                "Phone the National Gas Emergency Service on %(phone)s now. It is free, day and night."
            )
            % {"phone": settings.HOUSING_GAS_EMERGENCY_PHONE},
            _(
                "Open doors and windows, turn off the gas at the meter if you can, and do not "
                "use light switches, matches or anything that could make a spark. Leave your "
                "home if the smell is strong."
            ),
            _("When it is safe, phone our repairs line on %(phone)s.") % {"phone": phone},
        ]
    else:
        explanation = [
            _("Phone our repairs line on %(phone)s now. It is open 24 hours a day.")
            % {"phone": phone},
            {
                rules.FLOODING: _(
                    "Turn off the water at the stop tap if you can, and keep away from "
                    "electrics near the water."
                ),
                rules.ELECTRICAL: _(
                    "Keep away from it and turn the power off at the fuse box if it is safe "
                    "to do so."
                ),
                rules.NO_HEAT: _(
                    "We will come within 24 hours to make your home safe and warm. Ask us "
                    "about temporary heaters."
                ),
            }[kind],
            _("We have not sent anything: your report is only taken by phone."),
        ]
    return Outcome(
        title=str(EMERGENCY_TITLES[kind]),
        explanation=explanation,
        caption=_("Report a repair"),
        template="housing/emergency.html",
        context={"phone": phone, "kind": kind},
    )


class RepairReport(TenancyJourney):
    slug = "housing-repair"
    url_names = {
        "entry": "repair",
        "step": "repair_step",
        "check": "repair_check",
        "sent": "repair_sent",
        "outcome": "repair_outcome",
    }

    def request_type(self):
        return _request_type(REPAIR)

    def steps(self, request_type):
        """Where, what, then the follow-up questions of the problem chosen (as housing
        officers set them in the admin: services.housing.diagnosis), and the rest."""
        diagnosis = diagnosis_get()

        def problem(name):
            return lambda values: values.get("problem") == name

        return [
            Step("where", forms.area_form(diagnosis), gettext_lazy("Where is the problem?")),
            Step("what", forms.problem_form(diagnosis), gettext_lazy("What is wrong?")),
            *(
                Step(
                    found.step_name,
                    forms.follow_up_form(found),
                    _(found.step_title) if found.step_title else _(found.label),
                    when=problem(found.key),
                )
                for found in diagnosis.problems
                if found.questions
            ),
            Step(
                "details",
                forms.RepairDetailsForm,
                gettext_lazy("Tell us about the problem"),
            ),
            _within_target(
                booking_step(
                    "appointment",
                    gettext_lazy("Choose an appointment"),
                    area=_trade_area,
                    when=lambda values: not diagnosis.is_communal(values),
                )
            ),
            Step("access", forms.AccessForm, gettext_lazy("Getting in")),
        ]

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "details":
            return {"existing": ctx.answers.files if ctx.answers else ()}
        return {}

    def outcome(self, *, ctx, values, after):
        found = super().outcome(ctx=ctx, values=values, after=after)
        if found is not None or after is None:
            return found
        kind = rules.emergency(values, today=clock.today(), diagnosis=diagnosis_get())
        return emergency_outcome(kind) if kind else None

    def check_rows(self, *, ctx, walk):
        assessment = _assess(walk.values)
        rows = [
            {"key": _("Priority"), "value": assessment.priority_label},
            {"key": _("Who will come"), "value": assessment.trade_label},
        ]
        link = _link(ctx)
        if link is not None:
            rows.append({"key": _("Tenancy"), "value": link.account_ref})
        return rows

    def submit(self, *, ctx, walk):
        user = ctx.citizen
        values = walk.values
        assessment = _assess(values)
        diagnosis = diagnosis_get()
        communal = diagnosis.is_communal(values)
        link = _link(ctx)
        answers = {
            **_labelled(walk, leave_out=("slot",)),
            "tenancy_reference": link.account_ref if link else "",
            "priority": assessment.priority,
            "trade": assessment.trade,
            "area": values.get("area", ""),
            "problem": values.get("problem", ""),
            "description": values.get("description", ""),
            "access": values.get("access", ""),
            "communal": communal,
            "slot": values.get("slot", "") if not communal else "",
        }
        found = diagnosis.problem(values.get("problem"))
        problem = _(found.label) if found else ""
        found = diagnosis.area(values.get("area"))
        area = _(found.label) if found else ""
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers=answers,
            summary=f"{problem} ({str(area).split(':')[0]})"[:150],
            resident=user,
            address=_address(user),
            channel=Channel.WEB,
            actor=ctx.actor,
            acting_for=user if user != ctx.actor else None,
            uploads=pending_uploads(user=user, answers=ctx.answers),
        )

    def confirmation_context(self, ctx, case):
        answers = case.answers or {}
        return {
            "assessment": rules.Assessment(
                answers.get("priority", rules.ROUTINE), answers.get("trade", "general")
            ),
            "repairs_url": reverse("housing:account") + "#repairs",
        }

    confirmation_template = "housing/repair_confirmation.html"


# --- Anti-social behaviour ---------------------------------------------------------------


class AsbReport(HousingJourney):
    slug = "housing-asb"
    url_names = {
        "entry": "asb",
        "step": "asb_step",
        "check": "asb_check",
        "sent": "asb_sent",
    }

    def request_type(self):
        return _request_type(ASB)

    def steps(self, request_type):
        return [
            Step("what", forms.AsbWhatForm, gettext_lazy("What happened?")),
            Step(
                "evidence",
                forms.AsbEvidenceForm,
                gettext_lazy("Who was involved, and evidence"),
            ),
            Step("contact", forms.AsbContactForm, gettext_lazy("Contacting you")),
        ]

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "evidence":
            return {"existing": ctx.answers.files if ctx.answers else ()}
        return {}

    def submit(self, *, ctx, walk):
        user = ctx.citizen
        values = walk.values
        link = _link(ctx)
        answers = {
            **_labelled(walk),
            "tenancy_reference": link.account_ref if link else "",
            "what": values.get("what", ""),
            "when": values.get("when", ""),
            "where": values.get("where", ""),
            "ongoing": values.get("ongoing", ""),
            "safe_to_contact": values.get("safe_to_contact", ""),
        }
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers=answers,
            summary=_("Anti-social behaviour report"),
            resident=user,
            address=_address(user),
            channel=Channel.WEB,
            actor=ctx.actor,
            acting_for=user if user != ctx.actor else None,
            uploads=pending_uploads(user=user, answers=ctx.answers),
        )


# --- Rent: pay, and ask for an arrangement -----------------------------------------------


class PayRent(TenancyJourney):
    slug = "housing-rent-payment"
    auth_tier = 2
    url_names = {
        "entry": "pay",
        "step": "pay_step",
        "check": "pay_check",
        "sent": "pay_sent",
        "outcome": "pay_outcome",
    }

    def request_type(self):
        return _request_type(RENT_PAYMENT)

    def steps(self, request_type):
        return [Step("amount", forms.PayAmountForm, gettext_lazy("Pay your rent"))]

    def prefill(self, step, ctx):
        """What is owed now, when the page already knows it (never a call of its own)."""
        link = _link(ctx)
        if link is None:
            return {}
        cached = selectors.tenancy_cached(link=link)
        if cached is not None and cached.rent.balance_pence > 0:
            pence = cached.rent.balance_pence
            return {"amount": f"{pence // 100}.{pence % 100:02d}"}
        return {}

    def check_rows(self, *, ctx, walk):
        link = _link(ctx)
        return [{"key": _("Tenancy"), "value": link.account_ref}] if link else []

    def check_context(self, ctx):
        """The button says it goes on to pay ("Send and pay"), as for any fee."""
        walk = ctx.once("walk", lambda: journey_walk(ctx))
        return {"fee_pence": walk.values.get("amount")}

    def submit(self, *, ctx, walk):
        user = ctx.citizen
        amount = walk.values["amount"]
        link = _link(ctx)
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers={
                "tenancy_reference": link.account_ref,
                "amount_pence": amount,
                _("Amount"): format_pence(amount),
            },
            summary=_("Rent payment of %(amount)s") % {"amount": format_pence(amount)},
            resident=user,
            channel=Channel.WEB,
            actor=ctx.actor,
            fee_pence=amount,
        )


class Arrangement(TenancyJourney):
    slug = "housing-arrangement"
    auth_tier = 2
    url_names = {
        "entry": "arrangement",
        "step": "arrangement_step",
        "check": "arrangement_check",
        "sent": "arrangement_sent",
        "outcome": "arrangement_outcome",
    }

    def request_type(self):
        return _request_type(ARRANGEMENT)

    def steps(self, request_type):
        return [
            Step(
                "plan",
                forms.ArrangementForm,
                gettext_lazy("Ask to pay your arrears in instalments"),
            )
        ]

    def submit(self, *, ctx, walk):
        user = ctx.citizen
        link = _link(ctx)
        weekly = walk.values["weekly"]
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers={
                "tenancy_reference": link.account_ref,
                "weekly_pence": weekly,
                "starts_on": forms.next_monday(clock.today()).isoformat(),
                "reason": walk.values.get("reason", ""),
                _("Extra each week"): format_pence(weekly),
            },
            summary=_("Arrangement to pay arrears: %(amount)s a week extra")
            % {"amount": format_pence(weekly)},
            resident=user,
            channel=Channel.WEB,
            actor=ctx.actor,
        )


REPAIR_JOURNEY = RepairReport()
ASB_JOURNEY = AsbReport()
PAY_JOURNEY = PayRent()
ARRANGEMENT_JOURNEY = Arrangement()

"""Logging an enquiry for a constituent (M1, M6), on the journey engine: who it is for
(found by name or postcode, or entered with no account), their consent, what it is
about (the category routes it to a team), photos, then check and send.

It is a staff journey (/staff/members/...): the draft is the councillor's or support
officer's own; the case records the member, whoever raised it, and the constituent.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.access import member_enquiry_for, require_members_area
from casework.journeys import Journey, Step
from casework.models import Case
from services.members import actions, selectors
from services.members import forms as member_forms

NOT_LISTED = member_forms.NOT_LISTED


class MemberEnquiryJourney(Journey):
    slug = "member-enquiry"
    namespace = "members"
    staff_only = True
    url_names = {
        "entry": "enquiry_new",
        "step": "enquiry_step",
        "check": "enquiry_check",
        "sent": "enquiry_sent",
    }
    start_url_name = "home"
    confirmation_template = "members/enquiry_sent.html"

    def request_type(self, **url_kwargs):
        return selectors.enquiry_request_type()

    def check_access(self, ctx):
        require_members_area(ctx.actor)
        if not self._members(ctx):
            raise PermissionDenied

    def _members(self, ctx):
        return ctx.once("members", lambda: selectors.member_users_for(ctx.actor))

    def steps(self, request_type):
        return [
            Step(
                "constituent",
                member_forms.ConstituentForm,
                _("Who is the enquiry for?"),
                template="members/constituent_step.html",
                summary_exclude=("search",),
            ),
            Step(
                "contact",
                member_forms.ContactForm,
                _("The constituent’s details"),
                when=lambda values: values.get("person") == NOT_LISTED,
            ),
            Step(
                "consent",
                member_forms.ConsentForm,
                _("How they hear back"),
                when=lambda values: values.get("person") not in (None, NOT_LISTED),
            ),
            Step("enquiry", member_forms.EnquiryForm, _("The enquiry")),
            Step("member", member_forms.MemberForm, _("Which councillor")),
        ]

    def steps_for(self, ctx):
        steps = list(self.steps(ctx.request_type))
        if len(self._members(ctx)) < 2:  # a councillor, or an officer of one member
            steps = [step for step in steps if step.name != "member"]
        return steps

    def form_kwargs(self, step, ctx):
        if step.name == "enquiry":
            return {
                "existing": ctx.answers.files,
                "categories": ctx.once("categories", selectors.category_list),
            }
        if step.name == "member":
            return {"members": self._members(ctx)}
        return {}

    def member_for(self, ctx, values):
        members = self._members(ctx)
        chosen = str(values.get("member") or "")
        for user, _name in members:
            if str(user.pk) == chosen or len(members) == 1:
                return user
        raise Http404

    def check_context(self, ctx):
        return {"heading": _("Check the enquiry before sending it"), "caption": _("Log an enquiry")}

    def submit(self, *, ctx, walk):
        return actions.enquiry_submit(ctx=ctx, walk=walk, member=self.member_for(ctx, walk.values))

    def sent_case(self, *, ctx, reference):
        return member_enquiry_for(ctx.actor, reference)

    def case_sent_from_draft(self, *, ctx, draft):
        return (
            Case.objects.filter(
                created_by=ctx.actor,
                member_enquiry__isnull=False,
                created_at__gte=draft.created_at,
            )
            .order_by("-created_at", "-pk")
            .first()
        )

    def confirmation_context(self, ctx, case):
        return {"case_url": reverse("members:enquiry", kwargs={"reference": case.reference})}


JOURNEY = MemberEnquiryJourney()

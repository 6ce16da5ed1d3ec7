"""Complaints and compliments on the journey engine.

A complaint: which service, what happened, what would put it right, how to contact
you, check, send (stage 1 opens with its clock). A compliment: which service, what
went well, check, send (thanked and passed to the team).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.journeys import Journey, Step
from services.complaints import actions, selectors
from services.complaints import forms as complaint_forms


class _ComplaintsJourney(Journey):
    namespace = "complaints"

    def step_context(self, step, ctx, form):
        return {"service": selectors.service()}

    def check_rows(self, *, ctx, walk):
        user = ctx.citizen
        return [
            {
                "key": _("Your contact details"),
                "value": "\n".join(
                    part
                    for part in (user.get_full_name(), user.email, str(user.phone or ""))
                    if part
                ),
                "href": reverse("accounts:details_name"),
                "action": _("your contact details"),
            }
        ]


class ComplaintJourney(_ComplaintsJourney):
    slug = "complaint"
    url_names = {
        "entry": "complaint",
        "step": "complaint_step",
        "check": "complaint_check",
        "sent": "complaint_sent",
    }
    confirmation_template = "complaints/complaint_sent.html"

    def request_type(self, **url_kwargs):
        return selectors.complaint_type_get()

    def steps(self, request_type):
        return [
            Step("about", complaint_forms.AboutForm, _("What is your complaint about?")),
            Step("what", complaint_forms.WhatHappenedForm, _("What happened?")),
            Step("put-right", complaint_forms.PutRightForm, _("What would put it right?")),
            Step("contact", complaint_forms.ContactForm, _("How we contact you")),
        ]

    def submit(self, *, ctx, walk):
        return actions.complaint_submit(ctx=ctx, walk=walk)


class ComplimentJourney(_ComplaintsJourney):
    slug = "compliment"
    url_names = {
        "entry": "compliment",
        "step": "compliment_step",
        "check": "compliment_check",
        "sent": "compliment_sent",
    }
    confirmation_template = "complaints/compliment_sent.html"

    def request_type(self, **url_kwargs):
        return selectors.compliment_type_get()

    def steps(self, request_type):
        return [
            Step("about", complaint_forms.AboutForm, _("Who is your compliment for?")),
            Step("what", complaint_forms.ComplimentForm, _("What went well?")),
        ]

    def submit(self, *, ctx, walk):
        return actions.compliment_submit(ctx=ctx, walk=walk)


COMPLAINT = ComplaintJourney()
COMPLIMENT = ComplimentJourney()

"""The portal's URLs and two journeys made for the engine's tests: a dropped kerb (a
condition, a fee) and a repair whose rules may end it with an outcome page."""

from django import forms
from django.urls import include, path

from casework import actions as case_actions
from casework.journeys import Journey, Outcome, Step
from casework.models import Channel, RequestType
from portal.urls import urlpatterns as portal_urlpatterns

SLUG = "dropped-kerb-test"
REPAIR_SLUG = "repair-test"
VISITOR_SLUG = "litter-bin-test"


class AboutForm(forms.Form):
    blue_badge = forms.ChoiceField(
        label="Do you have a blue badge?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have a blue badge"},
    )


class BadgeForm(forms.Form):
    badge_number = forms.CharField(
        label="Blue badge number",
        max_length=20,
        error_messages={"required": "Enter your blue badge number"},
    )


class DetailsForm(forms.Form):
    where = forms.CharField(
        label="Where do you want the kerb dropped?",
        max_length=200,
        error_messages={"required": "Enter where you want the kerb dropped"},
    )


class DroppedKerb(Journey):
    slug = "dropped-kerb"
    namespace = "testjourney"

    def request_type(self):
        return RequestType.objects.get(slug=SLUG)

    def steps(self, request_type):
        return [
            Step("about", AboutForm, "About you"),
            Step("badge", BadgeForm, "Your blue badge", when=lambda v: v["blue_badge"] == "yes"),
            Step("details", DetailsForm, "The kerb"),
        ]

    def back_url(self, ctx):
        return "/"

    def check_context(self, ctx):
        return {"fee_pence": ctx.request_type.fee_pence}

    def submit(self, *, ctx, walk):
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers={row["label"]: row["value"] for row in walk.labelled()},
            summary=walk.values["where"],
            resident=ctx.citizen,
            channel=Channel.WEB,
            actor=ctx.actor,
        )


class WhatForm(forms.Form):
    emergency = forms.ChoiceField(
        label="Is it an emergency?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )


class Repair(Journey):
    """Ends with "phone us now" for an emergency, and before any question while closed."""

    slug = "repair"
    namespace = "testrepair"
    closed = False  # the tests open and close it

    def request_type(self):
        return RequestType.objects.get(slug=REPAIR_SLUG)

    def steps(self, request_type):
        return [Step("what", WhatForm, "What is wrong"), Step("details", DetailsForm, "Where")]

    def back_url(self, ctx):
        return "/"

    def outcome(self, *, ctx, values, after):
        if after is None and self.closed:
            return Outcome("Repairs are closed today", explanation=["Come back tomorrow."])
        if after is not None and values.get("emergency") == "yes":
            return Outcome(
                "Phone us now",
                explanation=["An emergency is dealt with by telephone, day and night."],
                instead=[("Our telephone numbers", "/contact/")],
            )
        return None

    def submit(self, *, ctx, walk):
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers=walk.answers_json(),
            summary=walk.values["where"],
            resident=ctx.citizen,
            channel=Channel.WEB,
            actor=ctx.actor,
        )


REPAIR = Repair()


class LitterBin(DroppedKerb):
    """The same steps, open to visitors with no account."""

    slug = "litter-bin"
    namespace = "visitorjourney"
    visitors_allowed = True

    def request_type(self):
        return RequestType.objects.get(slug=VISITOR_SLUG)

    def submit(self, *, ctx, walk):
        resident = ctx.citizen if ctx.citizen.is_authenticated else None
        return case_actions.case_submit(
            request_type=ctx.request_type,
            answers={row["label"]: row["value"] for row in walk.labelled()},
            summary=walk.values["where"],
            resident=resident,
            contact_name="" if resident else "A visitor",
            contact_email="" if resident else "visitor@example.net",
            channel=Channel.WEB,
            actor=resident,
        )


urlpatterns = [
    path("kerb/", include((DroppedKerb().urls(), "testjourney"))),
    path("repair/", include((REPAIR.urls(), "testrepair"))),
    path("bin/", include((LitterBin().urls(), "visitorjourney"))),
    *portal_urlpatterns,
]

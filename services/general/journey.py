"""General enquiries on the journey engine: the question page, then the request type's
own questions (set by administrators) when it has any, then check, send and pay."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.journeys import Journey, Step
from casework.questions import question_fields
from services.general import actions, selectors
from services.general import forms as general_forms


def questions_form(questions) -> type[forms.Form]:
    """A form of a request type's own questions (casework.questions)."""
    return type("QuestionsForm", (forms.Form,), dict(question_fields(questions)))


class GeneralEnquiry(Journey):
    slug = "general"
    namespace = "general"
    url_names = {"entry": "question", "step": "step", "check": "check", "sent": "confirmation"}

    def request_type(self, *, type_slug):
        return selectors.request_type_get(slug=type_slug)

    def url_kwargs(self, request_type):
        return {"type_slug": request_type.slug}

    def steps(self, request_type):
        steps = [
            Step(
                "question",
                general_forms.RequestForm,
                _("Your request"),
                template="general/question.html",
            )
        ]
        if request_type.questions:
            steps.append(
                Step("questions", questions_form(request_type.questions), _("A few questions"))
            )
        return steps

    def form_kwargs(self, step, ctx):
        if step.name == "question":
            return {"existing": ctx.answers.files}
        return {}

    def step_context(self, step, ctx, form):
        if step.name == "question":
            return {"details": form.character_count(), "service": selectors.service()}
        return {"service": selectors.service()}

    def upgrade(self, data):
        """Drafts saved before the engine: ``{"summary", "details", "files"}``."""
        if not isinstance(data, dict) or "steps" in data:
            return data
        answers = selectors.answers_from_draft_json(data)
        posted = {"summary": [answers.summary], "details": [answers.details]}
        return {"steps": {"question": posted}, "files": [f.as_json() for f in answers.files]}

    def problems(self, *, ctx, walk):
        if ctx.request_type.needs_address and not ctx.citizen.has_address:
            return [_("Add your address to your account, so that we know where to come")]
        return []

    def check_rows(self, *, ctx, walk):
        rows = []
        user = ctx.citizen
        if ctx.request_type.needs_address or user.has_address:
            rows.append(
                {
                    "key": _("Address"),
                    "value": "\n".join(user.address_lines) if user.has_address else _("Not given"),
                    "href": reverse("accounts:address_find"),
                    "action": _("your address"),
                    "action_label": _("Change") if user.has_address else _("Add"),
                }
            )
        return rows

    def check_context(self, ctx):
        return {
            "needs_address": ctx.request_type.needs_address and not ctx.citizen.has_address,
            "fee_pence": ctx.request_type.fee_pence,
        }

    def submit(self, *, ctx, walk):
        return actions.enquiry_submit(ctx=ctx, walk=walk)


JOURNEY = GeneralEnquiry()

"""Writes of admin-built forms: publishing a version, and making a case from one."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.selectors import address_get
from casework import actions as case_actions
from casework.journeys import JourneyContext, Walk
from casework.journeys.actions import pending_uploads
from casework.models import Case, Channel
from services.forms.apps import SLUG
from services.forms.definition import problems, snapshot
from services.forms.models import BuiltForm, CaseFormVersion, FormVersion


class PublishError(Exception):
    """The form cannot be published: ``problems`` says why, for an administrator."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def form_problems(*, form: BuiltForm) -> list[str]:
    """What stops ``form`` being published as it is now, for an administrator."""
    errors = problems(snapshot(form))
    if form.request_type.fee_pence == 0:
        errors.append(
            _("The fee of ‘%(type)s’ is £0: leave it blank for a free request, or give it.")
            % {"type": form.request_type.name}
        )
    return errors


@transaction.atomic
def form_publish(*, form: BuiltForm, actor=None) -> FormVersion:
    """Publish the form as it is now as its next version (1, 2, ...), after checking
    all of it; residents are asked this version from now on."""
    form = BuiltForm.objects.select_for_update().select_related("request_type").get(pk=form.pk)
    definition = snapshot(form)
    errors = form_problems(form=form)
    if errors:
        raise PublishError(errors)
    latest = form.versions.aggregate(n=Max("number"))["n"] or 0
    request_type = form.request_type
    if request_type.service != SLUG:
        request_type.service = SLUG
        request_type.save(update_fields=["service"])
    return FormVersion.objects.create(
        form=form, number=latest + 1, definition=definition, published_by=actor
    )


def _address_chosen(walk: Walk):
    """The gazetteer address of the first address question answered from the list (the
    place the request is about: its UPRN and ward go with the case), else None."""
    for value in walk.values.values():
        if isinstance(value, dict) and value.get("uprn"):
            return address_get(uprn=value["uprn"])
    return None


def built_form_submit(*, ctx: JourneyContext, walk: Walk) -> Case:
    """The case for sent answers: by their labels, with the version they answered."""
    user = ctx.citizen
    case = case_actions.case_submit(
        request_type=ctx.request_type,
        answers={row["label"]: row["value"] for row in walk.labelled()},
        summary=str(ctx.request_type.name),
        resident=user,
        address=_address_chosen(walk) or (user.address if user.address_id else None),
        channel=Channel.WEB,
        actor=ctx.actor,
        acting_for=user if user != ctx.actor else None,
        uploads=pending_uploads(user=user, answers=ctx.answers),
    )
    CaseFormVersion.objects.create(case=case, version=ctx.request_type.form_version)
    return case

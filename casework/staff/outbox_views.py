"""Stuck deliveries for staff: what could not be sent, why, and "retry".

Reads come from ``casework.delivery.deliveries_needing_attention``; a retry is one
``casework.actions.case_delivery_retry`` call. Agents and administrators retry;
caseworkers see their teams' cases' deliveries.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from casework import actions, delivery
from casework.inbound import polling
from core.rendering import render_form


class RetryForm(forms.Form):
    message = forms.TypedMultipleChoiceField(
        coerce=int,
        label=_("Deliveries to retry"),
        error_messages={
            "required": _("Choose at least one delivery to retry"),
            "invalid_choice": _("Choose deliveries from the list"),
        },
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [
            (row.message.pk, row.message.pk) for row in rows if not row.retrying
        ]


def _page(request, rows, form):
    return render_form(
        request,
        "casework/staff/outbox.html",
        {
            "rows": rows,
            "form": form,
            "may_retry": delivery.may_retry_deliveries(request.user),
            "limit": delivery.ATTENTION_LIMIT,
            "polls": polling.polls_failing(),
        },
    )


@staff_required
@require_GET
def outbox(request):
    rows = delivery.deliveries_needing_attention(user=request.user)
    return _page(request, rows, RetryForm(rows=rows))


@staff_required
@require_POST
def outbox_retry(request):
    if not delivery.may_retry_deliveries(request.user):
        raise PermissionDenied
    rows = delivery.deliveries_needing_attention(user=request.user)
    form = RetryForm(request.POST, rows=rows)
    if not form.is_valid():
        return _page(request, rows, form)
    count = actions.case_delivery_retry(
        message_ids=form.cleaned_data["message"], actor=request.user
    )
    messages.success(
        request,
        ngettext(
            "%(count)d delivery will be tried again now.",
            "%(count)d deliveries will be tried again now.",
            count,
        )
        % {"count": count},
    )
    return redirect("staff:outbox")

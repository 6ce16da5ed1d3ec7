"""Staff back office: missed collection notices (S-W7).

Staff pages (tier 2 always), for agents, caseworkers and administrators
(``selectors.notices.may_send_notices``); councillors get 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from core import clock
from core.formatting import govuk_datetime
from core.rendering import render_form
from services.waste.actions import notices as actions
from services.waste.forms import notices as forms
from services.waste.selectors import notices as selectors


def _gate(user) -> None:
    if not selectors.may_send_notices(user):
        raise PermissionDenied


@staff_required
@require_GET
def notice_list(request):
    _gate(request.user)
    return render(request, "waste/notices/list.html", {"notices": selectors.notice_list()})


@staff_required
@require_http_methods(["GET", "POST"])
def notice_new(request):
    """Tell residents of a street that their round's collection was missed: the round first,
    then the street, the day and what happens next."""
    _gate(request.user)
    data = request.POST if request.method == "POST" else request.GET
    rounds = selectors.rounds_for_notices()
    if "round" not in data:
        return _choose_round(request, forms.RoundChoiceForm(rounds=rounds))
    choice = forms.RoundChoiceForm({"round": data.get("round", "")}, rounds=rounds)
    if not choice.is_valid():
        return _choose_round(request, choice)
    round_ = {r.pk: r for r in rounds}[choice.cleaned_data["round"]]
    today = clock.today()
    days = selectors.round_recent_days(round_=round_, today=today)
    form = forms.MissedRoundNoticeForm(
        request.POST if request.method == "POST" else None,
        round_=round_,
        streets=selectors.streets_on_round(round_=round_),
        days=days,
        today=today,
    )
    if request.method == "POST" and form.is_valid() and _notice_saved(request, form, round_):
        return redirect("waste_staff:notices")
    context = {"form": form, "round": round_, "days": days, "days_back": selectors.DAYS_BACK}
    return render_form(
        request, "waste/notices/new.html", {**context, "round_label": forms.round_label(round_)}
    )


def _notice_saved(request, form, round_) -> bool:
    """Save the notice (the residents are told) and say so; False, with the reason on the
    form, when they were told already."""
    try:
        notice = actions.missed_round_notice_create(
            round_=round_,
            street=form.cleaned_data["street"],
            day=form.cleaned_data["day"],
            reason=form.cleaned_data["reason"],
            when_back=form.cleaned_data["when_back"],
            created_by=request.user,
        )
    except actions.NoticeExists as exc:
        form.add_error(
            None,
            _(
                "Residents have already been told about this collection (the notice of "
                "%(when)s). You do not need to tell them again"
            )
            % {"when": govuk_datetime(exc.notice.created_at)},
        )
        return False
    messages.success(
        request,
        ngettext(
            "Notice saved: %(count)d resident with bin reminders has been told",
            "Notice saved: %(count)d residents with bin reminders have been told",
            notice.residents_told,
        )
        % {"count": notice.residents_told},
    )
    return True


def _choose_round(request, form):
    return render_form(request, "waste/notices/choose_round.html", {"form": form})

"""Bin reminders: turn them on for an address, see and stop them, stop them from a message.

Thin views: reads from ``selectors.reminders``, writes through ``actions.reminders``.
The stop link in each message works without signing in: its GET only asks, its
POST stops (mail scanners follow links; a GET must never change anything).
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import signed_in_required
from core.rendering import render_form
from services.waste.actions import reminders as actions
from services.waste.forms.reminders import ConfirmForm
from services.waste.selectors import reminders as selectors


def _address_text(address) -> str:
    return selectors.short_address(address)


@signed_in_required
@require_http_methods(["GET", "POST"])
def subscribe(request, uprn):
    """Reminders for the address the person is looking at (their own, or anyone's)."""
    address = selectors.address_for_reminders(uprn=uprn)
    user = request.user
    existing = selectors.reminder_for_address(user=user, address=address)
    already = existing is not None and existing.active
    collected = selectors.address_has_collections(address=address)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    posted = request.method == "POST" and form.is_valid() and collected
    if posted and (already or _subscribed(request, form, address)):
        return redirect("waste:reminders")
    at_limit = not already and selectors.reminder_count(user=user) >= (
        selectors.MAX_ACTIVE_PER_PERSON
    )
    return render_form(
        request,
        "waste/reminders/subscribe.html",
        {
            "form": form,
            "address": address,
            "already": already,
            "collected": collected,
            "at_limit": at_limit,
            "too_many": _too_many(),
            "channel": selectors.channel_description(user),
            "reminders_off": not user.notify_reminders,
        },
    )


def _subscribed(request, form, address) -> bool:
    """Start the reminders and say so; False, with the reason on the form, at the limit."""
    try:
        actions.reminder_subscribe(user=request.user, address=address)
    except actions.TooManyReminders:
        form.add_error(None, _too_many())
        return False
    messages.success(
        request,
        _("You will get bin reminders for %(address)s") % {"address": _address_text(address)},
    )
    return True


def _too_many() -> str:
    return _(
        "You can have reminders for up to %(count)d addresses. Stop the reminders for "
        "an address you no longer need, then try again"
    ) % {"count": selectors.MAX_ACTIVE_PER_PERSON}


@signed_in_required
@require_GET
def reminder_list(request):
    """The person's reminders, each with a button to stop it, in their account."""
    user = request.user
    subscriptions = selectors.reminder_list(user=user)
    own = user.address if user.address_id else None
    if own is not None and any(s.address_id == own.pk for s in subscriptions):
        own = None
    return render(
        request,
        "waste/reminders/list.html",
        {
            "subscriptions": subscriptions,
            "own_address": own,
            "channel": selectors.channel_description(user),
            "reminders_off": not user.notify_reminders,
        },
    )


@signed_in_required
def stop(request, subscription_id):
    """POST only; someone else's reminder is 404 whatever the method (it never says it exists)."""
    subscription = selectors.reminder_for_owner(user=request.user, subscription_id=subscription_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actions.reminder_stop(subscription=subscription)
    messages.success(
        request,
        _("You will not get bin reminders for %(address)s any more")
        % {"address": _address_text(subscription.address)},
    )
    return redirect("waste:reminders")


# RFC 8058 one-click: a mail provider POSTs "List-Unsubscribe=One-Click" here with no
# cookie and no CSRF token. The unguessable token in the link is the credential, so
# a forged request could only ever stop reminders for someone who holds the link.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """From a message, without signing in: GET asks, POST stops."""
    subscription = selectors.reminder_for_token(token=token)
    stopped_now = False
    if request.method == "POST":
        stopped_now = actions.reminder_stop(subscription=subscription)
    return render(
        request,
        "waste/reminders/unsubscribe.html",
        {
            "subscription": subscription,
            "address": _address_text(subscription.address),
            "stopped_now": stopped_now,
        },
    )

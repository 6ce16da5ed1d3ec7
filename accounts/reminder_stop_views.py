"""The one page that stops a reminder from its message, without signing in
(``accounts.reminder_stops``): GET asks, POST stops; a bad or expired link says so."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import reminder_stops


# RFC 8058 one-click: a mail provider POSTs "List-Unsubscribe=One-Click" here with no cookie
# and no CSRF token. The signed token in the link is the credential, so a forged request
# could only ever stop the reminder of someone who holds the link.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_stop(request, token):
    try:
        if request.method == "POST":
            kind, subscription, stopped_now = reminder_stops.reminder_stop_by_link(token=token)
        else:
            kind, subscription = reminder_stops.stop_link_read(token)
            stopped_now = False
    except reminder_stops.StopLinkExpired as expired:
        manage = reverse(expired.kind.manage_url_name) if expired.kind else reverse("account_home")
        return render(
            request,
            "accounts/reminder_stop_bad.html",
            {"expired": True, "manage_url": manage},
            status=410,
        )
    except reminder_stops.StopLinkInvalid:
        return render(
            request,
            "accounts/reminder_stop_bad.html",
            {"expired": False, "manage_url": reverse("account_home")},
            status=404,
        )
    return render(
        request,
        "accounts/reminder_stop.html",
        {
            "what": kind.describe(subscription),
            "active": kind.is_active(subscription),
            "stopped_now": stopped_now,
            "manage_url": reverse(kind.manage_url_name),
            "ask_title": kind.ask_title or _("Stop these reminders?"),
            "stopped_title": kind.stopped_title or _("Reminders stopped"),
        },
    )

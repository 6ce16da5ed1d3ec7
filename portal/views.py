from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.access import may_find_people
from accounts.decorators import signed_in_required, staff_required
from casework import registry
from casework.access import may_see_reports
from casework.delivery import deliveries_needing_attention_count
from casework.staff.filters import STAFF_HOME_QUERIES
from casework.staff.selectors import staff_home_counts
from insight.access import staff_home_links
from portal.campaigns import home_message_dismiss as home_message_dismiss_action
from portal.health import health_report
from portal.home import home_page, home_snapshot_get


def home(request):
    return render(request, "portal/home.html")


@signed_in_required
def account_home(request):
    """The resident's home page ("Hello, Sam"): their services, latest requests and details,
    from the user row and the resident's snapshot (portal/home.py: one cache read)."""
    snapshot, panels = home_page(request)
    return render(
        request, "accounts/home.html", {"user": request.user, "home": snapshot, "panels": panels}
    )


@signed_in_required
@require_POST
def home_message_dismiss(request, message_id):
    """The resident closes a message on their home (a button: no JavaScript needed)."""
    snapshot = home_snapshot_get(user=request.user)
    home_message_dismiss_action(user=request.user, message_id=message_id, shown=snapshot.messages)
    return redirect("account_home")


@require_GET
@never_cache
def healthz(request):
    usable, report = health_report()
    return JsonResponse(
        {"status": "ok" if usable else "unavailable", "checks": report},
        status=200 if usable else 503,
    )


@staff_required
def staff_home(request):
    staff_roles = list(request.user.groups.all())
    return render(
        request,
        "portal/staff_home.html",
        {
            "counts": {
                **staff_home_counts(user=request.user),
                "deliveries": deliveries_needing_attention_count(user=request.user),
            },
            "queries": STAFF_HOME_QUERIES,
            "may_see_reports": may_see_reports(request.user),
            "service_pages": registry.staff_pages_for(request.user),
            "staff_roles": staff_roles,
            "may_find_people": may_find_people(request.user),
            "insight": staff_home_links(request.user),
        },
    )


def page(template_name):
    def view(request):
        return render(request, template_name)

    view.__name__ = template_name.rsplit("/", 1)[-1].removesuffix(".html")
    return view


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)

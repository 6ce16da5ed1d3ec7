"""Report a street problem (issue 5, street reporting items 1-3).

/street/report/                               what is the problem? (the categories)
/street/report/before-you-start/              the category's notice (skipped when it has none)
/street/report/where/                         postcode or street search; with JavaScript also a
                                              map to drop a pin and "use my location"
/street/report/where/?q=...                   the places found, to choose the nearest
/street/report/where/nearest.json?lat=&lng=   the nearest address to a point (for the map)
/street/report/already-reported/              open reports of the same kind nearby (C5):
                                              follow one instead, or go on
/street/report/already-reported/<ref>/follow/ follow that one instead (signed in, POST)
/street/report/details/                       the category's questions, description, photos
/street/report/about-you/                     name, and e-mail or phone (not signed in)
/street/report/check/                         check your answers; POST sends the report
/street/report/sent/<reference>/              confirmation

Anyone may report (request types of auth tier 0), signed in or not; a category an
administrator raises to tier 1 or 2 asks for sign-in first. The answers wait in
the session between the steps (``selectors.report.ReportState``), photos in
storage (``actions.report``). Every page works without JavaScript; bad input is a
400 with an error summary. Thin views: reads from ``selectors.report``, writes
through ``actions.report``.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.access import login_url, tier_redirect
from accounts.decorators import signed_in_required
from casework.forms import send_form_checked
from casework.questions import question_answers
from services.highways.actions import report as actions
from services.highways.forms import report as forms
from services.highways.selectors import report as selectors
from services.highways.selectors.report import ReportState

STATE_KEY = "highways:report"  # the report in progress (ReportState as JSON)
SENT_KEY = "highways:report:sent"  # references this browser sent: it may see their confirmation
LAST_KEY = "highways:report:last"  # {"version", "reference"}: a second "Send" finds the first
SENT_REMEMBERED = 10
FIND_LOCAL_COUNCIL = "https://www.gov.uk/find-local-council"
LEAFLET = "vendor/leaflet/leaflet.js"

URL_NAMES = {
    selectors.STEP_CATEGORY: "highways:report_start",
    selectors.STEP_WHERE: "highways:report_where",
    selectors.STEP_NEARBY: "highways:report_nearby",
    selectors.STEP_DETAILS: "highways:report_details",
    selectors.STEP_ABOUT_YOU: "highways:report_about_you",
    selectors.STEP_CHECK: "highways:report_check",
}


# --- The report in progress ----------------------------------------------------------------


def _state(request) -> ReportState:
    return selectors.state_from(request.session.get(STATE_KEY))


def _save(request, state: ReportState) -> None:
    request.session[STATE_KEY] = state.as_json()


def _with(state: ReportState, **changes) -> ReportState:
    if not state.token:
        changes.setdefault("token", actions.new_token())
    return replace(state, **changes)


def _url(step: str) -> str:
    return reverse(URL_NAMES[step])


def _signed_in(request) -> bool:
    return request.user.is_authenticated


def _gate(request, step: str):
    """(state, category, None), or (..., a redirect) when an earlier step is unanswered
    or the category needs the resident to sign in (or step up) first."""
    state = _state(request)
    category = selectors.category_get(state.category)
    if category is not None:
        target = tier_redirect(request, tier=category.auth_tier)
        if target is not None:
            return state, category, redirect(target)
    signed_in = _signed_in(request)
    if not selectors.reached(step, state, category=category, signed_in=signed_in):
        upto = selectors.next_step(state, category=category, signed_in=signed_in)
        return state, category, redirect(_url(upto))
    return state, category, None


def _page(request, template: str, context: dict, *, status: int | None = None):
    """Render a step: 400 when a form on it shows errors."""
    if status is None:
        with_errors = [
            value
            for name, value in context.items()
            if (name == "form" or name.endswith("_form")) and getattr(value, "errors", None)
        ]
        status = 400 if with_errors else 200
    return render(request, f"highways/report/{template}", context, status=status)


@functools.cache
def _leaflet_available() -> bool:
    """The map needs the vendored Leaflet; without it the page is the same, with no map."""
    return bool(finders.find(LEAFLET))


def _map_context(state: ReportState, *, places=()) -> dict:
    if state.location is not None:
        centre, zoom = (state.location.latitude, state.location.longitude), 17
    else:
        centre, zoom = tuple(settings.MAP_CENTRE[:2]), 14
    return {
        "map_enabled": _leaflet_available(),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_latitude": f"{centre[0]:.6f}",
        "map_longitude": f"{centre[1]:.6f}",
        "map_zoom": zoom,
        "map_pinned": state.location is not None and state.location.how == "map",
    }


# --- What is the problem? ------------------------------------------------------------------


@never_cache
def start(request):
    state = _state(request)
    categories = selectors.category_list()
    if request.method == "POST":
        form = forms.CategoryForm(request.POST, categories=categories)
        if form.is_valid():
            category = selectors.category_get(form.cleaned_data["category"])
            if category.slug != state.category:
                # Another category asks other questions: those answers start again.
                state = _with(state, category=category.slug, nearby_seen=False, details=None)
            else:
                state = _with(state)
            _save(request, state)
            following = reverse(
                "highways:report_notice" if category.notice.strip() else "highways:report_where"
            )
            if category.auth_tier >= 1 and not _signed_in(request):
                return redirect(login_url(following))
            return redirect(following)
    else:
        form = forms.CategoryForm(initial={"category": state.category}, categories=categories)
    return _page(
        request,
        "start.html",
        {
            "form": form,
            "categories": categories,
            "sign_in_url": login_url(reverse("highways:report_start")),
        },
    )


@never_cache
@require_safe
def notice(request):
    state, category, gate = _gate(request, selectors.STEP_WHERE)
    if gate is not None:
        return gate
    if not category.notice.strip():
        return redirect("highways:report_where")
    return _page(request, "notice.html", {"category": category})


# --- Where is it? ---------------------------------------------------------------------------


def _outside_message() -> str:
    return _("This place is outside %(council)s’s area. Report it to the council for that area") % {
        "council": settings.COUNCIL_SHORT_NAME
    }


def _search_problem(search) -> str:
    council = settings.COUNCIL_SHORT_NAME
    if search.problem == "postcode":
        return _(
            "We cannot find %(postcode)s in %(council)s. Check the postcode. If the problem "
            "is in another council’s area, report it to that council"
        ) % {"postcode": search.postcode, "council": council}
    if search.problem == "street":
        return _(
            "We cannot find a street called ‘%(street)s’ in %(council)s. Check the spelling, "
            "or search for a postcode"
        ) % {"street": search.query, "council": council}
    if search.problem == "too_many":
        return _(
            "Too many streets match ‘%(street)s’. Enter more of the street name, or a postcode"
        ) % {"street": search.query}
    return _("Enter a postcode or street name")


def _where_page(request, state, category, *, search_form=None, map_form=None):
    context = {
        "category": category,
        "search_form": search_form or forms.SearchForm(),
        "map_form": map_form or forms.MapForm(),
        "nearest_url": reverse("highways:report_nearest"),
        "find_local_council": FIND_LOCAL_COUNCIL,
        "location": state.location,
        **_map_context(state),
    }
    return _page(request, "where.html", context)


def _choose_page(request, state, category, form, search):
    return _page(
        request,
        "choose.html",
        {"category": category, "form": form, "search": search, "location": state.location},
    )


def _located(request, state: ReportState, location) -> object:
    changed = state.location is None or (
        (state.location.latitude, state.location.longitude)
        != (location.latitude, location.longitude)
    )
    state = _with(state, location=location, nearby_seen=state.nearby_seen and not changed)
    _save(request, state)
    return redirect("highways:report_nearby")


@never_cache
def where(request):
    state, category, gate = _gate(request, selectors.STEP_WHERE)
    if gate is not None:
        return gate
    if request.method == "POST":
        if request.POST.get("action") == "map":
            map_form = forms.MapForm(request.POST)
            if map_form.is_valid():
                latitude = map_form.cleaned_data["latitude"]
                longitude = map_form.cleaned_data["longitude"]
                nearest = selectors.address_nearest(latitude=latitude, longitude=longitude)
                if nearest is not None:
                    location = selectors.location_from(
                        nearest.address, latitude=latitude, longitude=longitude, how="map"
                    )
                    return _located(request, state, location)
                map_form.add_error(None, _outside_message())
            return _where_page(request, state, category, map_form=map_form)
        search = selectors.place_search(request.POST.get("q", ""))
        if search.problem:
            return redirect("highways:report_where")
        form = forms.ChooseForm(request.POST, places=search.places)
        if form.is_valid():
            address = selectors.place_get(uprn=form.cleaned_data["uprn"])
            if address is not None:
                location = selectors.location_from(
                    address, latitude=address.latitude, longitude=address.longitude, how="address"
                )
                return _located(request, state, location)
        return _choose_page(request, state, category, form, search)

    if "q" not in request.GET:
        return _where_page(request, state, category)
    search_form = forms.SearchForm(request.GET)
    if search_form.is_valid():
        search = selectors.place_search(search_form.cleaned_data["q"])
        if not search.problem:
            form = forms.ChooseForm(initial={"q": search.query}, places=search.places)
            return _choose_page(request, state, category, form, search)
        search_form.add_error("q", _search_problem(search))
    return _where_page(request, state, category, search_form=search_form)


@require_safe
def nearest(request):
    """The nearest address to a point, for the map's "nearest address" line (JSON)."""
    try:
        latitude = float(request.GET.get("lat", ""))
        longitude = float(request.GET.get("lng", ""))
    except ValueError:
        latitude = longitude = None
    if latitude is None or not selectors.valid_point(latitude, longitude):
        return JsonResponse({"error": _("Give a latitude and longitude")}, status=400)
    found = selectors.address_nearest(latitude=latitude, longitude=longitude)
    if found is None:
        return JsonResponse({"found": False, "message": _outside_message()})
    return JsonResponse(
        {
            "found": True,
            "near": found.address.single_line,
            "street": selectors.street_of(found.address),
            "metres": round(found.metres),
        }
    )


# --- Already reported? ---------------------------------------------------------------------


@never_cache
def nearby(request):
    state, category, gate = _gate(request, selectors.STEP_NEARBY)
    if gate is not None:
        return gate
    if request.method == "POST":
        _save(request, _with(state, nearby_seen=True))
        return redirect("highways:report_details")
    reports = selectors.nearby_open_reports(
        request_type=category,
        latitude=state.location.latitude,
        longitude=state.location.longitude,
        user=request.user,
        sent=request.session.get(SENT_KEY, []),
    )
    if not reports:
        _save(request, _with(state, nearby_seen=True))
        return redirect("highways:report_details")
    return _page(
        request,
        "nearby.html",
        {
            "category": category,
            "location": state.location,
            "reports": reports,
            "metres": selectors.duplicate_metres(),
            "sign_in_url": login_url(reverse("highways:report_nearby")),
        },
    )


@signed_in_required
def follow(request, reference):
    """Follow an open report nearby instead of making a new one (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case = selectors.followable_report_get(reference=reference)
    state = _state(request)
    if actions.report_follow_instead(case=case, user=request.user, state=state):
        messages.success(
            request,
            _(
                "You are following %(reference)s instead of making a new report. "
                "We will tell you about its progress."
            )
            % {"reference": case.reference},
        )
    else:
        messages.success(request, _("This is your own report. We tell you about its progress."))
    request.session.pop(STATE_KEY, None)
    return redirect("casework:detail", reference=case.reference)


# --- What is wrong? --------------------------------------------------------------------------


def _details_page(request, category, form):
    return _page(
        request,
        "details.html",
        {"category": category, "form": form, "details": form.character_count()},
    )


@never_cache
def details(request):
    state, category, gate = _gate(request, selectors.STEP_DETAILS)
    if gate is not None:
        return gate
    options = {
        "questions": category.questions,
        "existing": state.photos,
        "max_photos": selectors.max_photos(),
    }
    if request.method != "POST":
        form = forms.DetailsForm(
            initial=forms.details_initial(state.details, category.questions), **options
        )
        return _details_page(request, category, form)

    form = forms.DetailsForm(request.POST, request.FILES, **options)
    valid = form.is_valid()
    kept = form.kept_files()
    stored = actions.photos_store(token=state.token, uploads=form.uploads())
    dropped = [photo.key for photo in state.photos if photo not in kept] if valid else []
    actions.photos_delete(token=state.token, keys=dropped)
    photos = tuple(kept + stored) if valid else tuple(state.photos) + tuple(stored)
    if valid:
        answers = selectors.Details(
            answers=form.answers(),
            description=form.cleaned_data["description"],
            where_exactly=form.cleaned_data["where_exactly"],
            public=form.cleaned_data["public"],
        )
        state = _with(state, details=answers, photos=photos)
        _save(request, state)
        upto = selectors.next_step(state, category=category, signed_in=_signed_in(request))
        return redirect(_url(upto))
    if stored:
        # The photos were fine: keep them, so that putting another answer right does not
        # mean choosing them again (a browser never fills in a file input).
        _save(request, _with(state, photos=photos))
        data = request.POST.copy()
        data.setlist("keep", [photo.key for photo in photos])
        data["listed"] = ",".join(photo.key for photo in photos)
        form = forms.DetailsForm(data, **{**options, "existing": photos})
        form.full_clean()
    return _details_page(request, category, form)


# --- About you ---------------------------------------------------------------------------------


@never_cache
def about_you(request):
    state, category, gate = _gate(request, selectors.STEP_ABOUT_YOU)
    if gate is not None:
        return gate
    if _signed_in(request):
        return redirect("highways:report_check")
    if request.method == "POST":
        form = forms.AboutYouForm(request.POST)
        if form.is_valid():
            contact = selectors.Contact(**form.contact())
            _save(request, _with(state, contact=contact))
            return redirect("highways:report_check")
    else:
        initial = state.contact.as_json() if state.contact else {}
        form = forms.AboutYouForm(initial=initial)
    return _page(
        request,
        "about_you.html",
        {
            "category": category,
            "form": form,
            "sign_in_url": login_url(reverse("highways:report_check")),
        },
    )


# --- Check your answers and send -----------------------------------------------------------------


def _answer_rows(category, state: ReportState) -> list[tuple[str, str]]:
    """(question, answer) for the category's own questions, as the resident answered them."""
    given = {}
    for key, value in state.details.answers.items():
        given[key] = ("yes" if value else "no") if isinstance(value, bool) else value
    return [
        (str(label), str(answer)) for label, answer in question_answers(category.questions, given)
    ]


def _check_page(request, state, category, form):
    user = request.user if _signed_in(request) else None
    return _page(
        request,
        "check.html",
        {
            "category": category,
            "state": state,
            "location": state.location,
            "details": state.details,
            "answers": _answer_rows(category, state),
            "photos": state.photos,
            "contact": state.contact,
            "publishes": actions.publishes_description(user=user, state=state),
            "form": form,
        },
    )


def _remember_sent(request, reference: str, version: str) -> None:
    sent = [ref for ref in request.session.get(SENT_KEY, []) if ref != reference]
    request.session[SENT_KEY] = [reference, *sent][:SENT_REMEMBERED]
    request.session[LAST_KEY] = {"version": version, "reference": reference}
    request.session.pop(STATE_KEY, None)


def _sent_url(reference: str) -> str:
    return reverse("highways:report_sent", kwargs={"reference": reference})


@never_cache
def check(request):
    if request.method == "POST" and not _state(request).category:
        # A second "Send" after the first made the report: show that one, make no other.
        last = request.session.get(LAST_KEY) or {}
        if last.get("reference") and last.get("version") == request.POST.get("version"):
            return redirect(_sent_url(last["reference"]))
    state, category, gate = _gate(request, selectors.STEP_CHECK)
    if gate is not None:
        return gate
    version = state.version
    if request.method != "POST":
        return _check_page(request, state, category, forms.SendForm(initial={"version": version}))
    form = send_form_checked(
        forms.SendForm,
        request.POST,
        version=version,
        changed_message=_(
            "Your answers have changed since this page was shown. Check them, then send your report"
        ),
    )
    if form.errors:
        return _check_page(request, state, category, form)
    user = request.user if _signed_in(request) else None
    try:
        case = actions.report_submit(state=state, request_type=category, user=user)
    except actions.AlreadySent as sent:
        if sent.reference:
            _remember_sent(request, sent.reference, version)
            return redirect(_sent_url(sent.reference))
        form.add_error(None, _("Your report is being sent. Wait a moment, then refresh this page"))
        return _check_page(request, state, category, form)
    _remember_sent(request, case.reference, version)
    return redirect(_sent_url(case.reference))


@never_cache
def sent(request, reference):
    case = selectors.case_for_confirmation(
        user=request.user, reference=reference, sent=request.session.get(SENT_KEY, [])
    )
    if request.method not in ("GET", "HEAD"):  # after access: not yours is a 404 either way
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _page(
        request,
        "confirmation.html",
        {
            "case": case,
            "case_url": reverse("casework:detail", kwargs={"reference": case.reference}),
            "public_url": reverse("highways:public_detail", kwargs={"reference": case.reference}),
            "owner": request.user.is_authenticated and case.resident_id == request.user.pk,
            "signup_url": reverse("account_signup"),
        },
    )

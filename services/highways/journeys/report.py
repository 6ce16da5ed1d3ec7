"""Report a street problem on the journey engine.

/street/report/                                 what is the problem? (the categories:
                                                 views.report.start)
/street/report/<category>/                      the category's notice, when it has one
/street/report/<category>/where/                postcode or street search (``?q=``: the
                                                 places found); with JavaScript also a map
/street/report/<category>/already-reported/     open reports like it nearby (C5): follow one
                                                 instead, or go on (only when there are any)
/street/report/<category>/details/              the category's questions, where exactly, what
                                                 is wrong, whether to show it publicly
/street/report/<category>/photos/               photos (the engine's waiting files)
/street/report/<category>/about-you/            name and e-mail or phone (visitors only)
/street/report/<category>/check/                the engine's check page; POST sends once
/street/report/<category>/sent/<reference>/     confirmation

Anyone may report (request types of auth tier 0), signed in or not: a visitor's answers
wait in a draft their browser session holds (``Journey.visitors_allowed``), and signing
in mid-way makes it theirs. A category an administrator raises to tier 1 or 2 asks for
sign-in first.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import login_url
from casework.journeys import Journey, Step
from casework.journeys.owners import visitor_sent
from services.highways.actions import report as actions
from services.highways.forms import report as forms
from services.highways.selectors import report as selectors

FIND_LOCAL_COUNCIL = "https://www.gov.uk/find-local-council"
LEAFLET = "vendor/leaflet/leaflet.js"
TEMPLATES = "highways/report/"


@functools.cache
def _leaflet_available() -> bool:
    """The map needs the vendored Leaflet; without it the page is the same, with no map."""
    return bool(finders.find(LEAFLET))


def _sent_here(ctx) -> list[str]:
    return visitor_sent(getattr(ctx.request, "session", None))


class StreetReport(Journey):
    slug = "street-report"
    namespace = "highways"
    url_names = {
        "entry": "report_journey",
        "step": "report_step",
        "check": "report_check",
        "sent": "report_sent",
    }
    start_url_name = "report_start"
    visitors_allowed = True
    check_template = TEMPLATES + "check.html"
    confirmation_template = TEMPLATES + "confirmation.html"
    changed_message = _(
        "Your answers have changed since this page was shown. Check them, then send your report"
    )

    def request_type(self, *, type_slug):
        category = selectors.category_get(type_slug)
        if category is None:
            raise Http404
        return category

    def url_kwargs(self, request_type):
        return {"type_slug": request_type.slug}

    def steps(self, request_type):
        steps = []
        if request_type.notice.strip():
            steps.append(
                Step(
                    "before-you-start",
                    forms.NoticeForm,
                    _("Before you start"),
                    template=TEMPLATES + "notice.html",
                )
            )
        return [
            *steps,
            Step(
                "where",
                forms.WhereForm,
                _("Where is the problem?"),
                template=TEMPLATES + "where.html",
            ),
            Step(
                "already-reported",
                forms.NearbyForm,
                _("Has it already been reported?"),
                when=lambda values: bool(values.get("nearby")),
                template=TEMPLATES + "nearby.html",
            ),
            Step(
                "details",
                forms.DetailsForm,
                _("What is wrong?"),
                template=TEMPLATES + "details.html",
                summary_exclude=("public",),
            ),
            Step("photos", forms.PhotosForm, _("Photos"), template=TEMPLATES + "photos.html"),
            Step(
                "about-you",
                forms.AboutYouForm,
                _("Your details"),
                template=TEMPLATES + "about_you.html",
            ),
        ]

    def steps_for(self, ctx):
        """A signed-in resident is not asked who they are: their account says."""
        steps = self.steps(ctx.request_type)
        if ctx.citizen is not None and ctx.citizen.is_authenticated:
            return [step for step in steps if step.name != "about-you"]
        return steps

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "where":
            return {"request_type": ctx.request_type, "user": ctx.citizen, "sent": _sent_here(ctx)}
        if step.name == "already-reported":
            return {"reports": values.get("nearby", ()), "location": values.get("location")}
        if step.name == "details":
            return {"questions": ctx.request_type.questions}
        if step.name == "photos":
            return {"existing": ctx.answers.files, "max_photos": selectors.max_photos()}
        return {}

    def step_context(self, step, ctx, form):
        context = {"category": ctx.request_type, "step_url": self.step_url(ctx, step.name)}
        if step.name == "where":
            context.update(where_context(ctx, form))
        elif step.name == "already-reported":
            context.update(
                {
                    "reports": form.reports,
                    "location": form.location,
                    "metres": selectors.duplicate_metres(),
                    "sign_in_url": login_url(self.step_url(ctx, step.name)),
                }
            )
        elif step.name == "details":
            context["details"] = form.character_count()
        elif step.name == "about-you":
            context["sign_in_url"] = login_url(self.url("check", ctx))
        return context

    def check_rows(self, *, ctx, walk):
        details = walk.form("details")
        public = walk.values.get("public")
        publishes = actions.publishes_description(ctx=ctx, walk=walk)
        if publishes:
            shown = _("Yes")
        elif public:
            shown = _("No: it gives your name, a phone number or an e-mail address")
        else:
            shown = _("No")
        href = self.step_url(ctx, "details") + "?change=check#id_public"
        rows = [
            {
                "key": _("Description shown publicly"),
                "value": shown,
                "href": href if details is not None else "",
                "action": _("whether your description is shown publicly"),
            }
        ]
        if ctx.citizen is not None and ctx.citizen.is_authenticated:
            rows.append({"key": _("Your account"), "value": ctx.citizen.email or ""})
        return rows

    def check_context(self, ctx):
        return {"category": ctx.request_type, "start_url": reverse("highways:report_start")}

    def submit(self, *, ctx, walk):
        return actions.report_submit(ctx=ctx, walk=walk)

    def confirmation_context(self, ctx, case):
        user = ctx.citizen
        return {
            "public_url": reverse("highways:public_detail", kwargs={"reference": case.reference}),
            "owner": user is not None and user.is_authenticated and case.resident_id == user.pk,
            "signup_url": reverse("account_signup"),
        }


def where_context(ctx, form) -> dict:
    """The where page: the search (``?q=`` shows the places found to choose from), the
    map, and what the resident chose before."""
    request = ctx.request
    search_form = forms.SearchForm()
    query = request.GET if request is not None and request.method == "GET" else {}
    if "q" in query:
        search_form = forms.SearchForm(query)
        if search_form.is_valid():
            search = selectors.place_search(search_form.cleaned_data["q"])
            if not search.problem:
                chosen = forms.WhereForm(
                    initial={"q": search.query, "action": "address"},
                    **ctx.journey.step_form_kwargs(ctx.journey.step_get(ctx, "where"), ctx, {}),
                )
                return {"choosing": True, "form": chosen, "search": search}
            search_form.add_error("q", search_problem(search))
        return {**_map(ctx), "form": search_form, "search_form": search_form}
    search = form.search if form.is_bound and form.data.get("action") == "address" else None
    if search is not None and not search.problem:
        return {"choosing": True, "search": search}
    return {**_map(ctx), "search_form": search_form}


def _chosen(ctx):
    where = ctx.answers.posted("where") if ctx.answers else {}
    form = (
        forms.WhereForm(
            {key: values[-1] for key, values in where.items() if values}, request_type=None
        )
        if where
        else None
    )
    return form.cleaned_data.get("location") if form is not None and form.is_valid() else None


def _map(ctx) -> dict:
    location = _chosen(ctx)
    if location is not None:
        centre, zoom = (location.latitude, location.longitude), 17
    else:
        centre, zoom = tuple(settings.MAP_CENTRE[:2]), 14
    return {
        "location": location,
        "continue_url": ctx.journey.step_url(ctx, "details"),
        "nearest_url": reverse("highways:report_nearest"),
        "find_local_council": FIND_LOCAL_COUNCIL,
        "map_enabled": _leaflet_available(),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "map_latitude": f"{centre[0]:.6f}",
        "map_longitude": f"{centre[1]:.6f}",
        "map_zoom": zoom,
        "map_pinned": location is not None and location.how == "map",
    }


def search_problem(search) -> str:
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


JOURNEY = StreetReport()
